#!/usr/bin/env python3
"""HandleTurn through the whole stack (make bench; Benchmarks/planner_bench.sh
runs it): baton-audit, baton-signals, baton-router, baton-handoff,
baton-connector-demo and baton-planner as release processes on one Postgres,
driven by grpcio clients as bots.

- CONTINUE path: open-loop load at a fixed rate (BATON_BENCH_RATE, 300
  turns/s) for BATON_BENCH_SECONDS (10): each turn a new message of one of
  many conversations, under the retail policy (a customer look-up through the
  connector on every turn, the decision's audit record appended at once).
  Latency is client-measured from send to answer, including queueing when
  the stack falls behind (open loop: no coordinated omission).
- HANDOFF path: explicit requests for a person at BATON_BENCH_HANDOFF_RATE
  (30 turns/s): each enqueues on the router, builds the package and writes
  the transition message.
- CPU per turn of each service (user + system from /proc; Postgres: the
  benchmark cluster's postmaster and backends together, not other clusters
  on a shared host), and the same-run peer: signals' Evaluate alone at the
  same rate through the same client, so the planner's own cost shows as the
  ratio of the two p99s.

The client (BATON_BENCH_CLIENT): `swift` (the default) is PlannerTurnLoad
(Sources/PlannerTurnLoad, Baton's own gRPC client; BATON_BENCH_TURN_CLIENT
its binary, which planner_bench.sh builds), as pgbench is a C client: the
Python grpcio asyncio client took 0.64 ms of CPU per turn on the same 2
cores and its event loop's scheduling landed in the latencies. `python`
runs this file's grpcio client instead; `both` measures the CONTINUE phase
with each in turn (Swift first), each on conversations of its own after a
warm-up of its own. The HANDOFF phase always runs from Python. Either
client measures each turn from its scheduled send time.

Target: CONTINUE p99 under 10 ms at 300 turns/s on this 2-core machine.

BATON_BENCH_TRACE=FOLDER: where the tail's time goes. The CONTINUE phase
writes FOLDER/turns.csv (each turn's start offset, how late the client sent
it, its latency and turn id), FOLDER/cpu.csv (the host's busy cores every
50 ms); the planner logs each turn of 10 ms or more with its phases
(BATON_PLANNER_SLOW_TURN_MS) to FOLDER/baton-planner.log, and the service
logs stay in FOLDER.
Usage: planner_bench.py SWIFT_BIN_DIR DATABASE_URL POLICY_FILE
"""

import asyncio
import base64
import json
import os
import subprocess
import sys
import tempfile
import time

import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Tests", "Support"))
from batonkit import Replica, cluster_cpu, generate_stubs, process_cpu, psql  # noqa: E402

generate_stubs(["baton/common/v1/common.proto", "baton/signals/v1/signals.proto", "baton/planner/v1/planner.proto",
                "baton/router/v1/router.proto"])
from baton.common.v1 import common_pb2 as common  # noqa: E402
from baton.planner.v1 import planner_pb2 as ppb, planner_pb2_grpc as ppb_grpc  # noqa: E402
from baton.router.v1 import router_pb2 as rpb, router_pb2_grpc as rpb_grpc  # noqa: E402
from baton.signals.v1 import signals_pb2 as spb, signals_pb2_grpc as spb_grpc  # noqa: E402
from google.protobuf import duration_pb2, timestamp_pb2  # noqa: E402

