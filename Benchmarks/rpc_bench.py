#!/usr/bin/env python3
"""make bench's RPC benchmark: Baton's gRPC server against named peers, same load, same run.

Servers, each serving baton.interop.v1.Interop/Unary (Tests/Interop/interop.proto):
  Baton         Tests/Interop's InteropServer (Baton's RPC server), release build
  grpc-swift-2  grpc-swift-2 2.4.3 on grpc-swift-nio-transport 2.9.2 (Benchmarks/GRPCSwiftEcho), release
  grpcio        Python grpcio (Benchmarks/grpcio_echo.py)
  nghttpd       nghttpd serving a file as large as the gRPC response body: the raw HTTP/2 ceiling

Load: h2load, one thread, POSTing one framed EchoRequest (text "hello", 100-byte
payload) with content-type: application/grpc and te: trailers; round 1 at
-c 8 -m 32 for --duration seconds, round 2 at -c 1 -m 1 for --latency-duration
seconds. nghttpd gets GETs at the same -c/-m.

Verification (h2load counts any HTTP 200 as success, and a gRPC error is a 200
without data): before the load, the exact bytes h2load sends are sent once by
grpcio and must come back as the expected response with status OK; during
round 1, a grpcio client makes --verify-calls calls with varying text and
payload, each of which must end OK with an exact echo; and in every round each
h2load response must carry the full response body (h2load's data byte count
must equal requests x body size) with no failed, errored or timed-out request.

Figures: req/s (h2load), p50/p99/max latency (from h2load --log-file, per-request
microseconds), server CPU per request (utime+stime from /proc/PID/stat around
the h2load run, divided by the requests completed in it), and peak RSS (VmHWM
from /proc/PID/status). Exits 0 whatever the figures, 1 if a server did not
answer correctly, 2 on a usage or setup error.

Usage: rpc_bench.py INTEROP_SERVER GRPC_SWIFT_ECHO [--duration S] [--latency-duration S]
Run with the project's venv (.venv/bin/python): it needs grpcio and grpcio-tools.
"""

import argparse
import os
import queue
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import grpc
from grpc_tools import protoc

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_DIR = os.path.join(HERE, "..", "Tests", "Interop")
sys.path.insert(0, os.path.join(HERE, "..", "Tests", "Support"))
from batonkit import free_port  # noqa: E402
METHOD = "/baton.interop.v1.Interop/Unary"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# The targets printed next to Baton's figures.
TARGET_RPS_RATIO = 2.0      # >= 2x grpc-swift-2's req/s at -c 8 -m 32
TARGET_CPU_US = 30.0        # <= 30 us of server CPU per request at -c 8 -m 32
TARGET_P50_MS = 0.15        # p50 under 0.15 ms at -c 1 -m 1
TARGET_RSS_MB = 50.0        # peak RSS under 50 MB

NOISE_PCT = 10              # a run with more steal + other CPU than this is flagged as noisy


class VerificationError(Exception):
    pass


def generate_stubs(out):
    result = protoc.main(["grpc_tools.protoc", f"-I{PROTO_DIR}", f"--python_out={out}", f"--grpc_python_out={out}",
                          os.path.join(PROTO_DIR, "interop.proto")])
    if result != 0:
        raise SystemExit("grpc_tools.protoc failed on interop.proto")
    sys.path.insert(0, out)


def frame(message_bytes):
    """The 5-byte gRPC prefix (uncompressed, big-endian length) and the message."""
    return b"\x00" + len(message_bytes).to_bytes(4, "big") + message_bytes


# MARK: processes

def cpu_seconds(pid):
    """utime + stime of the whole process (all threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # fields 14 and 15 of stat(5)


def machine_ticks():
    """(busy, steal, total) clock ticks of the whole machine, from /proc/stat's cpu line."""
    with open("/proc/stat") as f:
        user, nice, system, idle, iowait, irq, softirq, steal = map(int, f.readline().split()[1:9])
    return user + nice + system + irq + softirq, steal, user + nice + system + idle + iowait + irq + softirq + steal


