#!/usr/bin/env bash
# The gateway benchmark (Benchmarks/run calls it; make bench): what baton-gateway
# adds to a unary call (latency p50/p99, CPU per request) against calling
# baton-signals directly, next to Envoy and nghttpx as plain gRPC proxies to the
# same upstream, in the same run (Benchmarks/gateway_bench.py says how).
# Target: the gateway's added CPU per request and added p99 at most Envoy's.
# BATON_BUILD_LOCK: a lock file the swift builds hold (shared hosts).
# BATON_BENCH_PG_PORT / BATON_BENCH_PG_STATE: the benchmark's own Postgres.
# BATON_BENCH_RATE, _CONNECTIONS, _SECONDS, _ROUNDS, _SATURATION_SECONDS,
# _PROXY_WORKERS: the load (see gateway_bench.py).
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
lock=()
if [ -n "${BATON_BUILD_LOCK:-}" ]; then lock=(flock "$BATON_BUILD_LOCK"); fi
for product in baton-signals baton-gateway; do
    (cd "$root" && "${lock[@]}" swift build -c release --product "$product" 2>&1 | grep -E "error" || true)
done
bin=$(cd "$root" && swift build -c release --show-bin-path)
export BATON_PG_STATE="${BATON_BENCH_PG_STATE:-$root/.baton/pg-gateway-bench}"
export BATON_PG_PORT="${BATON_BENCH_PG_PORT:-54338}"
# A fresh cluster each run: no key or thresholds of an earlier run remain.
"$root/deploy/local/postgres" stop > /dev/null 2>&1 || true
rm -rf "$BATON_PG_STATE"
url=$("$root/deploy/local/postgres" start)
trap '"$root/deploy/local/postgres" stop' EXIT
"$root/.venv/bin/python" gateway_bench.py "$bin" "$url"
