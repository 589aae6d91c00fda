"""Shared by the suites that start Baton executables (Tests/Router,
Tests/Audit, Tests/Gateway) and the router benchmarks: stubs generated from
proto/ into a temp dir, service processes on free ports, their metrics, psql
queries, and the case runner and waiting loop of the asyncio suites."""

import asyncio
import importlib.resources
import inspect
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ROUTER_PROTOS = ["baton/common/v1/common.proto", "baton/router/v1/router.proto"]


def free_port():
    """A port free to bind now, below the kernel's ephemeral range. A port from that range (what binding port 0
    gives) can be taken, before the service binds it, as the source port of any outgoing connection, a Postgres
    client's say: seen in CI as a replica stopping on 'Address already in use'."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as ports:
            ephemeral = int(ports.read().split()[0])
    except (OSError, ValueError, IndexError):
        ephemeral = 32768
    low = 10000 if ephemeral > 11000 else 1024
    for _ in range(500):
        port = random.randrange(low, ephemeral)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port between {low} and {ephemeral}")


def generate_stubs(protos):
    """Generates Python modules for `protos` (paths under proto/) into a temp
    dir put first on sys.path; returns the dir."""
    from grpc_tools import protoc
    out = tempfile.mkdtemp(prefix="baton-test-stubs-")
    well_known = str(importlib.resources.files("grpc_tools") / "_proto")
    if protoc.main(["protoc", f"-I{ROOT}/proto", f"-I{well_known}", f"--python_out={out}", f"--grpc_python_out={out}",
                    *protos]) != 0:
        raise SystemExit("grpc_tools.protoc failed")
    sys.path.insert(0, out)
    return out


def load_stubs():
    """(common_pb2, router_pb2, router_pb2_grpc, temp dir) generated from proto/."""
    out = generate_stubs(ROUTER_PROTOS)
    from baton.common.v1 import common_pb2
    from baton.router.v1 import router_pb2, router_pb2_grpc
    return common_pb2, router_pb2, router_pb2_grpc, out


class Replica:
    """One service process (baton-router unless `executable` says otherwise).
    `kill` and `start` again keep its ports, so clients' channels find the
    restarted process at the same address. `host` is the address it binds
    (replicas on 127.0.0.1, .2 and .3 may share `grpc_port`, as pods behind
    one name do)."""

    def __init__(self, bin_dir, database_url, name, log_dir, interval="1", extra_env=None, executable="baton-router",
                 host="127.0.0.1", grpc_port=None):
        self.bin = os.path.join(bin_dir, executable)
        self.database_url = database_url
        self.name = name
        self.host = host
        self.grpc_port, self.admin_port = grpc_port or free_port(), free_port()
        self.log_path = os.path.join(log_dir, f"{name}.log")
        self.interval = interval
        self.extra_env = extra_env or {}
        self.process = None
        self.starts = 0

    @property
    def target(self):
        return f"{self.host}:{self.grpc_port}"

    def start(self, wait=60):
        env = dict(os.environ, BATON_DATABASE_URL=self.database_url, BATON_HOST=self.host,
                   BATON_GRPC_PORT=str(self.grpc_port), BATON_ADMIN_PORT=str(self.admin_port),
                   BATON_LOG_FORMAT="json", BATON_SHUTDOWN_GRACE="5", BATON_BACKGROUND_INTERVAL=self.interval,
                   **self.extra_env)
        log = open(self.log_path, "a")
        self.starts += 1
        log.write(f"==== start {self.starts} at {time.time():.3f}\n")
        log.flush()
        self.process = subprocess.Popen([self.bin], env=env, stdout=log, stderr=log)
        log.close()
        if wait:
            self.wait_ready(wait)
        return self

    def ready(self):
        try:
            with urllib.request.urlopen(f"http://{self.host}:{self.admin_port}/readyz", timeout=1) as response:
                return response.status == 200
        except Exception:
            return False

    def wait_ready(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; log tail:\n{self.log_tail()}")
            if self.ready():
                return
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} not ready within {timeout}s; log tail:\n{self.log_tail()}")

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def kill(self, sig=signal.SIGKILL):
        if self.alive():
            self.process.send_signal(sig)
        if sig == signal.SIGKILL and self.process is not None:
            self.process.wait(timeout=10)

    def terminate(self, timeout=20):
        """SIGTERM, then the exit code (None when it had to be killed)."""
        if not self.alive():
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None

    def metrics(self):
        """The process's /metrics as {(name, frozenset of label pairs): value}."""
        with urllib.request.urlopen(f"http://{self.host}:{self.admin_port}/metrics", timeout=5) as response:
            return parse_metrics(response.read().decode())

    def log_tail(self, chars=3000):
        try:
            with open(self.log_path) as f:
                return f.read()[-chars:]
        except OSError:
            return ""


def parse_metrics(text):
    """Prometheus text exposition as {(name, frozenset of (label, value)): value}."""
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        head, _, value = line.rpartition(" ")
        name, _, labels = head.partition("{")
        samples[(name, frozenset(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', labels)))] = float(value)
    return samples


def metric_total(samples, name, **labels):
    """The sum of `name`'s samples whose labels include `labels`."""
    wanted = set(labels.items())
    return sum(value for (sample, pairs), value in samples.items() if sample == name and wanted <= pairs)


def nss_wrapper():
    """The path of libnss_wrapper.so (scripts/requirements installs libnss-wrapper)."""
    out = subprocess.run(["pkg-config", "--libs", "nss_wrapper"], capture_output=True, text=True)
    library = out.stdout.strip()
    if out.returncode != 0 or not os.path.exists(library):
        raise SystemExit(f"nss_wrapper not found (apt-get install libnss-wrapper): {out.stderr.strip()}")
    return library


def psql(url, sql):
    """Rows of `sql` as lists of strings (tab-separated unaligned output)."""
    out = subprocess.run(["psql", url, "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"psql failed: {out.stderr.strip()}")
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def process_cpu(pid, reaped=False):
    """CPU seconds (user + system) of a process, from /proc; with `reaped`, also
    that of its children that exited and were waited for. 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if reaped else 0)
        return ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def cluster_cpu(state=None):
    """CPU seconds of one Postgres cluster (BATON_PG_STATE's unless `state` is given): its
    postmaster and its backends, those that exited included; never another cluster's."""
    try:
        with open(os.path.join(state or os.environ["BATON_PG_STATE"], "data", "postmaster.pid")) as f:
            root = int(f.readline())
    except (KeyError, OSError, ValueError):
        return 0.0
    total = process_cpu(root, reaped=True)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == root:
                        total += process_cpu(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return total


def check(condition, message):
    """Fails the current case with `message` unless `condition` holds."""
    if not condition:
        raise AssertionError(message)


async def wait_for(condition, timeout, what, interval=0.05):
    """Polls `condition` (a function, async or not, truthy when met) until `timeout` seconds pass; returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what} not within {timeout}s")
        await asyncio.sleep(interval)


class Results:
    """Runs cases, printing one line each, and counts them."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    async def case(self, name, body):
        started = time.monotonic()
        try:
            detail = await body()
            self.passed += 1
            said = f": {detail}" if isinstance(detail, str) and detail else ""
            print(f"PASS {name} ({time.monotonic() - started:.1f}s){said}", flush=True)
        except Exception as error:  # noqa: BLE001 - every failure is reported and counted
            self.failed += 1
            print(f"FAIL {name}: {error}", flush=True)
            traceback.print_exc(limit=3)
