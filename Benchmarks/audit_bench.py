#!/usr/bin/env python3
"""baton-audit benchmarks (Benchmarks/audit_bench.sh runs them on the durable
benchmark Postgres):

  appends  ROUNDS SECONDS: appends per second through the RPC, 16 concurrent
           callers, against pgbench single-row inserts into a table shaped like
           audit.entries (same columns and indexes), rounds alternating; prints
           the median ratio of pairs and the p99 append latency.
           BATON_BENCH_STATEMENTS=1 (audit_bench.sh loads pg_stat_statements): per append
           and per pgbench insert, each statement's calls, time, rows and WAL, and the
           cluster's WAL, commits and WAL flushes with their mean time (always: WAL,
           commits and flushes). BATON_AUDIT_BENCH_PERF=FILE: perf record -g -a (the
           whole machine) during the last round; the service's pid is printed.
  verify   N: a log of N entries (N-1 loaded straight into the tables with their
           tlog stored hashes, computed here apart from Baton; the last appended
           through the service so that it signs the checkpoint), then Verify;
           prints entries per second.

Usage: audit_bench.py BIN_DIR DATABASE_URL appends|verify ARGS..."""

import asyncio
import base64
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Support"))
from batonkit import Replica, cluster_cpu, generate_stubs, process_cpu, psql  # noqa: E402

generate_stubs(["baton/common/v1/common.proto", "baton/audit/v1/audit.proto"])
from baton.audit.v1 import audit_pb2 as pb, audit_pb2_grpc as pb_grpc  # noqa: E402
from baton.common.v1 import common_pb2 as common  # noqa: E402

ORIGIN = "audit.baton.bench"
CALLERS = 16


def start_service(bin_dir, url, work):
    keys = subprocess.run([os.path.join(bin_dir, "batonctl"), "audit", "keygen", "--name", ORIGIN],
                          capture_output=True, text=True, check=True).stdout.split()
    env = {"BATON_AUDIT_ORIGIN": ORIGIN, "BATON_AUDIT_SIGNING_KEY": keys[0],
           "BATON_AUDIT_SECRET": base64.b64encode(os.urandom(32)).decode(), "BATON_LOG_LEVEL": "warning",
           "BATON_AUDIT_METRICS_INTERVAL": "3600"}
    return Replica(bin_dir, url, "baton-audit", work, extra_env=env, executable="baton-audit").start()


def clean(pgurl):
    """Drops earlier runs' bench tenants: their entries would otherwise be read by the service's
    metrics job (the last 48 hours of every tenant) at start-up, in the middle of a measurement."""
    if psql(pgurl, "SELECT to_regclass('audit.entries') IS NOT NULL") == [["t"]]:
        for table in ("entries", "hashes", "checkpoints", "logs", "sealing_keys"):
            psql(pgurl, f"DELETE FROM audit.{table} WHERE tenant_id LIKE 'bench-%'")
        psql(pgurl, "VACUUM audit.entries")


# BATON_AUDIT_BENCH_CUSTOMERS: how many customers the records (and pgbench's rows) are about; 0: a new one for every
# record (every append then makes a sealing key, and the tenant's keys grow through the run).
CUSTOMERS = int(os.environ.get("BATON_AUDIT_BENCH_CUSTOMERS", "500"))


def record(tenant, n, caller=-1, offset=0):
    r = pb.AuditRecord(tenant_id=tenant, kind=pb.RECORD_KIND_TURN_DECISION, decision="DECISION_CONTINUE",
                       performed_by=common.Principal(kind=common.PRINCIPAL_KIND_SERVICE, principal_id="baton-planner"),
                       rationale="Refund within the bot's authority; the order is eligible.", source_service="baton-planner",
                       category="billing")
    r.decide_time.GetCurrentTime()
    r.inputs["risk_score"] = f"0.{n % 100:02}"
    r.subjects.add(kind=pb.SUBJECT_KIND_CONVERSATION, subject_id=f"conv-{n}")
    r.subjects.add(kind=pb.SUBJECT_KIND_CUSTOMER, subject_id=f"cust-{n % CUSTOMERS}" if CUSTOMERS else f"cust-{offset}-{caller}-{n}")
    return r


