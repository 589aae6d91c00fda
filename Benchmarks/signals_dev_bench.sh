#!/usr/bin/env bash
# Escalation quality on the development set (Benchmarks/run calls it; make bench):
# Evaluate through grpcio against baton-signals (release) on its own Postgres,
# turn by turn, for the tuning and the measuring part of the fixed split; a bot
# resending everything and one sending only the current turn, compared.
# Targets on the measuring part: precision and recall >= 0.95, every language >= 0.90.
# Then requests for a person on public data (SignalsDev/public_requests.py: Bitext, CLINC150, Banking77),
# and Evaluate alone over the transport at 300 calls/s (SignalsDev/evaluate_load.py; target p99 < 2 ms).
# BATON_BENCH_PG_PORT / BATON_BENCH_PG_STATE: the benchmark's own Postgres.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
(cd "$root" && swift build -c release --product baton-signals 2>&1 | grep -E "error" || true)
(swift build -c release --product PlannerTurnLoad 2>&1 | grep -E "error" || true)
turn_client="$(swift build -c release --show-bin-path)/PlannerTurnLoad"
bin=$(cd "$root" && swift build -c release --show-bin-path)
export BATON_PG_STATE="${BATON_BENCH_PG_STATE:-$root/.baton/pg-signals-bench}"
export BATON_PG_PORT="${BATON_BENCH_PG_PORT:-54337}"
# Durable, as production runs it: Evaluate's p99 over the transport includes its commit's WAL flush.
export BATON_PG_DURABLE=1
url=$("$root/deploy/local/postgres" start)
trap '"$root/deploy/local/postgres" stop' EXIT
data="${BATON_DATA_DIR:-$root/../shared/data}/escalation_dev/conversations.jsonl"
"$root/.venv/bin/python" SignalsDev/bench.py "$bin" "$url" "$data" SignalsDev/split.tsv --written SignalsDev/written "$@"
echo "requests for a person on public data (each sentence alone, through Evaluate):"
"$root/.venv/bin/python" SignalsDev/public_requests.py "$bin" "$url" "${BATON_DATA_DIR:-$root/../shared/data}"
echo "Evaluate alone over the transport (Baton's Swift client, open loop, background jobs at the production 30 s):"
"$root/.venv/bin/python" SignalsDev/evaluate_load.py "$bin" "$url" "$turn_client"
