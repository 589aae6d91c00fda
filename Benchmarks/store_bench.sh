#!/usr/bin/env bash
# Store benchmark: point selects and single-row inserts through Baton's pool
# against pgbench with the same statements and connections, same run.
# Usage: store_bench.sh STORE_BENCHMARK_BINARY
set -euo pipefail
cd "$(dirname "$0")"
root=..
bin=$1
clients=${BATON_BENCH_CLIENTS:-8}
seconds=${BATON_BENCH_SECONDS:-5}
export BATON_PG_STATE="$root/.baton/pg-bench"
export BATON_PG_PORT=54333
export BATON_PG_DURABLE=1
# synchronous_commit stays on (the default): inserts pay for the WAL flush like production.
url=$("$root/deploy/local/postgres" start)
trap '"$root/deploy/local/postgres" stop' EXIT
pgurl="${url%%\?*}"
pgbench -i -s 1 -q "$pgurl" >/dev/null 2>&1
psql -q "$pgurl" -c "DROP TABLE IF EXISTS bench_inserts; CREATE TABLE bench_inserts (id bigserial PRIMARY KEY, a int, b int)"
# Background work would land on whichever side runs when it starts: no
# autovacuum on the benchmark tables, and a checkpoint before every run.
# (pgbench -i has vacuumed its tables already.)
psql -q "$pgurl" -c "ALTER TABLE bench_inserts SET (autovacuum_enabled = off)" -c "ALTER TABLE pgbench_accounts SET (autovacuum_enabled = off)"
quiesce() { psql -q "$pgurl" -c "CHECKPOINT"; }
script=$(mktemp)
cat > "$script" <<'SQL'
\set x random(1, 100000)
\set y random(1, 100000)
INSERT INTO bench_inserts (a, b) VALUES (:x, :y);
SQL
tps() { grep -E '^tps = ' | head -1 | sed -E 's/tps = ([0-9.]+).*/\1/'; }
# Rounds alternate pgbench and Baton so that the machine's drift hits both;
# the ratio is taken pair by pair and the median reported.
rounds=${BATON_BENCH_ROUNDS:-5}
results=$(mktemp)
for round in $(seq "$rounds"); do
    for kind in select insert; do
        quiesce
        if [ "$kind" = select ]; then
            theirs=$(pgbench -S -M prepared -c "$clients" -j 2 -T "$seconds" -n "$pgurl" 2>/dev/null | tps)
        else
            theirs=$(pgbench -f "$script" -M prepared -c "$clients" -j 2 -T "$seconds" -n "$pgurl" 2>/dev/null | tps)
        fi
        quiesce
        ours=$("$bin" "$url" "$clients" "$seconds" "$kind" | awk '{print $2}')
        echo "$kind $ours $theirs" >> "$results"
    done
done
rm -f "$script"
python3 - "$results" "$clients" "$seconds" "$rounds" <<'PY'
import statistics, sys
path, clients, seconds, rounds = sys.argv[1:]
rows = [line.split() for line in open(path)]
print(f"store ({clients} connections, {seconds}s x {rounds} alternating rounds; pgbench -M prepared -j 2)")
print(f"{'':20} {'Baton TPS':>10} {'pgbench TPS':>12} {'ratio (median of pairs)':>24}")
for kind, label in (("select", "point select"), ("insert", "single-row insert")):
    pairs = [(float(o), float(t)) for k, o, t in rows if k == kind]
    ratio = statistics.median(o / t for o, t in pairs)
    ours = statistics.median(o for o, _ in pairs)
    theirs = statistics.median(t for _, t in pairs)
    verdict = "meets 0.8x" if ratio >= 0.8 else "MISSES 0.8x"
    print(f"{label:20} {ours:10.0f} {theirs:12.0f} {ratio:23.2f}x  {verdict}   pairs: " +
          ", ".join(f"{o / t:.2f}" for o, t in pairs))
PY
rm -f "$results"
