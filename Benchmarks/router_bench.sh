#!/usr/bin/env bash
# Router benchmark (make bench): baton-router (release) on the durable
# private cluster against pgbench's FOR UPDATE SKIP LOCKED claim, same run.
# BATON_PG_STATE / BATON_PG_PORT pick the cluster (default: the benchmarks'
# .baton/pg-bench on 54333); BATON_BUILD_LOCK: a file to flock around the build.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
lock=()
if [ -n "${BATON_BUILD_LOCK:-}" ]; then lock=(flock "$BATON_BUILD_LOCK"); fi
(cd "$root" && "${lock[@]}" swift build -c release --product baton-router 2>&1 | grep -E "error" || true)
bin=$(cd "$root" && "${lock[@]}" swift build -c release --show-bin-path)
# The load worker: Swift (Baton's own client) unless BATON_BENCH_PYTHON_WORKER=1 asks for the grpcio one.
if [ "${BATON_BENCH_PYTHON_WORKER:-0}" != 1 ]; then
    "${lock[@]}" swift build -c release --product RouterLoad 2>&1 | grep -E "error" || true
    export BATON_BENCH_WORKER="$("${lock[@]}" swift build -c release --show-bin-path)/RouterLoad"
fi
export BATON_PG_STATE="${BATON_PG_STATE:-$root/.baton/pg-bench}"
export BATON_PG_PORT="${BATON_PG_PORT:-54333}"
export BATON_PG_DURABLE=1
url=$("$root/deploy/local/postgres" start)
trap '"$root/deploy/local/postgres" stop' EXIT
"${PYTHON:-$root/.venv/bin/python}" router_bench.py "$bin" "$url"
