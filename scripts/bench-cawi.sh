#!/usr/bin/env bash
# Throughput of the public submit at 64 concurrent clients (issue 5), as a ratio to the ceiling measured in the
# same run on the same PostgreSQL: pgbench single-row INSERTs of the same JSONB row shape into the same table
# (same indexes), same concurrency. Durable: fsync and synchronous_commit on (the embedded default).
# Usage: scripts/bench-cawi.sh [measured=60000] [clients=64] [seconds-of-pgbench=30]
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java scripts/bench-cawi.sh   (virtual threads are on by default on 21+)
#   SKIP_BUILD=1 to reuse target/sanlv-*.jar and target/test-classes
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-60000}; clients=${2:-64}; seconds=${3:-30}
java=${JAVA:-java}
port=18081; pgport=54349; pw=bench-admin-pw
work=target/cawi-bench; data=$work/data
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -o -q -DskipTests package
jar=$(ls target/sanlv-*.jar | head -1)
psql_() { psql -h localhost -p $pgport -U postgres -d sanlv -v ON_ERROR_STOP=1 -Atq "$@" 2>/dev/null; }
rm -rf "$work"; mkdir -p "$work"

"$java" ${JAVA_OPTS:-} -jar "$jar" --server.port=$port --sanlv.data-dir="$data" --sanlv.db.embedded-port=$pgport \
  --sanlv.org.admin-password=$pw --sanlv.fieldwork.network-per-minute=0 --sanlv.org.demo-provinces=33 \
  >"$work/server.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/login"; do sleep 0.2; done
instrument=""
until [ -n "$instrument" ] && curl -sf -o /dev/null -u admin:$pw "http://127.0.0.1:$port/api/v1/surveys"; do
  sleep 0.5; instrument=$(psql_ -c "select id from instrument where form_id = 'zhejiang-2022' order by id limit 1" || true)
done
for slug in t-bench t-bench-pgbench; do
  curl -sf -u admin:$pw -H 'Content-Type: application/json' "http://127.0.0.1:$port/api/v1/surveys" -d "{\"slug\":\"$slug\",
    \"name\":\"$slug\",\"instrumentId\":$instrument,\"targetCode\":\"33\",\"modes\":[{\"mode\":\"ONLINE\",
    \"opensAt\":\"2026-10-18T16:00:00Z\",\"closesAt\":\"2030-01-01T00:00:00Z\",\"design\":{}}]}" >/dev/null
  # only a running survey (调查中) takes answers
  sid=$(psql_ -c "select id from survey where slug = '$slug'")
  curl -sf -u admin:$pw -H 'Content-Type: application/json' "http://127.0.0.1:$port/api/v1/surveys/$sid/status" \
    -d '{"status":"FIELDING"}' >/dev/null
done
gen() { "$java" -cp target/test-classes org.sanlv.fieldwork.LoadCawi --url http://127.0.0.1:$port --clients "$clients" "$@"; }

echo "== $(date -u +%FT%TZ) $("$java" -version 2>&1 | head -1); $(nproc) cores; $clients clients"
echo "-- warm-up (JIT, caches): 20000 submissions, not measured"
gen --slug t-bench --n 20000 --retries 0 --acked "$work/warm.txt" --seed 11 | grep RESULT

# The same row as the application stores: typed columns, answers and paradata JSONB taken from a stored response.
sid=$(psql_ -c "select id from survey where slug = 't-bench-pgbench'")
row=$(psql_ -c "select quote_literal(answers::text) || ', ' || quote_literal(paradata::text) from response limit 1")
cat >"$work/insert.sql" <<SQL
insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status, started_at,
  submitted_at, device_hash, network_hash, phone_hash, flags, late, answers, paradata, receipt)
values (gen_random_uuid(), $sid, $instrument, '330604', '330604', 'online', 'complete', now() - interval '5 minutes', now(),
  md5(random()::text), 'f3a1c0de9b8e7d6c5b4a39281706f5e4d3c2b1a0', null, '{}', false, $row,
  upper(substr(md5(random()::text), 1, 14)));
