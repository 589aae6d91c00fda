#!/usr/bin/env bash
# HandleTurn through the whole stack (Benchmarks/run calls it; make bench):
# the CONTINUE path at 300 turns/s and the HANDOFF path, latency and CPU per
# turn of each service, against signals' Evaluate alone in the same run.
# Target: CONTINUE p99 under 10 ms at 300 turns/s.
# BATON_BUILD_LOCK: a lock file the swift builds hold (shared hosts).
# BATON_BENCH_PG_PORT / BATON_BENCH_PG_STATE: the benchmark's own Postgres.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
lock=()
if [ -n "${BATON_BUILD_LOCK:-}" ]; then lock=(flock "$BATON_BUILD_LOCK"); fi
for product in baton-planner baton-signals baton-router baton-handoff baton-audit baton-connector-demo batonctl; do
    (cd "$root" && "${lock[@]}" swift build -c release --product "$product" 2>&1 | grep -E "error" || true)
done
bin=$(cd "$root" && swift build -c release --show-bin-path)
export BATON_PG_STATE="${BATON_BENCH_PG_STATE:-$root/.baton/pg-planner-bench}"
export BATON_PG_PORT="${BATON_BENCH_PG_PORT:-54337}"
# A fresh cluster each run: the figures start from empty tables, and no earlier run's sealed audit entries (under
# another run's secret) or schema remain.
"$root/deploy/local/postgres" stop > /dev/null 2>&1 || true
rm -rf "$BATON_PG_STATE"
url=$("$root/deploy/local/postgres" start)
trap '"$root/deploy/local/postgres" stop' EXIT
"$root/.venv/bin/python" planner_bench.py "$bin" "$url" "$root/Services/Planner/Policies/default.yaml"