TENANT = "bench-retail"
RATE = float(os.environ.get("BATON_BENCH_RATE", "300"))
HANDOFF_RATE = float(os.environ.get("BATON_BENCH_HANDOFF_RATE", "30"))
SECONDS = float(os.environ.get("BATON_BENCH_SECONDS", "10"))
# answer: each outcome carries its audit sequence (the default); stored: the append runs after the answer.
AUDIT_SEQUENCE = os.environ.get("BATON_PLANNER_AUDIT_SEQUENCE", "answer")
# 1: ANALYZE after the warm-up (the default), as autovacuum would have long since on a running system; 0: measure on
# tables without statistics, whose first plans (made while they were empty) the services' prepared statements keep.
ANALYZE = os.environ.get("BATON_BENCH_ANALYZE", "1") == "1"
TRACE = os.environ.get("BATON_BENCH_TRACE", "")
CLIENT = os.environ.get("BATON_BENCH_CLIENT", "swift")
CONVERSATIONS = 400
QUESTIONS = [
    "Hi, when will my order arrive?", "Can I change the delivery address?", "Do you ship to Norway?",
    "What is your return policy for shoes?", "Is the blue jacket back in stock?", "How do I reset my password?",
    "Can I pay with PayPal?", "Thanks, and what about gift wrapping?",
]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def now_ts():
    ts = timestamp_pb2.Timestamp()
    ts.GetCurrentTime()
    return ts


class Stack:
    def __init__(self, bin_dir, url, work):
        self.url = url
        keys = subprocess.run([os.path.join(bin_dir, "batonctl"), "audit", "keygen", "--name", "bench.local"],
                              capture_output=True, text=True, check=True).stdout.split()
        quiet = {"BATON_LOG_LEVEL": "warning"}
        # Background jobs (signals' proactive scan, audit metrics, outbox shipping) at the production default of 30 s
        # (the test suites run them every second); the planner's own shipping and pending work keep their 1-2 s.
        background = "30"
        self.audit = Replica(bin_dir, url, "baton-audit", work, executable="baton-audit", interval=background, extra_env={
            **quiet, "BATON_AUDIT_ORIGIN": "bench.local", "BATON_AUDIT_SIGNING_KEY": keys[0],
            "BATON_AUDIT_SECRET": base64.b64encode(os.urandom(32)).decode()})
        self.signals = Replica(bin_dir, url, "baton-signals", work, executable="baton-signals", interval=background,
                               extra_env=quiet)
        self.router = Replica(bin_dir, url, "baton-router", work, interval=background,
                              extra_env={**quiet, "BATON_AUDIT_ADDR": self.audit.target})
        self.handoff = Replica(bin_dir, url, "baton-handoff", work, executable="baton-handoff", interval=background,
                               extra_env=quiet)
        self.connector = Replica(bin_dir, url, "baton-connector-demo", work, executable="baton-connector-demo",
                                 interval=background, extra_env={
            **quiet, "BATON_CONNECTOR_DEMO_SEED": "1", "BATON_CONNECTOR_DEMO_SEED_TENANT": TENANT})
        slow = {"BATON_PLANNER_SLOW_TURN_MS": "10"} if TRACE else {}
        self.planner = Replica(bin_dir, url, "baton-planner", work, executable="baton-planner", interval=background, extra_env={
            **quiet, **slow, "BATON_SIGNALS_ADDR": self.signals.target, "BATON_ROUTER_ADDR": self.router.target,
            "BATON_HANDOFF_ADDR": self.handoff.target, "BATON_AUDIT_ADDR": self.audit.target,
            "BATON_PLANNER_CONNECTOR_DEFAULT": self.connector.target, "BATON_PLANNER_AUDIT_SEQUENCE": AUDIT_SEQUENCE})
        self.services = [self.planner, self.signals, self.connector, self.audit, self.router, self.handoff]

    def start(self):
        for replica in [self.audit, self.signals, self.router, self.handoff, self.connector, self.planner]:
            replica.start()

    def stop(self):
        for replica in self.services:
            replica.terminate()

    def cpu(self):
        figures = {replica.name: process_cpu(replica.process.pid) for replica in self.services}
        figures["postgres"] = cluster_cpu()
        return figures


