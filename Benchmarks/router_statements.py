#!/usr/bin/env python3
"""One saturated router throughput phase, then pg_stat_statements per
assignment (the assignments stored, warm-up included, divide every figure).
Usage: router_statements.py ROUTER_BIN_DIR DATABASE_URL; REPLICAS (2)."""

import os
import sys
import tempfile

import router_bench as bench
from batonkit import Replica, psql


def main():
    bin_dir, url = sys.argv[1], sys.argv[2]
    base = url.split("?")[0]
    replicas = [Replica(bin_dir, url, f"statements-{i}", tempfile.mkdtemp(prefix="baton-statements-"))
                for i in range(int(os.environ.get("REPLICAS", "2")))]
    for r in replicas:
        r.start()
    try:
        psql(base, "SELECT pg_stat_statements_reset()")
        phase = bench.run_workers(replicas, "throughput", 8, 2, dict(agents=50, capacity=4, backlog=200, enqueuers=32))
    finally:
        for r in replicas:
            r.terminate()
    n = int(psql(base, "SELECT count(*) FROM router.assignments")[0][0])
    print(f"{len(replicas)} replica(s): {phase['rate']:.0f} assignments/s; {n} assignments stored")
    print("µs/assignment  calls  rows  WAL B/assignment  WAL records  buffers  statement")
    for row in psql(base, f"""
            SELECT round(sum(total_exec_time)::numeric * 1000 / {n}, 1), sum(calls), sum(rows), round(sum(wal_bytes) / {n}),
                   round(sum(wal_records)::numeric / {n}, 1), round(sum(shared_blks_hit + shared_blks_read)::numeric / {n}, 1),
                   'all'
            FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat%'
            UNION ALL (
            SELECT round(total_exec_time::numeric * 1000 / {n}, 1), calls, rows, round(wal_bytes / {n}),
                   round(wal_records::numeric / {n}, 1), round((shared_blks_hit + shared_blks_read)::numeric / {n}, 1),
                   left(regexp_replace(query, '\\s+', ' ', 'g'), 70)
            FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat%' ORDER BY total_exec_time DESC LIMIT 10)"""):
        print("  ".join(row))


if __name__ == "__main__":
    main()