SQL
echo "-- ceiling: pgbench, $clients clients, ${seconds}s of single-row INSERTs (one commit each)"
(cd "$work" && pgbench -n -c "$clients" -j 2 -T "$seconds" -l -f insert.sql -h localhost -p $pgport -U postgres sanlv \
  >pgbench.txt 2>&1) || { cat "$work/pgbench.txt"; exit 1; }
pg_tps=$(grep -oP 'tps = \K[0-9.]+' "$work/pgbench.txt" | head -1)
# per-transaction log: client_id transaction_no time(us) script_no time_epoch time_us
cat "$work"/pgbench_log.* | awk '{print $3}' | sort -n >"$work/pg-lat.txt"
pct() { awk -v p="$2" '{a[NR]=$1} END {i=int(p*NR+0.999999); if (i<1) i=1; printf "%.2f", a[i]/1000}' "$1"; }
pg_p50=$(pct "$work/pg-lat.txt" 0.50); pg_p99=$(pct "$work/pg-lat.txt" 0.99)
echo "pgbench: $pg_tps tps, p50 $pg_p50 ms, p99 $pg_p99 ms"

echo "-- application: $n complete submissions (after 5000 warm-up in the same run), 5% deliberate retries"
gen --slug t-bench --n $((n + 5000)) --warmup 5000 --retries 0.05 --acked "$work/acked.txt" --seed 12 | tee "$work/app.txt" | grep -v "^  "
read -r rate p50 p99 < <(grep RESULT "$work/app.txt" | sed -E 's/.*rate=([0-9.]+) p50=([0-9.]+) p99=([0-9.]+).*/\1 \2 \3/')
stored=$(psql_ -c "select count(*) from response r join survey s on s.id = r.survey_id where s.slug = 't-bench'")
echo "stored for t-bench: $stored (warm-up 20000 + $((n + 5000)))"
awk -v r="$rate" -v t="$pg_tps" -v a="$p50" -v b="$pg_p50" -v c="$p99" -v d="$pg_p99" 'BEGIN {
  printf "RATIO throughput %.0f / %.0f = %.2f; p50 %.1f / %.1f ms = %.2f; p99 %.1f / %.1f ms = %.2f\n", r, t, r/t, a, b, a/b, c, d, c/d }'

# The same measurement with wrk (C, two threads) as the client, when installed: like pgbench, a light client, so
# the two cores go to the server rather than to 64 JDK HttpClient threads. Accepted = rows stored in the run.
if command -v wrk >/dev/null 2>&1; then
  html=$(curl -sf "http://127.0.0.1:$port/s/t-bench")
  token=$(grep -oP 'data-token="\K[^"]+' <<<"$html" | head -1)
  sid=$(grep -oP 'data-survey-id="\K[0-9]+' <<<"$html" | head -1)
  before=$(psql_ -c "select count(*) from response where survey_id = $sid and status = 'complete'")
  echo "-- wrk: $clients connections, ${seconds}s"
  wrk -t2 -c"$clients" -d"${seconds}s" --latency -s scripts/bench-cawi.lua "http://127.0.0.1:$port/s/t-bench/responses" \
    -- "$token" "$sid" "$RANDOM" | tee "$work/wrk.txt"
  after=$(psql_ -c "select count(*) from response where survey_id = $sid and status = 'complete'")
  psql_ -c "select status || ' ' || count(*) from response where survey_id = $sid group by status" | sed 's/^/  stored: /'
  wrk_p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt"); wrk_p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  awk -v s="$((after - before))" -v d="$seconds" -v t="$pg_tps" -v a="$wrk_p50" -v c="$wrk_p99" -v b="$pg_p50" -v e="$pg_p99" 'BEGIN {
    printf "RATIO_WRK stored %d in %ds = %.0f accepted/s / %.0f = %.2f; p50 %s (pgbench %.1f ms); p99 %s (pgbench %.1f ms)\n",
      s, d, s/d, t, s/d/t, a, b, c, e }'
fi