async def append_callers(target, tenant, seconds, offset, callers):
    """(appends, latencies) of `callers` concurrent callers appending for `seconds`."""
    latencies = []
    async with grpc.aio.insecure_channel(target) as channel:
        stub = pb_grpc.AuditStub(channel)
        await stub.Append(pb.AppendRequest(record=record(tenant, 0), idempotency_key=f"warm-{offset}"), timeout=30)
        stop = time.monotonic() + seconds

        async def caller(c):
            n = 0
            while time.monotonic() < stop:
                n += 1
                request = pb.AppendRequest(record=record(tenant, n, c, offset), idempotency_key=f"r{offset}-c{c}-{n}")
                started = time.perf_counter()
                await stub.Append(request, timeout=30)
                latencies.append(time.perf_counter() - started)

        began = time.monotonic()
        await asyncio.gather(*(caller(c) for c in range(callers)))
        elapsed = time.monotonic() - began
    return len(latencies) / elapsed, latencies


# BATON_BENCH_AUDIT_WORKER: the Swift append client (Sources/AuditAppendLoad), same protocol as `callers`:
# one process with all CALLERS callers, as pgbench is one C client (its -j 2 threads). Without it, Python grpcio
# callers split over two processes (one cannot drive more than a few thousand calls a second).
WORKER = os.environ.get("BATON_BENCH_AUDIT_WORKER")


