#!/usr/bin/env python3
"""Router benchmark: assignments per second (Enqueue -> Offer on the agent's
stream -> Accept -> Complete, agents answering at once) with 1 and with 2
baton-router replicas, and enqueue-to-offer latency (client clock: Enqueue
sent -> Offer event received) at half the measured throughput; against
pgbench running a FOR UPDATE SKIP LOCKED claim (router_claim.sql) on a table
shaped like router.escalations, on the same durable cluster in the same run.

Load comes from several client processes (asyncio, grpc.aio), each with its
own queue and agents so that every latency is measured on one clock.

Usage: router_bench.py SWIFT_BIN_DIR DATABASE_URL
With BATON_BENCH_COMPARE=OTHER_BIN_DIR (a baton-router built from another
commit), it instead runs the 1-replica throughput phase with OTHER_BIN_DIR's
router and this one in turn, three times, and prints each pair.
Environment: BATON_BENCH_SECONDS (8), BATON_BENCH_PROCS (2),
BATON_BENCH_AGENTS (agents per process, 50), BATON_BENCH_CAPACITY (chat slots
per agent, 4), BATON_BENCH_BACKLOG (escalations in flight per process, 200),
BATON_BENCH_PG_CLIENTS (8).
"""

import asyncio
import collections
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Tests", "Support"))
from batonkit import Replica, cluster_cpu, process_cpu, psql  # noqa: E402


def env_int(name, default):
    return int(os.environ.get(name, str(default)))


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# ---------------------------------------------------------------------------
# Worker: one client process with its queue, agents and enqueuers.

