#!/usr/bin/env python3
"""planner_bench's CONTINUE phase with pg_stat_statements (BATON_BENCH_STATEMENTS=1
Benchmarks/planner_bench.sh turns it on): per turn, each service's CPU, each statement's calls, time, rows,
WAL and buffers, the cluster's WAL, its flushes and commits, and the indexes read most.
Usage: planner_statements.py SWIFT_BIN_DIR DATABASE_URL POLICY_FILE."""

import asyncio
import sys
import tempfile
import time

import planner_bench as bench
from batonkit import psql


def cluster(base):
    """The cluster's WAL bytes, records and flushes to disk, and commits, so far."""
    wal = psql(base, "SELECT wal_bytes, wal_records, wal_fpi, wal_sync FROM pg_stat_wal")[0]
    commits = psql(base, "SELECT sum(xact_commit) FROM pg_stat_database")[0][0]
    return [float(v) for v in wal] + [float(commits)]


async def measure(stack, policy_file, base):
    bots = bench.Bots(stack)
    await bots.set_up(policy_file)
    client = bench.clients(bots, stack)[0]
    await bots.warm_up(stack, client)
    psql(base, "SELECT pg_stat_statements_reset(), pg_stat_reset()")
    before_cluster, before_cpu = cluster(base), stack.cpu()
    started = time.perf_counter()
    latencies, errors, client_cpu, _ = await client.run("continue", bench.RATE, bench.SECONDS, 0)
    elapsed = time.perf_counter() - started
    after_cpu, after_cluster = stack.cpu(), cluster(base)
    client.close()
    await bots.close()
    n = max(1, len(latencies))
    bench.report("CONTINUE", latencies, errors, elapsed, before_cpu, after_cpu, n)
    print(f"   the bench's own client ({client.name}): {client_cpu / n:.2f} ms CPU per turn")
    wal, records, fpi, syncs, commits = [(a - b) / n for a, b in zip(after_cluster, before_cluster)]
    print(f"   cluster per turn: WAL {wal:.0f} B in {records:.1f} records ({fpi:.2f} full pages), {syncs:.2f} WAL flushes,"
          f" {commits:.2f} commits")
    print("calls/turn  µs/turn  rows/turn  WAL B/turn  buffers/turn  statement")
    for row in psql(base, f"""
            SELECT round(sum(calls)::numeric / {n}, 2), round(sum(total_exec_time)::numeric * 1000 / {n}, 1),
                   round(sum(rows)::numeric / {n}, 2), round(sum(wal_bytes) / {n}),
                   round(sum(shared_blks_hit + shared_blks_read + shared_blks_dirtied)::numeric / {n}, 1), 'all'
            FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat%'
            UNION ALL (
            SELECT round(calls::numeric / {n}, 2), round(total_exec_time::numeric * 1000 / {n}, 1),
                   round(rows::numeric / {n}, 2), round(wal_bytes / {n}),
                   round((shared_blks_hit + shared_blks_read + shared_blks_dirtied)::numeric / {n}, 1),
                   left(regexp_replace(query, '\\s+', ' ', 'g'), 150)
            FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat%' AND calls >= {n} / 20
            ORDER BY total_exec_time DESC LIMIT 30)"""):
        print("  ".join(row))
    print("index scans/turn  tuples read/turn  index (a plan reading many tuples per scan is a wrong guess)")
    for row in psql(base, f"""
            SELECT round(idx_scan::numeric / {n}, 2), round(idx_tup_read::numeric / {n}, 1), schemaname || '.' || indexrelname
            FROM pg_stat_user_indexes WHERE idx_scan > 0 ORDER BY idx_tup_read DESC LIMIT 8"""):
        print("  ".join(row))


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    bin_dir, url, policy = sys.argv[1:]
    stack = bench.Stack(bin_dir, url, tempfile.mkdtemp(prefix="baton-planner-statements-"))
    stack.start()
    try:
        asyncio.run(measure(stack, policy, url.split("?")[0]))
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
