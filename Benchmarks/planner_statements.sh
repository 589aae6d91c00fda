#!/usr/bin/env bash
# Where a CONTINUE turn's Postgres time goes: planner_bench's stack and
# CONTINUE phase with pg_stat_statements on, then per turn: each service's
# CPU, and each statement's calls, time, rows, WAL and buffers (all
# services' statements; the schema names the service), with the WAL and
# transactions of the whole cluster.
# Usage: Benchmarks/planner_statements.sh [SWIFT_BIN_DIR]   (default: this
# checkout's release build; BATON_BENCH_RATE, BATON_BENCH_SECONDS,
# BATON_BENCH_PG_PORT / BATON_BENCH_PG_STATE as planner_bench.sh).
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
bin=${1:-$(cd "$root" && swift build -c release --show-bin-path)}
export BATON_PG_STATE="${BATON_BENCH_PG_STATE:-$root/.baton/pg-planner-bench}"
export BATON_PG_PORT="${BATON_BENCH_PG_PORT:-54337}"
"$root/deploy/local/postgres" stop > /dev/null 2>&1 || true
rm -rf "$BATON_PG_STATE"
url=$("$root/deploy/local/postgres" start)
trap '"$root/deploy/local/postgres" stop' EXIT
base=${url%%\?*}
psql "$base" -X -q -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
"$root/deploy/local/postgres" restart > /dev/null
# Statements inside functions too (audit.move_head's).
psql "$base" -X -q -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "ALTER SYSTEM SET pg_stat_statements.track = 'all'" \
    -c "SELECT pg_reload_conf()" > /dev/null
"$root/.venv/bin/python" planner_statements.py "$bin" "$url" "$root/Services/Planner/Policies/default.yaml"
