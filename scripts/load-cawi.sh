#!/usr/bin/env bash
# No loss, no duplicates under load (issue 5): N complete online responses from 64 clients with 5% deliberate
# retries against the packaged application on its own embedded PostgreSQL (fsync and synchronous_commit on);
# then the same with the server killed (kill -9) and restarted mid-run. After each run the store is checked:
# exactly N responses of the survey, every acknowledged key present once, no respondent (device) twice.
# Usage: scripts/load-cawi.sh [N=200000] [clients=64] [kill-after-seconds=45]
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java scripts/load-cawi.sh    (any JDK 17+)
#   SKIP_BUILD=1 to reuse target/sanlv-*.jar and target/test-classes
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}; clients=${2:-64}; kill_after=${3:-45}
java=${JAVA:-java}
port=18080; pgport=54339; pw=load-admin-pw
work=target/cawi-load; data=$work/data
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -o -q -DskipTests package
jar=$(ls target/sanlv-*.jar | head -1)
psql_() { psql -h localhost -p $pgport -U postgres -d sanlv -v ON_ERROR_STOP=1 -Atq "$@" 2>/dev/null; }

start_server() {
  "$java" -jar "$jar" --server.port=$port --sanlv.data-dir="$data" --sanlv.db.embedded-port=$pgport \
    --sanlv.org.admin-password=$pw --sanlv.fieldwork.network-per-minute=0 --sanlv.org.demo-provinces=33 \
    >>"$work/server.log" 2>&1 &
  server=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/login"; do
    kill -0 $server 2>/dev/null || { echo "server died; see $work/server.log"; exit 1; }
    sleep 0.2
  done
}
stop_server() { kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true; }
trap 'stop_server' EXIT

create_survey() { # slug (waits for the first start's seeding: questionnaires, admin)
  local instrument="" tries=0
  until [ -n "$instrument" ] && curl -sf -o /dev/null -u admin:$pw "http://127.0.0.1:$port/api/v1/surveys"; do
    sleep 0.5; tries=$((tries + 1)); [ $tries -lt 240 ] || { echo "no questionnaire or admin after 2 min"; exit 1; }
    instrument=$(psql_ -c "select id from instrument where form_id = 'zhejiang-2022' order by id limit 1" || true)
  done
  curl -sf -u admin:$pw -H 'Content-Type: application/json' "http://127.0.0.1:$port/api/v1/surveys" -d "{\"slug\":\"$1\",
    \"name\":\"$1\",\"instrumentId\":$instrument,\"targetCode\":\"33\",\"modes\":[{\"mode\":\"ONLINE\",
    \"opensAt\":\"2026-10-18T16:00:00Z\",\"closesAt\":\"2030-01-01T00:00:00Z\",\"design\":{}}]}" >/dev/null
  # only a running survey (调查中) takes answers
  local sid; sid=$(psql_ -c "select id from survey where slug = '$1'")
  curl -sf -u admin:$pw -H 'Content-Type: application/json' "http://127.0.0.1:$port/api/v1/surveys/$sid/status" \
    -d '{"status":"FIELDING"}' >/dev/null
}

verify() { # slug acked-file
  local sid rows distinct_dev acked missing dup_acked
  sid=$(psql_ -c "select id from survey where slug = '$1'")
  rows=$(psql_ -c "select count(*) from response where survey_id = $sid")
  distinct_dev=$(psql_ -c "select count(distinct device_hash) from response where survey_id = $sid")
  acked=$(wc -l <"$2")
  dup_acked=$(sort "$2" | uniq -d | wc -l)
  missing=$(psql_ <<SQL
create temp table acked (k uuid);
\copy acked from '$2'
select count(*) from acked a where not exists (select 1 from response r where r.idempotency_key = a.k);
SQL
)
  echo "check $1: stored $rows (want $n), distinct devices $distinct_dev, acknowledged $acked, acknowledged twice $dup_acked, acknowledged but missing $missing"
  [ "$rows" = "$n" ] && [ "$distinct_dev" = "$n" ] && [ "$acked" = "$n" ] && [ "$missing" = "0" ] && [ "$dup_acked" = "0" ] \
    && echo "PASS $1" || { echo "FAIL $1"; return 1; }
}

rm -rf "$work"; mkdir -p "$work"
echo "== $(date -u +%FT%TZ) $("$java" -version 2>&1 | head -1); N=$n clients=$clients; $(nproc) cores"
start_server
create_survey t-load
create_survey t-load-crash

echo "== run 1: steady"
"$java" -cp target/test-classes org.sanlv.fieldwork.LoadCawi --url http://127.0.0.1:$port --slug t-load --n "$n" \
  --clients "$clients" --retries 0.05 --acked "$work/acked-1.txt" --seed 1 | tee "$work/run-1.txt"
verify t-load "$work/acked-1.txt"

echo "== run 2: kill -9 after ${kill_after}s, restart"
"$java" -cp target/test-classes org.sanlv.fieldwork.LoadCawi --url http://127.0.0.1:$port --slug t-load-crash --n "$n" \
  --clients "$clients" --retries 0.05 --acked "$work/acked-2.txt" --seed 2 > "$work/run-2.txt" 2>&1 &
load=$!
sleep "$kill_after"
echo "kill -9 of the server (pid $server) with $(wc -l < "$work/acked-2.txt") acknowledged so far"
kill -9 $server; wait $server 2>/dev/null || true
t0=$(date +%s%3N)
start_server
echo "restarted in $(( $(date +%s%3N) - t0 )) ms (orphaned PostgreSQL stopped and started again)"
wait $load || true
cat "$work/run-2.txt" | grep -v "^  " || true
verify t-load-crash "$work/acked-2.txt"
stop_server