def own_and_children_cpu():
    """CPU seconds of this process and of its reaped children (h2load runs)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Server:
    """A server process; gRPC servers print "listening PORT", nghttpd is polled."""

    def __init__(self, name, argv, work, port=None):
        self.name = name
        self.stderr = open(os.path.join(work, f"{name}.stderr"), "w+")
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=self.stderr, text=True,
                                        start_new_session=True)
        if port is None:
            lines = queue.Queue()
            threading.Thread(target=self._drain, args=(lines,), daemon=True).start()
            try:
                words = lines.get(timeout=60).split()
            except queue.Empty:
                words = []
            if len(words) != 2 or words[0] != "listening":
                self.stop()
                raise VerificationError(f"{name} did not say 'listening PORT' (said {words}){self.stderr_tail()}")
            self.port = int(words[1])
        else:
            self.port = port
            deadline = time.monotonic() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or self.process.poll() is not None:
                        self.stop()
                        raise VerificationError(f"{name} did not listen on {port}{self.stderr_tail()}")
                    time.sleep(0.05)

    def _drain(self, lines):
        for line in self.process.stdout:
            lines.put(line)

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process.poll() is None

    def stderr_tail(self):
        self.stderr.flush()
        self.stderr.seek(0)
        text = self.stderr.read()[-1500:]
        return f"\n  {self.name} stderr: {text.strip()}" if text.strip() else ""

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stderr.close()


# MARK: h2load

def h2load(url, connections, streams, duration, log_file=None, data_file=None, rate_per_connection=None, headers=()):
    """One h2load run; closed loop, or open loop at `rate_per_connection` requests/s on each connection (--rps).
    `headers`: extra request headers ("name: value"). Also used by gateway_bench.py."""
    seconds = f"{duration:g}" if float(duration).is_integer() else f"{round(duration * 1000)}ms"
    argv = ["h2load", "-D", seconds, "-c", str(connections), "-m", str(streams)]
    if rate_per_connection:
        argv += [f"--rps={rate_per_connection:g}"]
    if data_file:
        argv += ["--data", data_file, "-H", "content-type: application/grpc", "-H", "te: trailers"]
    for header in headers:
        argv += ["-H", header]
    if log_file:
        argv += [f"--log-file={log_file}"]
    argv.append(url)
    run = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 60)
    out = run.stdout
    result = {"argv": argv, "exit": run.returncode, "output": out + run.stderr}
    m = re.search(r"finished in (\S+), ([\d.]+) req/s", out)
    result["rps"] = float(m.group(2)) if m else 0.0
    m = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, "
                  r"(\d+) errored, (\d+) timeout", out)
    keys = ["total", "started", "done", "succeeded", "failed", "errored", "timeout"]
    result.update(dict(zip(keys, map(int, m.groups()))) if m else {k: -1 for k in keys})
    m = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", out)
    result.update(dict(zip(["2xx", "3xx", "4xx", "5xx"], map(int, m.groups()))) if m else {"2xx": -1})
    m = re.search(r"traffic: .*\((\d+)\) data", out)
    result["data"] = int(m.group(1)) if m else -1
    result["lines"] = [line for line in out.splitlines()
                       if line.startswith(("finished", "requests:", "status codes:", "traffic:"))]
    return result


def check_h2load(result, body_size):
    """Every request done, 2xx, and carrying the whole body (a gRPC error is a 200 without data)."""
    problems = []
    if result["exit"] != 0:
        problems.append(f"h2load exited {result['exit']}")
    if result["succeeded"] <= 0:
        problems.append("no request succeeded")
    if result["failed"] or result["errored"] or result["timeout"]:
        problems.append(f"{result['failed']} failed, {result['errored']} errored, {result['timeout']} timeout")
    if result.get("2xx") != result["done"]:
        problems.append("not every response was 2xx")
    if result["data"] != result["succeeded"] * body_size:
        missing = (result["succeeded"] * body_size - result["data"]) / body_size
        problems.append(f"data {result['data']} B is not {result['succeeded']} x {body_size} B: "
                        f"about {missing:.0f} responses lack the body (a gRPC error is a 200 without data)")
    return problems


def percentiles(log_file):
    times = []
    if not os.path.exists(log_file):
        return float("nan"), float("nan"), float("nan")
    with open(log_file) as f:
        for line in f:
            parts = line.split("\t")
            if len(parts) >= 3:
                times.append(int(parts[2]))
    if not times:
        return float("nan"), float("nan"), float("nan")
    times.sort()

    def rank(p):  # nearest rank
        return times[min(len(times) - 1, max(0, int(round(p * len(times) + 0.5)) - 1))] / 1000

    return rank(0.50), rank(0.99), times[-1] / 1000


# MARK: verification with grpcio

def precheck(channel, request_bytes, expected_response_bytes):
    """The exact bytes h2load sends, once: the answer must be the expected response, status OK."""
    raw = channel.unary_unary(METHOD)
    try:
        response, call = raw.with_call(request_bytes, timeout=10)
    except grpc.RpcError as error:
        raise VerificationError(f"the h2load request got {error.code()}: {error.details()}")
    if call.code() != grpc.StatusCode.OK:
        raise VerificationError(f"the h2load request ended {call.code()}")
    if response != expected_response_bytes:
        raise VerificationError(f"the h2load request got {response.hex()}, expected {expected_response_bytes.hex()}")


class Verifier(threading.Thread):
    """Starts `calls` unary calls spread evenly over `spread` seconds (without waiting for each, so a
    loaded server's latency does not push them past the load), then checks each for OK and an exact echo."""

    def __init__(self, pb, pb_grpc, channel, calls, spread, delay):
        super().__init__(daemon=True)
        self.pb, self.stub = pb, pb_grpc.InteropStub(channel)
        self.calls, self.spread, self.delay = calls, spread, delay
        self.ok = 0
        self.failures = []
        self.first = self.last = None

    def run(self):
        time.sleep(self.delay)
        self.first = time.monotonic()
        pending, finished = [], []
        for i in range(self.calls):
            request = self.pb.EchoRequest(text=f"hello {i} \u2713", payload=os.urandom(1 + i % 200))
            future = self.stub.Unary.future(request, timeout=20)
            future.add_done_callback(lambda _: finished.append(time.monotonic()))
            pending.append((i, request, future))
            time.sleep(max(0.0, self.first + (i + 1) * self.spread / self.calls - time.monotonic()))
        for i, request, future in pending:
            try:
                response = future.result()
                expected = self.pb.EchoResponse(text=request.text, payload=request.payload)
                if response == expected:
                    self.ok += 1
                else:
                    self.failures.append(f"call {i}: got {response!r}")
            except grpc.RpcError as error:
                self.failures.append(f"call {i}: {error.code()}: {error.details()}")
            except Exception as error:  # noqa: BLE001 - any error is a failed check
                self.failures.append(f"call {i}: {type(error).__name__}: {error}")
        time.sleep(0.01)  # let the last done-callbacks record their time
        self.last = max(finished, default=None)


# MARK: one server

def measure(name, server, url, args, work, body_size, data_file=None, verify=None):
    """Warm-up, round 1 (with the verifier for gRPC servers) and round 2. Returns figures and problems."""
    figures, problems = {}, []
    h2load(url, 8, 32, 1, data_file=data_file)  # warm-up, not counted
    for round_name, connections, streams, duration in [("load", 8, 32, args.duration),
                                                       ("latency", 1, 1, args.latency_duration)]:
        log = os.path.join(work, f"{name}-{round_name}.log")
        verifier = None
        if verify and round_name == "load":
            verifier = verify(duration)
        before = cpu_seconds(server.pid)
        ticks_before, ours_before = machine_ticks(), own_and_children_cpu()
        started = time.monotonic()
        if verifier:
            verifier.start()
        result = h2load(url, connections, streams, duration, log_file=log, data_file=data_file)
        ended = time.monotonic()
        if not server.alive():
            problems.append(f"{round_name}: {name} exited with {server.process.returncode} during the run"
                            f"{server.stderr_tail()}")
            return figures, problems, result
        if verifier:
            verifier.join(timeout=30)
        after = cpu_seconds(server.pid)
        ticks_after, ours_after = machine_ticks(), own_and_children_cpu()
        total = max(1, ticks_after[2] - ticks_before[2])
        # Noise: CPU the hypervisor took (steal), and CPU used by anything but the server, h2load and us.
        steal_pct = 100 * (ticks_after[1] - ticks_before[1]) / total
        other = (ticks_after[0] - ticks_before[0]) / CLK_TCK - (after - before) - (ours_after - ours_before)
        other_pct = max(0.0, 100 * other * CLK_TCK / total)
        completed = result["done"] + (verifier.ok if verifier else 0)
        p50, p99, worst = percentiles(log)
        figures[round_name] = {"rps": result["rps"], "p50": p50, "p99": p99, "max": worst,
                               "cpu_us": (after - before) * 1e6 / completed if completed > 0 else float("nan"),
                               "rss": peak_rss_mb(server.pid), "done": result["done"],
                               "steal": steal_pct, "other": other_pct}
        for line in result["lines"]:
            if line.startswith(("requests:", "status codes:")):
                print(f"  -c {connections} -m {streams}: {line}", flush=True)
        for problem in check_h2load(result, body_size):
            problems.append(f"{round_name} (-c {connections} -m {streams}): {problem}\n    "
                            + "\n    ".join(result["lines"] or result["output"].splitlines()[-8:]))
        if verifier:
            if verifier.is_alive():
                problems.append(f"{round_name}: the grpcio verifier did not finish its {verifier.calls} calls")
            elif verifier.failures:
                problems.append(f"{round_name}: {len(verifier.failures)} of {verifier.calls} verifier calls failed, "
                                f"first: {verifier.failures[0]}")
            elif verifier.last is not None and (verifier.first < started or verifier.last > ended):
                # Correct answers all the same; only the overlap with h2load's load is not complete.
                print(f"  note: some verifier calls ended {verifier.last - ended:.1f} s after the load", flush=True)
        if os.path.exists(log):
            os.remove(log)
    return figures, problems, None


# MARK: report

def table(title, rows):
    print(f"\n{title}")
    print(f"  {'server':<14}{'req/s':>11}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'CPU µs/req':>12}{'peak RSS MB':>13}"
          f"{'steal %':>9}{'other %':>9}")
    noisy = [name for name, f in rows if f and f["steal"] + f["other"] > NOISE_PCT]
    for name, f in rows:
        if f is None:
            print(f"  {name:<14}{'(failed)':>11}")
            continue
        print(f"  {name:<14}{f['rps']:>11.0f}{f['p50']:>9.3f}{f['p99']:>9.3f}{f['max']:>9.2f}"
              f"{f['cpu_us']:>12.1f}{f['rss']:>13.1f}{f['steal']:>9.0f}{f['other']:>9.0f}")
    print("  steal %: CPU the hypervisor took from this machine; other %: CPU of processes other than the server,")
    print("  h2load and this script; both in % of all cores during the run.")
    if noisy:
        print(f"  NOTE: noisy machine during {', '.join(noisy)} (steal + other > {NOISE_PCT}%): "
              "compare those figures with care, or run again.")


def ratios(round_name, results, peers):
    baton = results.get("Baton", {}).get(round_name)
    if not baton:
        return
    for peer in peers:
        other = results.get(peer, {}).get(round_name)
        if not other:
            continue
        parts = [f"req/s {baton['rps'] / other['rps']:.2f}x" if other["rps"] else "req/s -",
                 f"p50 {baton['p50'] / other['p50']:.2f}x" if other["p50"] else "p50 -",
                 f"p99 {baton['p99'] / other['p99']:.2f}x" if other["p99"] else "p99 -"]
        parts.append(f"CPU/req {baton['cpu_us'] / other['cpu_us']:.2f}x" if other["cpu_us"] else "CPU/req -")
        parts.append(f"RSS {baton['rss'] / other['rss']:.2f}x" if other["rss"] else "RSS -")
        print(f"  Baton / {peer:<13} " + ", ".join(parts))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("interop_server", help="Baton's InteropServer (release build)")
    parser.add_argument("grpc_swift_echo", help="Benchmarks/GRPCSwiftEcho's release binary")
    parser.add_argument("--duration", type=float, default=6, help="seconds of -c 8 -m 32 load per server")
    parser.add_argument("--latency-duration", type=float, default=3, help="seconds of -c 1 -m 1 per server")
    parser.add_argument("--verify-calls", type=int, default=200, help="grpcio calls checked during the load")
    args = parser.parse_args()
    for path in (args.interop_server, args.grpc_swift_echo):
        if not os.access(path, os.X_OK):
            print(f"rpc_bench: {path} is not an executable", file=sys.stderr)
            sys.exit(2)
    for tool, package in (("h2load", "nghttp2-client"), ("nghttpd", "nghttp2-server")):
        if not shutil.which(tool):
            print(f"rpc_bench: {tool} is missing (apt-get install {package})", file=sys.stderr)
            sys.exit(2)

    with tempfile.TemporaryDirectory(prefix="rpc-bench-") as work:
        os.makedirs(os.path.join(work, "stubs"))
        generate_stubs(os.path.join(work, "stubs"))
        import interop_pb2 as pb
        import interop_pb2_grpc as pb_grpc

        request = pb.EchoRequest(text="hello", payload=bytes((i * 7 + 1) & 0xFF for i in range(100)))
        request_bytes = request.SerializeToString()
        response_bytes = pb.EchoResponse(text=request.text, payload=request.payload).SerializeToString()
        body_size = len(frame(response_bytes))
        data_file = os.path.join(work, "request.grpc")
        with open(data_file, "wb") as f:
            f.write(frame(request_bytes))
        www = os.path.join(work, "www")
        os.makedirs(www)
        with open(os.path.join(www, "response"), "wb") as f:
            f.write(os.urandom(body_size))

        print(f"rpc_bench: h2load -D {args.duration:g} -c 8 -m 32, then -D {args.latency_duration:g} -c 1 -m 1; "
              f"request {len(frame(request_bytes))} B, response body {body_size} B (gRPC-framed EchoResponse); "
              f"{args.verify_calls} grpcio calls verified during each gRPC load", flush=True)

        servers = [
            ("Baton", [args.interop_server, "0"]),
            ("grpc-swift-2", [args.grpc_swift_echo, "0"]),
            ("grpcio", [sys.executable, os.path.join(HERE, "grpcio_echo.py"), "0"]),
            ("nghttpd", None),
        ]
        results, failures = {}, []
        for name, argv in servers:
            print(f"== {name}", flush=True)
            try:
                if argv is None:
                    port = free_port()
                    server = Server(name, ["nghttpd", "--no-tls", "-d", www, str(port)], work, port=port)
                    url = f"http://127.0.0.1:{port}/response"
                else:
                    server = Server(name, argv, work)
                    url = f"http://127.0.0.1:{server.port}{METHOD}"
            except VerificationError as error:
                failures.append(f"{name}: {error}")
                print(f"  FAIL {error}", flush=True)
                continue
            channel = None
            try:
                verify = None
                if argv is not None:
                    channel = grpc.insecure_channel(f"127.0.0.1:{server.port}")
                    precheck(channel, request_bytes, response_bytes)
                    spread = max(0.5, args.duration * 0.6)
                    verify = lambda duration: Verifier(pb, pb_grpc, channel, args.verify_calls, spread,
                                                       delay=min(0.5, duration * 0.1))
                figures, problems, _ = measure(name, server, url, args, work, body_size,
                                               data_file=data_file if argv is not None else None, verify=verify)
                results[name] = figures
                for problem in problems:
                    failures.append(f"{name}: {problem}")
                    print(f"  FAIL {problem}", flush=True)
                if not problems:
                    load = figures["load"]
                    print(f"  ok: {load['done']} requests at -c 8 -m 32, every response "
                          f"{'a full echo' if argv else 'the full file'}"
                          + (f"; {args.verify_calls} grpcio calls OK" if argv else ""), flush=True)
            except VerificationError as error:
                failures.append(f"{name}: {error}")
                print(f"  FAIL {error}", flush=True)
            finally:
                if channel is not None:
                    channel.close()
                server.stop()

        names = [name for name, _ in servers]
        table("Round 1: h2load -c 8 -m 32 (throughput)", [(n, results.get(n, {}).get("load")) for n in names])
        ratios("load", results, ["grpc-swift-2", "grpcio", "nghttpd"])
        table("Round 2: h2load -c 1 -m 1 (latency)", [(n, results.get(n, {}).get("latency")) for n in names])
        ratios("latency", results, ["grpc-swift-2", "grpcio", "nghttpd"])

        print("\nTargets (Baton)")
        baton, peer = results.get("Baton", {}), results.get("grpc-swift-2", {})

        def verdict(label, value, target, ok):
            if value is None:
                print(f"  {'n/a ':<5} {label}: not measured (target {target})")
            else:
                print(f"  {'PASS' if ok else 'MISS':<5} {label}: {value} (target {target})")

        if "load" in baton and "load" in peer and peer["load"]["rps"]:
            ratio = baton["load"]["rps"] / peer["load"]["rps"]
            verdict("req/s vs grpc-swift-2 at -c 8 -m 32", f"{ratio:.2f}x", f">= {TARGET_RPS_RATIO:g}x",
                    ratio >= TARGET_RPS_RATIO)
        else:
            verdict("req/s vs grpc-swift-2 at -c 8 -m 32", None, f">= {TARGET_RPS_RATIO:g}x", False)
        cpu = baton.get("load", {}).get("cpu_us")
        verdict("server CPU per request at -c 8 -m 32", None if cpu is None else f"{cpu:.1f} µs",
                f"<= {TARGET_CPU_US:g} µs", cpu is not None and cpu <= TARGET_CPU_US)
        p50 = baton.get("latency", {}).get("p50")
        verdict("p50 at -c 1 -m 1", None if p50 is None else f"{p50:.3f} ms", f"< {TARGET_P50_MS:g} ms",
                p50 is not None and p50 < TARGET_P50_MS)
        rss = max([f["rss"] for f in baton.values()], default=None)
        verdict("peak RSS", None if rss is None else f"{rss:.1f} MB", f"< {TARGET_RSS_MB:g} MB",
                rss is not None and rss < TARGET_RSS_MB)

        if failures:
            print(f"\nrpc_bench: {len(failures)} verification failure(s):")
            for failure in failures:
                print(f"  {failure}")
            sys.exit(1)
        print("\nrpc_bench: every server answered correctly under load")


if __name__ == "__main__":
    main()