async def worker(spec):
    import grpc
    from batonkit import load_stubs
    common, pb, pb_grpc, _ = load_stubs()
    from google.protobuf import duration_pb2

    tenant, w, targets = spec["tenant"], spec["worker"], spec["targets"]
    channels = [grpc.aio.insecure_channel(t, options=[("grpc.use_local_subchannel_pool", 1)])
                for t in targets for _ in range(2)]
    stubs = [pb_grpc.RouterStub(c) for c in channels]
    queue_id = f"q-{w}"
    stats = {"enqueued": 0, "offers": 0, "assigned": 0, "completed": 0, "errors": {}}
    sent, latencies, accept_ms, complete_ms = {}, [], [], []
    window = [float("inf"), float("inf")]
    in_flight = [0]
    stop = [False]

    def error(kind, e):
        key = f"{kind}:{e.code().name}"
        stats["errors"][key] = stats["errors"].get(key, 0) + 1
        if stats["errors"][key] == 1:
            print(f"worker {w}: first {key}: {e.details()}", file=sys.stderr, flush=True)

    await stubs[0].UpsertQueue(pb.UpsertQueueRequest(queue=pb.Queue(
        queue_id=queue_id, tenant_id=tenant, offer_timeout=duration_pb2.Duration(seconds=30))), timeout=10)
    agents = [f"w{w}-agent-{i:03d}" for i in range(spec["agents"])]
    for i, agent_id in enumerate(agents):
        await stubs[i % len(stubs)].UpsertAgent(pb.UpsertAgentRequest(agent=pb.Agent(
            agent_id=agent_id, tenant_id=tenant, languages=["en"], queue_ids=[queue_id],
            skills=[pb.AgentSkill(skill="billing", level=5)],
            capacities=[pb.ChannelCapacity(channel=common.CHANNEL_CHAT, max_concurrent=spec["capacity"])])),
            timeout=10)
    opened = [0]

    async def answer(stub, agent_id, offer, t_recv):
        esc_id = offer.escalation.escalation_id
        t_send = sent.pop(esc_id, None)
        if t_send is not None and window[0] <= t_recv <= window[1]:
            latencies.append(t_recv - t_send)
        t0 = time.time()
        try:
            await stub.Accept(pb.AcceptRequest(tenant_id=tenant, agent_id=agent_id, offer_id=offer.offer_id), timeout=10)
        except grpc.aio.AioRpcError as e:
            error("accept", e)
            return
        t1 = time.time()
        if window[0] <= t1 <= window[1]:
            stats["assigned"] += 1
            accept_ms.append((t1 - t0) * 1000)
        try:
            await stub.Complete(pb.CompleteRequest(tenant_id=tenant, agent_id=agent_id, escalation_id=esc_id,
                                                   outcome=pb.COMPLETION_OUTCOME_RESOLVED), timeout=10)
            stats["completed"] += 1
            if window[0] <= t1 <= window[1]:
                complete_ms.append((time.time() - t1) * 1000)
        except grpc.aio.AioRpcError as e:
            error("complete", e)
        in_flight[0] -= 1

    async def desk(i, agent_id):
        stub = stubs[i % len(stubs)]
        call = stub.AgentSession(pb.AgentSessionRequest(tenant_id=tenant, agent_id=agent_id, go_available=True))
        try:
            async for event in call:
                kind = event.WhichOneof("event")
                if kind == "opened":
                    opened[0] += 1
                elif kind == "offer":
                    stats["offers"] += 1
                    asyncio.ensure_future(answer(stub, agent_id, event.offer, time.time()))
                if stop[0]:
                    break
        except grpc.aio.AioRpcError as e:
            if not stop[0]:
                error("session", e)
        finally:
            call.cancel()

    desks = [asyncio.ensure_future(desk(i, a)) for i, a in enumerate(agents)]
    deadline = time.time() + 30
    while opened[0] < len(agents) and time.time() < deadline:
        await asyncio.sleep(0.05)
    # Ready: the parent answers with the start time once every worker is.
    print(json.dumps({"ready": opened[0]}), flush=True)
    go = float(await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline))
    await asyncio.sleep(max(0.0, go - time.time()))
    window[0], window[1] = go + spec["warmup"], go + spec["warmup"] + spec["seconds"]
    end = window[1]
    counter = [0]

    async def enqueue(k):
        n = counter[0]
        counter[0] += 1
        esc_id = f"w{w}-{n}"
        in_flight[0] += 1
        sent[esc_id] = time.time()
        try:
            await stubs[k % len(stubs)].Enqueue(pb.EnqueueRequest(escalation=pb.Escalation(
                escalation_id=esc_id, tenant_id=tenant, conversation_id=f"c-{esc_id}", category="billing.refund",
                language="en", channel=common.CHANNEL_CHAT, queue_id=queue_id,
                required_skills=[pb.SkillRequirement(skill="billing", min_level=3)])), timeout=10)
            stats["enqueued"] += 1
        except grpc.aio.AioRpcError as e:
            error("enqueue", e)
            in_flight[0] -= 1
            sent.pop(esc_id, None)

    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_marks = {}

    async def marks():
        await asyncio.sleep(max(0.0, window[0] - time.time()))
        u = resource.getrusage(resource.RUSAGE_SELF)
        cpu_marks["start"] = u.ru_utime + u.ru_stime
        await asyncio.sleep(max(0.0, window[1] - time.time()))
        u = resource.getrusage(resource.RUSAGE_SELF)
        cpu_marks["end"] = u.ru_utime + u.ru_stime
    marker = asyncio.ensure_future(marks())

    if spec["mode"] == "throughput":
        async def loop(k):
            while time.time() < end:
                if in_flight[0] >= spec["backlog"]:
                    await asyncio.sleep(0.002)
                    continue
                await enqueue(k)
        await asyncio.gather(*(loop(k) for k in range(spec["enqueuers"])))
    else:
        rate, tasks, n = spec["rate"], [], 0
        start = time.time()
        while time.time() < end:
            due = start + n / rate
            if due > time.time():
                await asyncio.sleep(due - time.time())
            tasks.append(asyncio.ensure_future(enqueue(n)))
            n += 1
        await asyncio.gather(*tasks)
    await marker
    # Let the last ones finish, then report.
    settle = time.time() + 5
    while in_flight[0] > 0 and time.time() < settle:
        await asyncio.sleep(0.05)
    stop[0] = True
    for d in desks:
        d.cancel()
    await asyncio.gather(*desks, return_exceptions=True)
    for c in channels:
        await c.close()
    del usage
    stats.update(latencies=latencies, accept_ms=accept_ms, complete_ms=complete_ms, cpu=cpu_marks.get("end", 0) - cpu_marks.get("start", 0),
                 window=spec["seconds"], left_in_flight=in_flight[0])
    print(json.dumps(stats), flush=True)


# ---------------------------------------------------------------------------
# Parent: the cluster, pgbench rounds, router phases, the report.

