#!/usr/bin/env bash
# Where an assignment's Postgres time goes: one saturated router_bench
# throughput phase (REPLICAS replicas, default 2) with pg_stat_statements,
# then Postgres time, WAL and buffers per assignment by statement.
# Usage: Benchmarks/router_statements.sh [ROUTER_BIN_DIR]   (default: this
# checkout's release build). Turns pg_stat_statements on in the benchmark
# cluster (.baton/pg-bench) for the run and off again after it.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
bin=${1:-$(cd "$root" && swift build -c release --show-bin-path)}
export BATON_BENCH_WORKER="$(swift build -c release --show-bin-path)/RouterLoad"
export BATON_PG_STATE="${BATON_PG_STATE:-$root/.baton/pg-bench}" BATON_PG_PORT="${BATON_PG_PORT:-54333}" BATON_PG_DURABLE=1
url=$("$root/deploy/local/postgres" start)
base=${url%%\?*}
psql "$base" -X -q -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
"$root/deploy/local/postgres" restart >/dev/null
trap 'psql "$base" -X -q -c "ALTER SYSTEM RESET shared_preload_libraries"; "$root/deploy/local/postgres" stop' EXIT
psql "$base" -X -q -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "DROP SCHEMA IF EXISTS router CASCADE"
"${PYTHON:-$root/.venv/bin/python}" router_statements.py "$bin" "$url"
