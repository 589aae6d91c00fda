#!/usr/bin/env bash
# Audit benchmarks on a durable Postgres of their own (fsync on, synchronous_commit
# on): appends through the RPC against pgbench single-row inserts, same run,
# alternating rounds; then Verify over a log of 1,000,000 entries.
# Usage: audit_bench.sh BIN_DIR [appends|verify] (BIN_DIR holding baton-audit and batonctl; both parts by default)
# BATON_AUDIT_BENCH_ROUNDS, BATON_AUDIT_BENCH_SECONDS, BATON_AUDIT_BENCH_ENTRIES tune it; BATON_AUDIT_BENCH_CUSTOMERS=0
# makes every append about a new customer (a sealing key each; default 500 customers).
# BATON_BENCH_STATEMENTS=1: pg_stat_statements on, and the appends rounds print each statement's calls, time,
# rows and WAL per append and per pgbench insert (it costs both sides some CPU: compare ratios without it).
set -euo pipefail
bin=$(cd "$1" && pwd)
part=${2:-all}
cd "$(dirname "$0")"
root=$(cd .. && pwd)
# Its own cluster and port: never make test's (54329) nor another bench's state.
export BATON_PG_STATE="$root/.baton/pg-audit-bench"
export BATON_PG_PORT=${BATON_AUDIT_BENCH_PG_PORT:-54343}
export BATON_PG_DURABLE=1
url=$("$root/deploy/local/postgres" start)
trap '"$root/deploy/local/postgres" stop' EXIT
if [ "${BATON_BENCH_STATEMENTS:-0}" = 1 ]; then ./pg_statements on "${url%%\?*}"; else ./pg_statements off "${url%%\?*}"; fi
py="$root/.venv/bin/python"
# The Swift append client (lighter than Python grpcio, as pgbench is a C client); BATON_BENCH_AUDIT_WORKER=
# (empty) keeps the Python callers.
if [ -z "${BATON_BENCH_AUDIT_WORKER+set}" ]; then
    lock=()
    if [ -n "${BATON_BUILD_LOCK:-}" ]; then lock=(flock "$BATON_BUILD_LOCK"); fi
    (cd "$root/Benchmarks" && "${lock[@]}" swift build -c release --product AuditAppendLoad 2>&1 | grep -E "error" || true)
    export BATON_BENCH_AUDIT_WORKER="$(cd "$root/Benchmarks" && swift build -c release --show-bin-path)/AuditAppendLoad"
fi
if [ "$part" != verify ]; then
    "$py" audit_bench.py "$bin" "$url" appends "${BATON_AUDIT_BENCH_ROUNDS:-3}" "${BATON_AUDIT_BENCH_SECONDS:-10}"
fi
if [ "$part" != appends ]; then
    "$py" audit_bench.py "$bin" "$url" verify "${BATON_AUDIT_BENCH_ENTRIES:-1000000}"
fi