def quiesce(url):
    """A checkpoint before each measured phase, so that none starts with a
    cluster still writing out the last one's pages (or pays its full-page images)."""
    psql(url.split("?")[0], "CHECKPOINT")


def pgbench_claim(url, seconds, clients):
    pgurl = url.split("?")[0]
    rows = 400000
    subprocess.run(["psql", pgurl, "-X", "-q", "-v", f"rows={rows}", "-v", "ON_ERROR_STOP=1",
                    "-f", os.path.join(HERE, "router_claim_setup.sql")], check=True, capture_output=True)
    quiesce(url)
    pg_before, children_before = cluster_cpu(), resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(["pgbench", "-n", "-M", "prepared", "-c", str(clients), "-j", "2", "-T", str(seconds),
                          "-f", os.path.join(HERE, "router_claim.sql"), pgurl], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"pgbench failed: {out.stderr[-2000:]}")
    tps = next(float(line.split()[2]) for line in out.stdout.splitlines() if line.startswith("tps = "))
    pg_seconds = cluster_cpu() - pg_before
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    pgbench_seconds = (children.ru_utime + children.ru_stime) - (children_before.ru_utime + children_before.ru_stime)
    claims = max(tps * seconds, 1.0)
    left = int(psql(pgurl, "SELECT count(*) FROM bench_escalations WHERE state = 1")[0][0])
    if left == 0:
        print("warning: pgbench claimed every row; raise rows in router_bench.py", flush=True)
    psql(pgurl, "DROP TABLE bench_escalations")
    return tps, (pg_seconds / claims * 1e6, pgbench_seconds / claims * 1e6)