def append_round(target, tenant, seconds, offset, processes=2):
    """CALLERS callers of the Swift worker, or split over `processes` Python client processes:
    (appends/s, latencies, client CPU seconds)."""
    if WORKER:
        commands = [[WORKER, target, tenant, str(seconds), f"{offset}", str(CALLERS)]]
    else:
        commands = [[sys.executable, __file__, "-", "-", "callers", target, tenant, str(seconds), f"{offset}-{p}",
                     str(CALLERS // processes)] for p in range(processes)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    children = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for command in commands]
    rate, latencies = 0.0, []
    for child in children:
        out, _ = child.communicate()
        if child.returncode != 0:
            raise SystemExit("an append client failed")
        first, *rest = out.split()
        rate += float(first)
        latencies += [float(x) for x in rest]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return rate, latencies, cpu


def callers(_bin_dir, _url, target, tenant, seconds, offset, count):
    rate, latencies = asyncio.run(append_callers(target, tenant, float(seconds), offset, int(count)))
    print(rate, *(f"{x:.6f}" for x in latencies))


PGBENCH_TABLE = """
DROP TABLE IF EXISTS bench_audit_entries;
CREATE TABLE bench_audit_entries (
    tenant_id text NOT NULL, idx bigserial, entry bytea NOT NULL, leaf_hash bytea NOT NULL,
    idempotency_key text NOT NULL, kind smallint NOT NULL, principal text NOT NULL, subjects text[] NOT NULL,
    category text NOT NULL DEFAULT '', decide_time timestamptz NOT NULL, record_time timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, idx));
CREATE UNIQUE INDEX ON bench_audit_entries (tenant_id, idempotency_key);
CREATE INDEX ON bench_audit_entries (tenant_id, decide_time);
CREATE INDEX ON bench_audit_entries USING gin (subjects);
CREATE INDEX ON bench_audit_entries (tenant_id, principal, idx);
ALTER TABLE bench_audit_entries SET (autovacuum_enabled = off);
"""

# One entry per transaction: about the size of a real entry (288 bytes), its SHA-256, a unique key.
# One line, no colons (pgbench would read ":name" and "::type" as its variables).
PGBENCH_SCRIPT = """INSERT INTO bench_audit_entries (tenant_id, entry, leaf_hash, idempotency_key, kind, principal, subjects, category, decide_time, record_time) SELECT 'bench', e, sha256(e), CAST(gen_random_uuid() AS text), 1, '5' || chr(58) || 'baton-planner', ARRAY['conversation' || chr(58) || 'ps_' || md5(CAST(random() AS text)), 'customer' || chr(58) || 'ps_' || md5(CAST(floor(random() * 500) AS text))], 'billing', now(), now() FROM (SELECT convert_to(repeat(md5(CAST(random() AS text)), 9), 'UTF8') AS e) AS v;
""".replace("floor(random() * 500)", f"floor(random() * {CUSTOMERS})" if CUSTOMERS else "random()")


def cluster_children():
    """The pids of the cluster's postmaster's children (its backends and helpers)."""
    with open(os.path.join(os.environ["BATON_PG_STATE"], "data", "postmaster.pid")) as f:
        root = f.readline().strip()
    out = subprocess.run(["pgrep", "-P", root], capture_output=True, text=True)
    return set(out.stdout.split())


def wait_reaped(children, timeout=10):
    """Waits until every child of the cluster not in `children` has exited and been reaped (pgbench's backends end
    a moment after pgbench returns; their CPU counts for the cluster only once the postmaster has reaped them)."""
    deadline = time.monotonic() + timeout
    while cluster_children() - children:
        if time.monotonic() > deadline:
            raise SystemExit("pgbench's backends did not exit within 10 s")
        time.sleep(0.05)


STATEMENTS = os.environ.get("BATON_BENCH_STATEMENTS") == "1"


def cluster_counters(url):
    """The cluster's WAL bytes, WAL records, WAL flushes (fsyncs), their milliseconds (with BATON_BENCH_STATEMENTS) and
    commits so far."""
    wal = psql(url, "SELECT wal_bytes, wal_records, wal_sync, wal_sync_time FROM pg_stat_wal")[0]
    commits = psql(url, "SELECT sum(xact_commit) FROM pg_stat_database")[0][0]
    return [float(v) for v in wal] + [float(commits)]


def reset_statements(url):
    """Zeroes pg_stat_statements (with BATON_BENCH_STATEMENTS) and returns the cluster's counters."""
    if STATEMENTS:
        psql(url, "SELECT pg_stat_statements_reset()")
    return cluster_counters(url)


def print_statements(url, before, n, what):
    """Per `what` (n of them since `before`): the cluster's WAL, commits and WAL flushes, and with BATON_BENCH_STATEMENTS
    the flushes' mean time and each statement's calls, time, rows and WAL."""
    wal, records, flushes, flush_ms, commits = [(a - b) / n for a, b in zip(cluster_counters(url), before)]
    # Flushes: every commit waits for one (synchronous_commit on); fewer flushes than commits is Postgres's group commit.
    timed = f" of {flush_ms * 1000 / flushes:.0f} µs each" if flush_ms and flushes else ""
    print(f"    cluster per {what}: WAL {wal:.0f} B in {records:.1f} records, {commits:.3f} commits, {flushes:.3f} WAL flushes"
          f"{timed}", flush=True)
    if not STATEMENTS:
        return
    print(f"    calls/{what}  µs/{what}  rows/{what}  WAL B/{what}  statement")
    for row in psql(url, f"""
            SELECT round(calls::numeric / {n}, 3), round(total_exec_time::numeric * 1000 / {n}, 1),
                   round(rows::numeric / {n}, 2), round(wal_bytes / {n}), left(regexp_replace(query, '\\s+', ' ', 'g'), 110)
            FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat%' AND calls >= {n} / 1000
            ORDER BY total_exec_time DESC LIMIT 12"""):
        print("    " + "  ".join(row), flush=True)


def pgbench_round(url, seconds, script):
    """(inserts/s, Postgres CPU µs per insert, pgbench's own CPU µs per insert)."""
    psql(url, "CHECKPOINT")
    counters = reset_statements(url)
    database, children = cluster_cpu(), cluster_children()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(["pgbench", "-n", "-M", "prepared", "-c", str(CALLERS), "-j", "2", "-T", str(seconds), "-f", script,
                          url], capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wait_reaped(children)
    database = cluster_cpu() - database
    client = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if out.returncode != 0:
        raise SystemExit(f"pgbench failed: {out.stderr[-800:]}")
    tps = float(next(line for line in out.stdout.splitlines() if line.startswith("tps = ")).split()[2])
    inserts = int(next(line for line in out.stdout.splitlines() if "transactions actually processed" in line).split()[-1])
    print_statements(url, counters, max(1, inserts), "insert")
    inserts_run = max(1.0, tps * float(seconds))
    return tps, database * 1e6 / inserts_run, client * 1e6 / inserts_run


def checkpoints(url):
    """Checkpoints stored for the bench tenant so far: one per batch."""
    return int(psql(url, "SELECT count(*) FROM audit.checkpoints WHERE tenant_id = 'bench-appends'")[0][0])


def appends(bin_dir, url, rounds, seconds):
    work = tempfile.mkdtemp(prefix="baton-audit-bench-")
    pgurl = url.split("?")[0]
    clean(pgurl)
    psql(pgurl, PGBENCH_TABLE)
    script = os.path.join(work, "insert.sql")
    with open(script, "w") as f:
        f.write(PGBENCH_SCRIPT)
    service = start_service(bin_dir, url, work)
    pairs, all_latencies = [], []
    try:
        # Warm, as a running service is: 3 s of appends (not counted; their own keys), then ANALYZE, as autovacuum
        # would have long since. Without it the first round's statements ran on plans made for empty tables (its
        # Postgres took 145 µs per append against 30-42 in the later rounds), while pgbench's one INSERT has no plan
        # choice to get wrong.
        append_round(service.target, "bench-appends", 3.0, "warm")
        psql(pgurl, "ANALYZE")
        for r in range(int(rounds)):
            theirs, their_database, their_client = pgbench_round(pgurl, seconds, script)
            psql(pgurl, "CHECKPOINT")
            counters, batches = reset_statements(pgurl), checkpoints(pgurl)
            perf = None
            if os.environ.get("BATON_AUDIT_BENCH_PERF") and r == int(rounds) - 1:
                # The whole machine: `-p` misses the threads the service starts later (the Swift
                # concurrency pool's workers come and go), which run the batches. Read the service's
                # part with `perf report --pid PID`.
                print(f"  perf: the service is pid {service.process.pid}")
                perf = subprocess.Popen(["perf", "record", "-g", "-F", "999", "-a", "-o",
                                         os.environ["BATON_AUDIT_BENCH_PERF"]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            service_cpu, database = process_cpu(service.process.pid), cluster_cpu()
            ours, latencies, client_cpu = append_round(service.target, "bench-appends", float(seconds), r)
            service_cpu, database = process_cpu(service.process.pid) - service_cpu, cluster_cpu() - database
            if perf:
                perf.send_signal(2)
                perf.wait()
            batches = checkpoints(pgurl) - batches
            all_latencies += latencies
            pairs.append((ours, theirs))
            per_append = 1e6 / max(1, len(latencies))
            # The whole machine's CPU per operation on each side: with 2 cores, 1.0x needs Baton's to be no more
            # than pgbench's at the same share of the machine kept busy.
            ours_cpu = (service_cpu + database + client_cpu) * per_append
            print(f"  round {r + 1}: Baton {ours:,.0f} appends/s, pgbench {theirs:,.0f} inserts/s; CPU µs per append: "
                  f"baton-audit {service_cpu * per_append:.0f}, its Postgres {database * per_append:.0f}, the client "
                  f"{client_cpu * per_append:.0f} (all {ours_cpu:.0f}, {ours * ours_cpu / 1e6:.2f} cores busy); per insert: "
                  f"pgbench's Postgres {their_database:.0f}, pgbench {their_client:.0f} (all {their_database + their_client:.0f}, "
                  f"{theirs * (their_database + their_client) / 1e6:.2f} cores busy); "
                  f"{len(latencies) / max(1, batches):.1f} appends per batch", flush=True)
            print_statements(pgurl, counters, max(1, len(latencies)), "append")
    finally:
        service.terminate()
    ratio = statistics.median(o / t for o, t in pairs)
    all_latencies.sort()
    p50 = all_latencies[len(all_latencies) // 2] * 1000
    p99 = all_latencies[int(len(all_latencies) * 0.99)] * 1000
    print(f"audit appends ({CALLERS} callers, synchronous_commit on, {seconds}s x {rounds} alternating rounds): "
          f"Baton {statistics.median(o for o, _ in pairs):,.0f}/s, pgbench single-row inserts "
          f"{statistics.median(t for _, t in pairs):,.0f}/s: {ratio:.2f}x ({'meets' if ratio >= 1.0 else 'MISSES'} the 1.0x target); "
          f"append latency p50 {p50:.1f} ms, p99 {p99:.1f} ms over {len(all_latencies):,} appends; "
          f"client: {'Swift (AuditAppendLoad)' if WORKER else 'Python grpcio, 2 processes'}; "
          f"{f'{CUSTOMERS} customers' if CUSTOMERS else 'a new customer every append'}")


def leaf_hash(entry):
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify(bin_dir, url, count):
    count = int(count)
    work = tempfile.mkdtemp(prefix="baton-audit-bench-")
    pgurl = url.split("?")[0]
    tenant = f"bench-verify-{count}"
    clean(pgurl)
    service = start_service(bin_dir, url, work)
    try:
        loaded = count - 1
        began = time.monotonic()
        # Entries shaped like real ones (pseudonyms, sealed details of a typical size), each with its own index.
        template = pb.AuditEntry(tenant_id=tenant, kind=pb.RECORD_KIND_TURN_DECISION, decision="DECISION_CONTINUE",
                                 category="billing", source_service="baton-planner", pseudonym_key_version=1,
                                 performed_by=common.Principal(kind=common.PRINCIPAL_KIND_SERVICE, principal_id="baton-planner"))
        template.decide_time.GetCurrentTime()
        template.record_time.CopyFrom(template.decide_time)
        template.subjects.add(kind=pb.SUBJECT_KIND_CONVERSATION, subject_id="ps_" + "0" * 32)
        template.subjects.add(kind=pb.SUBJECT_KIND_CUSTOMER, subject_id="ps_" + "1" * 32)
        template.details.customer_pseudonym = "ps_" + "1" * 32
        template.details.key_version = 1
        template.details.nonce = os.urandom(12)
        template.details.ciphertext = os.urandom(110)
        stack, hashes = [], []
        entries_copy = subprocess.Popen(["psql", pgurl, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                                         "COPY audit.entries (tenant_id, idx, entry, leaf_hash, idempotency_key, kind, principal, "
                                         "subjects, category, decide_time, record_time) FROM STDIN"],
                                        stdin=subprocess.PIPE, text=True)
        now = time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime())
        lines = []
        for n in range(loaded):
            template.index = n
            entry = template.SerializeToString(deterministic=True)
            leaf = leaf_hash(entry)
            lines.append(f"{tenant}\t{n}\t\\\\x{entry.hex()}\t\\\\x{leaf.hex()}\tload-{n}\t1\t5:baton-planner\t"
                         f"{{conversation:ps_{'0' * 32},customer:ps_{'1' * 32}}}\tbilling\t{now}\t{now}\n")
            # tlog's stored hashes: the leaf, then each subtree it completes.
            hashes.append(leaf)
            h = leaf
            m = n + 1
            while m & 1 == 0:
                h = node_hash(stack.pop(), h)
                hashes.append(h)
                m >>= 1
            stack.append(h)
            if len(lines) == 20000:
                entries_copy.stdin.write("".join(lines))
                lines = []
        entries_copy.stdin.write("".join(lines))
        entries_copy.stdin.close()
        if entries_copy.wait() != 0:
            raise SystemExit("COPY of entries failed")
        hashes_copy = subprocess.Popen(["psql", pgurl, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                                        "COPY audit.hashes (tenant_id, hash_index, hash) FROM STDIN"], stdin=subprocess.PIPE, text=True)
        for start in range(0, len(hashes), 50000):
            hashes_copy.stdin.write("".join(f"{tenant}\t{i}\t\\\\x{hashes[i].hex()}\n"
                                            for i in range(start, min(start + 50000, len(hashes)))))
        hashes_copy.stdin.close()
        if hashes_copy.wait() != 0:
            raise SystemExit("COPY of hashes failed")
        root = stack[-1]
        for left in reversed(stack[:-1]):
            root = node_hash(left, root)
        psql(pgurl, f"INSERT INTO audit.logs (tenant_id, tree_size, root_hash) VALUES ('{tenant}', {loaded}, '\\x{root.hex()}')")
        psql(pgurl, "VACUUM ANALYZE audit.entries")
        load_seconds = time.monotonic() - began

        async def finish():
            async with grpc.aio.insecure_channel(service.target) as channel:
                stub = pb_grpc.AuditStub(channel)
                appended = await stub.Append(pb.AppendRequest(record=record(tenant, 1), idempotency_key="last"), timeout=60)
                if appended.index != loaded or appended.checkpoint.tree_size != count:
                    raise SystemExit(f"the service appended at {appended.index} (size {appended.checkpoint.tree_size})")
                timings = []
                # BATON_AUDIT_BENCH_PERF=FILE: perf record -g the service during the Verify calls (profiling).
                perf = None
                if os.environ.get("BATON_AUDIT_BENCH_PERF"):
                    perf = subprocess.Popen(["perf", "record", "-g", "-F", "999", "-p", str(service.process.pid), "-o",
                                             os.environ["BATON_AUDIT_BENCH_PERF"]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    await asyncio.sleep(1)
                for _ in range(3):
                    started = time.monotonic()
                    result = await stub.Verify(pb.VerifyRequest(tenant_id=tenant), timeout=3600)
                    wall = time.monotonic() - started
                    if not result.valid or result.entries_checked != count:
                        raise SystemExit(f"Verify: {result.valid} {result.entries_checked} {result.failure}")
                    timings.append((result.elapsed.ToTimedelta().total_seconds(), wall))
                if perf:
                    perf.send_signal(2)
                    perf.wait()
                return timings

        timings = asyncio.run(finish())
    finally:
        service.terminate()
        clean(pgurl)
    best = min(t for t, _ in timings)
    rate = count / best
    print(f"audit verification: {count:,} entries (loaded in {load_seconds:.0f}s); Verify took "
          + ", ".join(f"{t:.2f}s" for t, _ in timings) + f" (wall {min(w for _, w in timings):.2f}s): "
          f"{rate:,.0f} entries/s at best ({'meets' if rate >= 1_000_000 else 'MISSES'} the 1,000,000/s target)")


def main():
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    bin_dir, url, what, *args = sys.argv[1:]
    {"appends": appends, "verify": verify, "callers": callers}[what](bin_dir, url, *args)


if __name__ == "__main__":
    main()
