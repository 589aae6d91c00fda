#!/usr/bin/env bash
# Knowledge search benchmark (Benchmarks/run calls it; make bench): quality of
# baton-handoff's SearchKnowledge on Bitext against PyPI rank-bm25 0.2.2 (BM25Okapi)
# on the same split in the same run (recall@1, recall@3, MRR and their ratios),
# then search latency over the real transport with 10,000 articles (p50, p99).
# Targets: recall@3 at least BM25's; p99 under 5 ms.
# BATON_BUILD_LOCK: a lock file the swift build and the measurements hold (shared hosts).
# BATON_BENCH_PG_PORT / BATON_BENCH_PG_STATE: the benchmark's own Postgres.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
lock=()
if [ -n "${BATON_BUILD_LOCK:-}" ]; then lock=(flock "$BATON_BUILD_LOCK"); fi
(cd "$root" && "${lock[@]}" swift build -c release --product baton-handoff 2>&1 | grep -E "error" || true)
bin=$(cd "$root" && swift build -c release --show-bin-path)
export BATON_PG_STATE="${BATON_BENCH_PG_STATE:-$root/.baton/pg-handoff-bench}"
export BATON_PG_PORT="${BATON_BENCH_PG_PORT:-54336}"
url=$("$root/deploy/local/postgres" start)
trap '"$root/deploy/local/postgres" stop' EXIT
"${lock[@]}" "$root/.venv/bin/python" handoff_bench.py "$bin" "$url" "$root/../shared/data/bitext/bitext_cs_v_2023-08-07.csv"
