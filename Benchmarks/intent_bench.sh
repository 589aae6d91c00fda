#!/usr/bin/env bash
# The shipped Swift intent model on the CLINC150 and Banking77 test splits,
# and its speed (release build). Data: $BATON_DATA_DIR or ../shared/data.
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release --product IntentBenchmark 2>&1 | grep -E "error" || true
"$(swift build -c release --show-bin-path)/IntentBenchmark" "$@"
