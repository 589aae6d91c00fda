#!/usr/bin/env bash
# Whether the learned cues generalise: for each written batch asked for (default
# 15 to 22), the escalation head is trained without that batch
# (Tools/intent/train_escalation.py --leave-out) and the batch alone is scored
# through Evaluate (bench.py --parts written) by a copy of baton-signals whose
# bundled head is that one. Tuning data only: the measuring part is never replayed.
# Usage: Benchmarks/SignalsDev/leave_one_batch_out.sh BIN_DIR [BATCH...]
#   BIN_DIR: a release bin dir holding baton-signals and Baton_SignalsCore.resources
#   (build it first: swift build -c release --product baton-signals).
# BATON_BENCH_PG_PORT / BATON_BENCH_PG_STATE: the benchmark's own Postgres.
# BATON_LOBO_TRAIN_ARGS: more arguments for train_escalation.py; BATON_LOBO_TRAINER: another
# train_escalation.py (an older one, to score a baseline the same way).
set -euo pipefail
# BIN_DIR as given, relative to where the script was called from.
source_bin=$(cd "${1:?usage: leave_one_batch_out.sh BIN_DIR [BATCH...]}" && pwd)
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
shift
if [ $# -eq 0 ]; then batches=(15 16 17 18 19 20 21 22); else batches=("$@"); fi
work=$(mktemp -d)
export BATON_PG_STATE="${BATON_BENCH_PG_STATE:-$root/.baton/pg-signals-bench}"
export BATON_PG_PORT="${BATON_BENCH_PG_PORT:-54337}"
url=$("$root/deploy/local/postgres" start)
trap '"$root/deploy/local/postgres" stop; rm -rf "$work"' EXIT
data="${BATON_DATA_DIR:-$root/../shared/data}/escalation_dev/conversations.jsonl"
for batch in "${batches[@]}"; do
    bin="$work/bin-$batch"
    mkdir -p "$bin"
    cp "$source_bin/baton-signals" "$bin/"
    cp -r "$source_bin/Baton_SignalsCore.resources" "$bin/"
    # shellcheck disable=SC2086
    "$root/.venv-train/bin/python" "${BATON_LOBO_TRAINER:-$root/Tools/intent/train_escalation.py}" --leave-out "$batch" \
        --out "$bin/Baton_SignalsCore.resources/Resources/escalation-model.bin" ${BATON_LOBO_TRAIN_ARGS:-} > "$work/train-$batch.log"
    # The batch's conversations, by the trainer's own reading of an id's batch.
    "$root/.venv-train/bin/python" - "$root/Tools/intent" "$batch" > "$work/written-$batch.jsonl" <<'EOF'
import json, sys
sys.path.insert(0, sys.argv[1])
from train_escalation import batch_of, written_lines
for line in written_lines():
    if batch_of(json.loads(line)["id"]) == int(sys.argv[2]):
        sys.stdout.write(line)
EOF
    echo "batch $batch held out of the head's training:"
    "$root/.venv/bin/python" bench.py "$bin" "$url" "$data" split.tsv --written "$work/written-$batch.jsonl" \
        --parts written ${BATON_LOBO_DUMP:+--dump "$BATON_LOBO_DUMP-$batch.json"} | sed 's/^/  /'
done
