#!/usr/bin/env bash
# HandleTurn through the whole stack (Benchmarks/run calls it; make bench):
# the CONTINUE path at 300 turns/s and the HANDOFF path, latency and CPU per
# turn of each service, against signals' Evaluate alone in the same run.
# Target: CONTINUE p99 under 10 ms at 300 turns/s.
# BATON_BUILD_LOCK: a lock file the swift builds hold (shared hosts).
# BATON_BENCH_BIN: run these release binaries instead of building (to compare
# two builds in turn on the same host state).
# BATON_BENCH_PG_PORT / BATON_BENCH_PG_STATE: the benchmark's own Postgres.
# BATON_BENCH_DURABLE=0: that Postgres without fsync (the figures of sessions 9-11).
# BATON_BENCH_WAL_READY=0: a fresh cluster's WAL, each segment created during the run (sessions 9-14).
# BATON_BENCH_CLIENT=swift|python|both: who sends the turns (planner_bench.py); swift (the default) is
# Sources/PlannerTurnLoad, built here unless BATON_BENCH_TURN_CLIENT names its binary.
# BATON_BENCH_STATEMENTS=1: the CONTINUE phase alone with pg_stat_statements
# (planner_statements.py): per turn, each statement's calls, time, rows, WAL
# and buffers, the cluster's WAL, its flushes and commits, the indexes read most.
# BATON_BENCH_TRACE=FOLDER: the tail's evidence (planner_bench.py): each turn's
# timing and the host's CPU, the planner's slow turns by phase, and Postgres's
# log of statements over 10 ms, lock waits over 5 ms, checkpoints and
# autovacuum runs (FOLDER/postgres.log).
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
lock=()
if [ -n "${BATON_BUILD_LOCK:-}" ]; then lock=(flock "$BATON_BUILD_LOCK"); fi
if [ -n "${BATON_BENCH_BIN:-}" ]; then
    bin=$BATON_BENCH_BIN
else
    for product in baton-planner baton-signals baton-router baton-handoff baton-audit baton-connector-demo batonctl; do
        (cd "$root" && "${lock[@]}" swift build -c release --product "$product" 2>&1 | grep -E "error" || true)
    done
    bin=$(cd "$root" && swift build -c release --show-bin-path)
fi
if [ "${BATON_BENCH_CLIENT:-swift}" != python ] && [ -z "${BATON_BENCH_TURN_CLIENT:-}" ]; then
    (cd "$root/Benchmarks" && "${lock[@]}" swift build -c release --product PlannerTurnLoad 2>&1 | grep -E "error" || true)
    export BATON_BENCH_TURN_CLIENT="$(cd "$root/Benchmarks" && swift build -c release --show-bin-path)/PlannerTurnLoad"
fi
export BATON_PG_STATE="${BATON_BENCH_PG_STATE:-$root/.baton/pg-planner-bench}"
export BATON_PG_PORT="${BATON_BENCH_PG_PORT:-54337}"
# Durable, as a production Postgres is (fsync and full-page writes on): every commit of a turn waits for its WAL
# flush. Sessions 9-11 ran the bench without fsync (the test default), so their figures carried no flush;
# BATON_BENCH_DURABLE=0 runs it that way again, to compare.
export BATON_PG_DURABLE="${BATON_BENCH_DURABLE:-1}"
# A fresh cluster each run: the figures start from empty tables, and no earlier run's sealed audit entries (under
# another run's secret) or schema remain.
"$root/deploy/local/postgres" stop > /dev/null 2>&1 || true
rm -rf "$BATON_PG_STATE"
url=$("$root/deploy/local/postgres" start)
trap '"$root/deploy/local/postgres" stop' EXIT
# WAL segments ready as a server in service has them (pg_wal_ready says why); BATON_BENCH_WAL_READY=0 skips it.
if [ "${BATON_BENCH_WAL_READY:-1}" = 1 ]; then ./pg_wal_ready "${url%%\?*}"; fi
script=planner_bench.py
if [ -n "${BATON_BENCH_TRACE:-}" ]; then
    mkdir -p "$BATON_BENCH_TRACE"
    psql "${url%%\?*}" -X -q -c "ALTER SYSTEM SET log_min_duration_statement = '10ms'" -c "ALTER SYSTEM SET log_lock_waits = on" \
        -c "ALTER SYSTEM SET deadlock_timeout = '5ms'" -c "ALTER SYSTEM SET log_checkpoints = on" \
        -c "ALTER SYSTEM SET log_autovacuum_min_duration = 0" -c "SELECT pg_reload_conf()" > /dev/null
    trap '"$root/deploy/local/postgres" stop; cp "$BATON_PG_STATE/server.log" "$BATON_BENCH_TRACE/postgres.log"' EXIT
fi
if [ "${BATON_BENCH_STATEMENTS:-0}" = 1 ]; then
    ./pg_statements on "${url%%\?*}"
    script=planner_statements.py
fi
"$root/.venv/bin/python" "$script" "$bin" "$url" "$root/Services/Planner/Policies/default.yaml"