async def open_loop(rate, seconds, call, trace=None, first=0):
    """Calls `call(first + i)` at `rate` per second for `seconds`, each on its own task;
    returns (latencies in ms, errors). `trace`, a list, gets each turn's
    (scheduled offset s, send lag ms, latency ms, first + i)."""
    latencies, errors = [], []
    tasks = []
    start = time.perf_counter()
    count = int(rate * seconds)

    async def one(i, scheduled):
        sent = time.perf_counter()
        try:
            await call(i)
            latency = (time.perf_counter() - scheduled) * 1000
            latencies.append(latency)
            if trace is not None:
                trace.append((scheduled - start, (sent - scheduled) * 1000, latency, i))
        except grpc.aio.AioRpcError as error:
            errors.append(error.code().name)

    for i in range(count):
        scheduled = start + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(one(first + i, scheduled)))
    await asyncio.gather(*tasks)
    return latencies, errors


class CpuSampler:
    """The host's busy cores (of /proc/stat's user, nice, system, irq, softirq) every 50 ms, on a thread."""

    def __init__(self):
        import threading
        self.samples, self.running = [], True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    @staticmethod
    def read():
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
        return sum(fields[:3]) + sum(fields[5:8]), sum(fields[:8])

    def run(self):
        ticks = os.sysconf("SC_CLK_TCK")
        last, last_time = self.read(), time.perf_counter()
        while self.running:
            time.sleep(0.05)
            busy, now = self.read(), time.perf_counter()
            self.samples.append((now, (busy[0] - last[0]) / ticks / (now - last_time)))
            last, last_time = busy, now

    def stop(self):
        self.running = False
        self.thread.join()


def write_trace(trace, sampler, started, key):
    os.makedirs(TRACE, exist_ok=True)
    with open(os.path.join(TRACE, "turns.csv"), "w") as f:
        f.write("start_s,send_lag_ms,latency_ms,turn\n")
        for offset, lag, latency, i in sorted(trace):
            f.write(f"{offset:.4f},{lag:.3f},{latency:.3f},{key(i)}\n")
    with open(os.path.join(TRACE, "cpu.csv"), "w") as f:
        f.write("time_s,busy_cores\n")
        for at, busy in sampler.samples:
            f.write(f"{at - started:.3f},{busy:.2f}\n")
    print(f"   trace: {TRACE}/turns.csv, cpu.csv; the planner's slow turns in the work folder's baton-planner.log")


def report(label, latencies, errors, seconds, cpu_before, cpu_after, turns):
    achieved = len(latencies) / seconds
    print(f"{label}: {len(latencies)} turns in {seconds:.1f} s ({achieved:.0f}/s), {len(errors)} errors"
          + (f" ({sorted(set(errors))})" if errors else ""))
    print(f"   latency ms: p50 {percentile(latencies, 50):.2f}  p90 {percentile(latencies, 90):.2f}  "
          f"p99 {percentile(latencies, 99):.2f}  max {max(latencies) if latencies else float('nan'):.2f}")
    per_turn = {name: (cpu_after[name] - cpu_before[name]) * 1000 / max(1, turns) for name in cpu_after}
    print("   CPU ms per turn: " + ", ".join(f"{name} {value:.2f}" for name, value in per_turn.items())
          + f"; total {sum(per_turn.values()):.2f}")
    return percentile(latencies, 99)


