#!/usr/bin/env bash
# Store benchmark: point selects and single-row inserts through Baton's pool
# against pgbench with the same statements and connections, same run.
# Usage: store_bench.sh STORE_BENCHMARK_BINARY
set -euo pipefail
cd "$(dirname "$0")"
root=..
bin=$1
clients=${BATON_BENCH_CLIENTS:-8}
seconds=${BATON_BENCH_SECONDS:-10}
export BATON_PG_STATE="$root/.baton/pg-bench"
export BATON_PG_PORT=54333
# synchronous_commit stays on (the default): inserts pay for the WAL flush like production.
url=$("$root/deploy/local/postgres" start)
trap '"$root/deploy/local/postgres" stop' EXIT
pgurl="${url%%\?*}"
pgbench -i -s 1 -q "$pgurl" >/dev/null 2>&1
psql -q "$pgurl" -c "DROP TABLE IF EXISTS bench_inserts; CREATE TABLE bench_inserts (id bigserial PRIMARY KEY, a int, b int)"
script=$(mktemp)
cat > "$script" <<'SQL'
\set x random(1, 100000)
\set y random(1, 100000)
INSERT INTO bench_inserts (a, b) VALUES (:x, :y);
SQL
tps() { grep -E '^tps = ' | head -1 | sed -E 's/tps = ([0-9.]+).*/\1/'; }
pg_select=$(pgbench -S -M prepared -c "$clients" -j 2 -T "$seconds" -n "$pgurl" 2>/dev/null | tps)
pg_insert=$(pgbench -f "$script" -M prepared -c "$clients" -j 2 -T "$seconds" -n "$pgurl" 2>/dev/null | tps)
rm -f "$script"
ours=$("$bin" "$url" "$clients" "$seconds")
our_select=$(echo "$ours" | awk '/select_tps/ {print $2}')
our_insert=$(echo "$ours" | awk '/insert_tps/ {print $2}')
printf "%-34s %12s %12s %8s\n" "store ($clients connections, ${seconds}s)" "Baton TPS" "pgbench TPS" "ratio"
for row in "point select:$our_select:$pg_select" "single-row insert:$our_insert:$pg_insert"; do
    IFS=: read -r name ours theirs <<< "$row"
    ratio=$(python3 -c "print(f'{$ours / $theirs:.2f}x')")
    target=$(python3 -c "print('meets 0.8x' if $ours / $theirs >= 0.8 else 'MISSES 0.8x')")
    printf "%-34s %12s %12.0f %8s  %s\n" "$name" "$ours" "$theirs" "$ratio" "$target"
done