def run_workers(replicas, mode, seconds, procs, extra):
    quiesce(replicas[0].database_url)
    tenant = f"bench-{len(replicas)}r-{mode}-{time.time_ns() % 10**9}"
    workers = []
    for w in range(procs):
        spec = dict(tenant=tenant, worker=w, targets=[r.target for r in replicas], mode=mode, seconds=seconds,
                    warmup=2, **extra)
        # BATON_BENCH_WORKER: the Swift load worker (Sources/RouterLoad), same protocol, less client CPU.
        swift_worker = os.environ.get("BATON_BENCH_WORKER")
        command = ([swift_worker, json.dumps(spec)] if swift_worker
                   else [sys.executable, os.path.abspath(__file__), "--worker", json.dumps(spec)])
        workers.append(subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True))
    for p in workers:
        line = p.stdout.readline()
        if not line:
            raise RuntimeError("a load worker died during set-up")
    # Replicas cache a tenant's queues for 2 s, so a queue created through one
    # replica is NOT_FOUND on another until then (a service bug the router
    # tests show): start once every replica sees every worker's queue.
    go = time.time() + 2.5
    for p in workers:
        p.stdin.write(f"{go}\n")
        p.stdin.flush()
    router_cpu, pg_cpu, waits = {}, {}, collections.Counter()
    # Statistics of the router's tables as autovacuum keeps them in a running
    # deployment: each run starts from empty tables, and plans made for empty
    # tables (a sequential scan where an index belongs) stay cached by every
    # session until the next ANALYZE, minutes away at autovacuum's pace.
    time.sleep(max(0.0, go + 1 - time.time()))
    psql(replicas[0].database_url.split("?")[0],
         "ANALYZE router.escalations, router.offers, router.assignments, router.agents, router.queues")
    time.sleep(max(0.0, go + 2 - time.time()))
    router_cpu["start"] = sum(process_cpu(r.process.pid) for r in replicas)
    pg_cpu["start"] = cluster_cpu()
    samples = 0
    # What the database's active sessions wait on, sampled through one psql
    # session (a psql process per sample took ~4% of the host's CPU).
    sampler = subprocess.Popen(["psql", replicas[0].database_url.split("?")[0], "-X", "-q", "-At", "-F", "\t"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    while time.time() < go + 2 + seconds - 0.3:
        sampler.stdin.write("SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU'), count(*) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() "
                            "GROUP BY 1;\n\\echo END\n")
        sampler.stdin.flush()
        for line in iter(sampler.stdout.readline, ""):
            if line.strip() == "END":
                break
            kind, count = line.rstrip("\n").split("\t")
            waits[kind] += int(count)
        samples += 1
        time.sleep(0.25)
    sampler.stdin.close()
    sampler.wait(timeout=10)
    time.sleep(max(0.0, go + 2 + seconds - time.time()))
    router_cpu["end"] = sum(process_cpu(r.process.pid) for r in replicas)
    pg_cpu["end"] = cluster_cpu()
    results = []
    for p in workers:
        out, _ = p.communicate(timeout=120)
        results.append(json.loads(out.strip().splitlines()[-1]))
    merged = dict(assigned=sum(r["assigned"] for r in results), offers=sum(r["offers"] for r in results),
                  latencies=[x for r in results for x in r["latencies"]], client_cpu=sum(r["cpu"] for r in results),
                  router_cpu=router_cpu["end"] - router_cpu["start"], left=sum(r["left_in_flight"] for r in results),
                  pg_cpu=pg_cpu["end"] - pg_cpu["start"], accept_ms=[x for r in results for x in r["accept_ms"]],
                  complete_ms=[x for r in results for x in r["complete_ms"]],
                  waits={k: round(v / max(samples, 1), 1) for k, v in waits.most_common(6)}, errors={})
    for r in results:
        for k, v in r["errors"].items():
            merged["errors"][k] = merged["errors"].get(k, 0) + v
    merged["rate"] = merged["assigned"] / seconds
    return merged


def cpu_per_assignment(phase):
    """CPU µs per assignment of a phase: [load client, router, Postgres]."""
    n = max(phase["assigned"], 1)
    return [phase[k] / n * 1e6 for k in ("client_cpu", "router_cpu", "pg_cpu")]


def throughput(bin_dir, url, name, seconds, procs, load, log_dir):
    """One replica's throughput phase: (assignments/s, CPU µs per assignment of client, router, Postgres)."""
    replica = Replica(bin_dir, url, name, log_dir)
    try:
        replica.start()
        thr = run_workers([replica], "throughput", seconds, procs, load)
    finally:
        replica.terminate()
    return thr["rate"], cpu_per_assignment(thr)


def compare(other_bin, bin_dir, url, seconds, procs, load, log_dir):
    """Another build's router against this one, alternating, each from empty router tables."""
    print(f"1-replica throughput, {other_bin} (A) against {bin_dir} (B), alternating", flush=True)
    for round_ in range(3):
        figures = []
        for label, directory in (("A", other_bin), ("B", bin_dir)):
            psql(url.split("?")[0], "DROP SCHEMA IF EXISTS router CASCADE")
            rate, cpu = throughput(directory, url, f"compare-{label}-{round_}", seconds, procs, load, log_dir)
            figures.append(rate)
            print(f"round {round_ + 1} {label}: {rate:.0f} assignments/s, CPU per assignment {sum(cpu):.0f} µs "
                  f"(client {cpu[0]:.0f}, router {cpu[1]:.0f}, Postgres {cpu[2]:.0f})", flush=True)
        print(f"round {round_ + 1}: B/A {figures[1] / figures[0]:.2f}x", flush=True)


def main():
    if sys.argv[1] == "--worker":
        asyncio.run(worker(json.loads(sys.argv[2])))
        return
    bin_dir, url = sys.argv[1], sys.argv[2]
    seconds = env_int("BATON_BENCH_SECONDS", 8)
    procs = env_int("BATON_BENCH_PROCS", 2)
    pg_clients = env_int("BATON_BENCH_PG_CLIENTS", 8)
    load = dict(agents=env_int("BATON_BENCH_AGENTS", 50), capacity=env_int("BATON_BENCH_CAPACITY", 4),
                backlog=env_int("BATON_BENCH_BACKLOG", 200), enqueuers=32)
    log_dir = tempfile.mkdtemp(prefix="baton-router-bench-")
    if os.environ.get("BATON_BENCH_COMPARE"):
        compare(os.environ["BATON_BENCH_COMPARE"], bin_dir, url, seconds, procs, load, log_dir)
        return
    sync = psql(url.split("?")[0], "SELECT current_setting('synchronous_commit'), current_setting('fsync')")[0]
    print(f"router bench: {seconds}s windows after 2s warm-up; {procs} client processes x {load['agents']} agents x "
          f"{load['capacity']} chat slots; Postgres synchronous_commit={sync[0]} fsync={sync[1]}; "
          f"pgbench {pg_clients} clients -M prepared; load worker: "
          f"{'Swift (RouterLoad)' if os.environ.get('BATON_BENCH_WORKER') else 'Python grpcio'}", flush=True)
    # Every run starts from empty router tables (the replicas migrate them
    # again), so that runs compare: rows of earlier runs would otherwise pile up.
    psql(url.split("?")[0], "DROP SCHEMA IF EXISTS router CASCADE")
    claim_cpu = []

    def claim_round():
        tps, cpu = pgbench_claim(url, seconds, pg_clients)
        print(f"pgbench claim (FOR UPDATE SKIP LOCKED): {tps:.0f} tps, CPU per claim {sum(cpu):.0f} µs "
              f"(Postgres {cpu[0]:.0f}, pgbench {cpu[1]:.0f})", flush=True)
        claim_cpu.append(sum(cpu))
        return tps

    pg_rates = [claim_round()]
    rows = []
    for n in (1, 2):
        replicas = [Replica(bin_dir, url, f"bench-router-{n}-{i}", log_dir) for i in range(n)]
        try:
            for r in replicas:
                r.start()
            thr = run_workers(replicas, "throughput", seconds, procs, load)
            rate = max(thr["rate"], 1.0)
            lat = run_workers(replicas, "latency", seconds, procs, dict(load, rate=rate * 0.5 / procs))
        finally:
            for r in replicas:
                r.terminate()
        pg_rates.append(claim_round())
        peer = statistics.mean(pg_rates[-2:])
        ms = [x * 1000 for x in lat["latencies"]]
        rows.append((n, thr, lat, peer, ms))
        print(f"{n} replica{'s' if n > 1 else ''}: {thr['rate']:.0f} assignments/s ({thr['offers']} offers, "
              f"errors {thr['errors'] or 'none'}, {thr['left']} unfinished); client CPU "
              f"{thr['client_cpu'] / seconds:.2f} cores, router CPU {thr['router_cpu'] / seconds:.2f} cores, Postgres CPU "
              f"{thr['pg_cpu'] / seconds:.2f} cores; Accept p50 {percentile(thr['accept_ms'], 50):.1f} ms, Complete p50 "
              f"{percentile(thr['complete_ms'], 50):.1f} ms; active Postgres sessions by wait (mean) {thr['waits']}; "
              f"latency run at {rate * 0.5:.0f}/s: enqueue->offer p50 {percentile(ms, 50):.1f} ms "
              f"p99 {percentile(ms, 99):.1f} ms over {len(ms)} offers (errors {lat['errors'] or 'none'})", flush=True)
    print(f"{'':12} {'assign/s':>9} {'pgbench tps':>12} {'ratio':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for n, thr, lat, peer, ms in rows:
        print(f"{n} replica{'s' if n > 1 else ' '}  {thr['rate']:9.0f} {peer:12.0f} {thr['rate'] / peer:6.2f}x "
              f"{percentile(ms, 50):8.1f} {percentile(ms, 99):8.1f}")
    # What one unit of work costs the host in CPU, and the rate that cost alone
    # allows on this host's cores: the load client shares them in this bench.
    cores = os.cpu_count()
    claim = statistics.mean(claim_cpu)
    print(f"CPU per unit of work on {cores} cores (the rate that CPU alone would allow): pgbench claim {claim:.0f} µs "
          f"({cores / claim * 1e6:.0f}/s)")
    for n, thr, _, _, _ in rows:
        per = cpu_per_assignment(thr)
        print(f"  {n} replica{'s' if n > 1 else ''}: assignment {sum(per):.0f} µs ({cores / sum(per) * 1e6:.0f}/s): "
              f"load client {per[0]:.0f}, router {per[1]:.0f}, Postgres {per[2]:.0f}; "
              f"without the client's share {cores / (per[1] + per[2]) * 1e6:.0f}/s")
    one, two = rows[0][1]["rate"] / rows[0][3], rows[1][1]["rate"] / rows[1][3]
    print(f"1 replica: {one:.2f}x the pgbench claim rate ({'meets' if one >= 0.5 else 'MISSES'} the 0.5x target); "
          f"2 replicas: {two:.2f}x ({'more' if two > one else 'NOT more'} than one replica)")


if __name__ == "__main__":
    main()