class Bots:
    """The bench's clients on a started stack: the tenant's thresholds, queue
    and policy set up, and one call per turn kind (planner_statements.py
    drives the same turns)."""

    def __init__(self, stack):
        self.channels = [grpc.aio.insecure_channel(target)
                         for target in (stack.planner.target, stack.signals.target, stack.router.target)]
        self.planner = ppb_grpc.PlannerStub(self.channels[0])
        self.signals = spb_grpc.SignalsStub(self.channels[1])
        self.router = rpb_grpc.RouterStub(self.channels[2])
        self.run = time.time_ns() % 10**9
        self.client = 0  # whose conversations continue_turn sends to (continue_prefix)
        self.lookups = []  # the connector look-up's time inside each CONTINUE turn, from its plan step

    async def warm_up(self, stack, client):
        """Caches and the page-cold binaries, the connections the measured rate needs, the tables' statistics
        (ANALYZE), then each connection's statements planned on those statistics: the figures are the steady state's."""
        # Turns of their own (past the measured ones' numbers), so that no measured turn is a retry of a warm-up turn.
        await client.run("continue", 50, 2, 10**6)
        # At the measured rate: the services' pools grow to the connections it needs (they keep them). Warmed at 50/s
        # only, the measured run's first second opened those connections, each new backend parsing and planning every
        # statement on cold catalog caches (parse and bind of 10-100 ms each, in Postgres's log): 40 to 60 of the
        # slowest 60 turns came from it.
        await client.run("continue", RATE, 2, 2 * 10**6)
        if ANALYZE:
            # Without statistics the planner guesses between indexes (signals' customer history read the tenant's
            # whole week by time; the planner's turn look-up and baton-audit's hash and key reads scanned the
            # tenant's rows), and each connection's prepared statements keep that plan: the CPU went to the guess.
            # After the turns at the measured rate, not before them: analyzed at the first 100 turns, the tables
            # grew 30-fold under plans made for a few pages (signals' memory read and revision read, the planner's
            # outbox insert scanned whole tables: 35-46 buffers a statement where an index reads 3-6).
            psql(stack.url.split("?")[0], "ANALYZE")
            # Every connection plans its statements again on the statistics (ANALYZE invalidates their plans). Turn
            # numbers whose question (QUESTIONS[(n // CONVERSATIONS) % 8]) these conversations have not been asked
            # yet in the warm-up: a question asked a third time is a loop, which hands off.
            await client.run("continue", RATE, 1, 3 * 10**6 + 6 * CONVERSATIONS)

    async def set_up(self, policy_file):
        await self.signals.SetThresholds(spb.SetThresholdsRequest(thresholds=spb.Thresholds(tenant_id=TENANT)))
        await self.router.UpsertQueue(rpb.UpsertQueueRequest(queue=rpb.Queue(
            queue_id="default", tenant_id=TENANT, offer_timeout=duration_pb2.Duration(seconds=30))))
        with open(policy_file) as f:
            published = await self.planner.PublishPolicy(ppb.PublishPolicyRequest(
                tenant_id=TENANT, document=f.read(), format=ppb.POLICY_FORMAT_YAML, activate=True,
                publisher=common.Principal(kind=common.PRINCIPAL_KIND_ADMINISTRATOR, principal_id="bench")))
        assert published.valid, published.errors

    @staticmethod
    def turn(conversation, index, text):
        # Each conversation its own customer, as in life: signals reads each customer's recent conversations.
        turn_id = f"t{index}"
        return ppb.HandleTurnRequest(
            tenant_id=TENANT, conversation_id=conversation, turn_id=turn_id, channel=common.CHANNEL_CHAT,
            customer=common.CustomerProfile(customer_id=f"customer-{conversation}", tier=common.CUSTOMER_TIER_STANDARD),
            message=common.ConversationMessage(message_id=turn_id, role=common.ConversationMessage.ROLE_CUSTOMER,
                                               text=text, send_time=now_ts()),
            conversation=common.Conversation(language="en"))

    def continue_conversation(self, i):
        """The conversation CONTINUE turn `i` belongs to."""
        return f"{self.continue_prefix(self.client)}{i % CONVERSATIONS}"

    def continue_prefix(self, client=0):
        """Each client's CONTINUE turns in conversations of their own (the same questions again in a conversation
        are a loop, which signals escalates)."""
        return f"cont-{self.run}-" if client == 0 else f"cont{client}-{self.run}-"

    def evaluate_prefix(self):
        return f"eval-{self.run}-"

    def continue_key(self, i):
        """The conversation and turn of CONTINUE turn `i`, as the planner's slow-turn log names them."""
        return f"{self.continue_conversation(i)}/t{i}"

    async def continue_turn(self, i):
        conversation = self.continue_conversation(i)
        outcome = (await self.planner.HandleTurn(
            self.turn(conversation, i, QUESTIONS[(i // CONVERSATIONS) % len(QUESTIONS)]), timeout=30)).outcome
        if outcome.decision != ppb.DECISION_CONTINUE:
            raise RuntimeError(f"expected CONTINUE, got {ppb.Decision.Name(outcome.decision)}: {outcome.rationale}")
        for step in outcome.steps:
            if step.HasField("start_time") and step.HasField("end_time"):
                self.lookups.append((step.end_time.ToNanoseconds() - step.start_time.ToNanoseconds()) / 1e6)

    async def evaluate(self, i):
        conversation = common.Conversation(conversation_id=f"{self.evaluate_prefix()}{i % CONVERSATIONS}", tenant_id=TENANT,
                                           channel=common.CHANNEL_CHAT, messages=[common.ConversationMessage(
                                               message_id=f"m{i}", role=common.ConversationMessage.ROLE_CUSTOMER,
                                               text=QUESTIONS[i % len(QUESTIONS)], send_time=now_ts())])
        await self.signals.Evaluate(spb.EvaluateRequest(tenant_id=TENANT, conversation=conversation, turn_id=f"m{i}"),
                                    timeout=30)

    async def handoff_turn(self, i):
        outcome = (await self.planner.HandleTurn(self.turn(f"hand-{self.run}-{i}", i, "I want to talk to a human agent please."),
                                                 timeout=30)).outcome
        if outcome.decision != ppb.DECISION_HANDOFF:
            raise RuntimeError(f"expected HANDOFF, got {ppb.Decision.Name(outcome.decision)}")

    async def close(self):
        for channel in self.channels:
            await channel.close()


class PythonClient:
    """This file's grpcio asyncio client, in the bench's own process."""
    name = "Python grpcio asyncio"

    def __init__(self, bots, number):
        self.bots, self.number = bots, number

    async def run(self, kind, rate, seconds, first, trace=None):
        """One open-loop phase of CONTINUE turns or Evaluate calls from number `first`:
        (latencies ms, errors, client CPU ms, connector look-up ms)."""
        self.bots.client = self.number
        call = self.bots.continue_turn if kind == "continue" else self.bots.evaluate
        looked_up, cpu = len(self.bots.lookups), time.process_time()
        latencies, errors = await open_loop(rate, seconds, call, trace, first)
        return latencies, errors, (time.process_time() - cpu) * 1000, self.bots.lookups[looked_up:]

    def close(self):
        pass


class SwiftClient:
    """PlannerTurnLoad (Sources/PlannerTurnLoad) as a child process: the same requests, sent with Baton's gRPC client."""
    name = "Swift PlannerTurnLoad"

    def __init__(self, bots, stack, number):
        binary = os.environ.get("BATON_BENCH_TURN_CLIENT")
        if not binary:
            raise SystemExit("BATON_BENCH_TURN_CLIENT: the PlannerTurnLoad binary (planner_bench.sh builds it), "
                             "or BATON_BENCH_CLIENT=python")
        spec = {"planner": stack.planner.target, "signals": stack.signals.target, "tenant": TENANT,
                "continuePrefix": bots.continue_prefix(number), "evaluatePrefix": bots.evaluate_prefix(),
                "conversations": CONVERSATIONS, "questions": QUESTIONS}
        self.process = subprocess.Popen([binary, json.dumps(spec)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    async def run(self, kind, rate, seconds, first, trace=None):
        """As PythonClient.run; the bench's process only waits for the phase's answer line."""
        self.process.stdin.write(f"{kind} {rate} {seconds} {first}\n")
        self.process.stdin.flush()
        line = await asyncio.to_thread(self.process.stdout.readline)
        if not line:
            raise RuntimeError(f"PlannerTurnLoad exited ({self.process.wait()})")
        phase = json.loads(line)
        if trace is not None:
            trace += [(t["offset"], t["lag"], t["latency"], t["turn"]) for t in phase["turns"]]
        return [t["latency"] for t in phase["turns"]], phase["errors"], phase["cpuMS"], phase["lookups"]

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def clients(bots, stack):
    """The clients BATON_BENCH_CLIENT names, the one that warms up first."""
    chosen = {"swift": ["swift"], "python": ["python"], "both": ["swift", "python"]}.get(CLIENT)
    if chosen is None:
        raise SystemExit(f"BATON_BENCH_CLIENT: swift, python or both, not {CLIENT!r}")
    return [SwiftClient(bots, stack, number) if name == "swift" else PythonClient(bots, number)
            for number, name in enumerate(chosen)]


async def bench(stack, policy_file):
    bots = Bots(stack)
    await bots.set_up(policy_file)
    senders = clients(bots, stack)
    await bots.warm_up(stack, senders[0])
    p99_continue = None
    for number, client in enumerate(senders):
        if number > 0:
            # Its connection, first calls, and its conversations' first turns (as the first client's warm-up).
            await client.run("continue", RATE, 2, number * 10**7 + 5 * 10**6)
        print(f"== HandleTurn, CONTINUE path, open loop at {RATE:.0f} turns/s for {SECONDS:.0f} s (audit sequence: {AUDIT_SEQUENCE}"
              f"{'' if ANALYZE else '; tables without statistics'}; client: {client.name})")
        before = stack.cpu()
        trace, sampler = ([], CpuSampler()) if TRACE and number == 0 else (None, None)
        started = time.perf_counter()
        # Turn numbers of each client's own, so that no turn is a retry of another client's.
        latencies, errors, client_cpu, lookups = await client.run("continue", RATE, SECONDS, number * 10**7, trace)
        if sampler:
            sampler.stop()
            write_trace(trace, sampler, started, bots.continue_key)
        p99 = report("CONTINUE", latencies, errors, time.perf_counter() - started, before, stack.cpu(), len(latencies))
        p99_continue = p99 if p99_continue is None else p99_continue
        print(f"   the bench's own client ({client.name}, same host): {client_cpu / max(1, len(latencies)):.2f} ms CPU per turn")
        print(f"   of which the connector look-up (plan step): p50 {percentile(lookups, 50):.2f}  p99 {percentile(lookups, 99):.2f} ms")
    print(f"== peer: Signals.Evaluate alone, open loop at {RATE:.0f}/s for {SECONDS:.0f} s (client: {senders[0].name})")
    # Warmed up as the CONTINUE phase is: its conversations' first turns, 2 s at the rate, not measured.
    await senders[0].run("evaluate", RATE, 2, 10**7)
    before = stack.cpu()
    started = time.perf_counter()
    latencies, errors, _, _ = await senders[0].run("evaluate", RATE, SECONDS, 0)
    p99_evaluate = report("Evaluate", latencies, errors, time.perf_counter() - started, before, stack.cpu(), len(latencies))
    for client in senders:
        client.close()
    print(f"== HandleTurn, HANDOFF path, open loop at {HANDOFF_RATE:.0f} turns/s for {SECONDS:.0f} s")
    before = stack.cpu()
    started = time.perf_counter()
    latencies, errors = await open_loop(HANDOFF_RATE, SECONDS, bots.handoff_turn)
    report("HANDOFF", latencies, errors, time.perf_counter() - started, before, stack.cpu(), len(latencies))
    verdict = "meets" if p99_continue < 10 else "MISSES"
    print(f"CONTINUE p99 {p99_continue:.2f} ms at {RATE:.0f} turns/s, client {senders[0].name} ({verdict} the 10 ms target); "
          f"HandleTurn p99 / Evaluate p99 = {p99_continue / p99_evaluate:.1f}x")
    await bots.close()


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    bin_dir, url, policy = sys.argv[1:]
    work = TRACE or tempfile.mkdtemp(prefix="baton-planner-bench-")
    os.makedirs(work, exist_ok=True)
    stack = Stack(bin_dir, url, work)
    stack.start()
    try:
        asyncio.run(bench(stack, policy))
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
