#!/usr/bin/env bash
# Quiz completions per second at 64 concurrent clients as a ratio to the online survey's submit, measured in the
# same run on one server and one PostgreSQL (issue 23; target >= 1.0: a completion is a lighter row than a response).
# After a warm-up of both, it alternates online-submit and quiz-completion runs, 3 rounds, same clients, same count,
# and prints both rates, each round's ratio and the median ratio. Per-network limits off for the run; every
# completion has its own device token and idempotency key, every question answered (LoadQuiz), every submit its own
# device token and key (LoadCawi, no deliberate retries). Durable: fsync and synchronous_commit on (the default).
# Usage: scripts/bench-quiz.sh [per-run=20000] [clients=64] [warm-up=10000] [rounds=3]
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java scripts/bench-quiz.sh   (virtual threads are on by default on 21+)
#   SKIP_BUILD=1 to reuse target/sanlv-*.jar and target/test-classes
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}; clients=${2:-64}; warm=${3:-10000}; rounds=${4:-3}
java=${JAVA:-java}
port=18091; pgport=54359; pw=bench-admin-pw
work=target/quiz-bench; data=$work/data
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -o -q -DskipTests package
jar=$(ls target/sanlv-*.jar | head -1)
psql_() { psql -h localhost -p $pgport -U postgres -d sanlv -v ON_ERROR_STOP=1 -Atq "$@" 2>/dev/null; }
rm -rf "$work"; mkdir -p "$work"

"$java" ${JAVA_OPTS:-} -jar "$jar" --server.port=$port --sanlv.data-dir="$data" --sanlv.db.embedded-port=$pgport \
  --sanlv.org.admin-password=$pw --sanlv.fieldwork.network-per-minute=0 --sanlv.quiz.network-per-minute=0 \
  --sanlv.org.demo-provinces=33 >"$work/server.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/login"; do sleep 0.2; done
instrument=""
until [ -n "$instrument" ] && curl -sf -o /dev/null -u admin:$pw "http://127.0.0.1:$port/api/v1/surveys"; do
  sleep 0.5; instrument=$(psql_ -c "select id from instrument where form_id = 'zhejiang-2022' order by id limit 1" || true)
done
curl -sf -u admin:$pw -H 'Content-Type: application/json' "http://127.0.0.1:$port/api/v1/surveys" -d "{\"slug\":\"t-bench\",
  \"name\":\"t-bench\",\"instrumentId\":$instrument,\"targetCode\":\"33\",\"modes\":[{\"mode\":\"ONLINE\",
  \"opensAt\":\"2026-10-18T16:00:00Z\",\"closesAt\":\"2030-01-01T00:00:00Z\",\"design\":{}}]}" >/dev/null
sid=$(psql_ -c "select id from survey where slug = 't-bench'")
curl -sf -u admin:$pw -H 'Content-Type: application/json' "http://127.0.0.1:$port/api/v1/surveys/$sid/status" \
  -d '{"status":"FIELDING"}' >/dev/null
# the quiz's links name towns: those of the demo province's first counties
areas=$(psql_ -c "select string_agg(code, ',') from (select code from org_node where level = 'town' and code like '33%'
  order by code limit 200) t")
# the live content (the shipped quiz on a new database), the questions LoadQuiz answers
if curl -sf -u admin:$pw "http://127.0.0.1:$port/quiz/editor/content.yaml" -o "$work/quiz.yaml"; then
  echo "-- quiz content: the live edition, from the editor's download"
else
  cp src/main/resources/quiz/anti-fraud.yaml "$work/quiz.yaml"; echo "-- quiz content: the shipped file"
fi

cawi() { "$java" -cp target/test-classes org.sanlv.fieldwork.LoadCawi --url http://127.0.0.1:$port --clients "$clients" \
  --slug t-bench --retries 0 "$@"; }
quiz() { "$java" -cp target/test-classes org.sanlv.quiz.LoadQuiz --url http://127.0.0.1:$port --clients "$clients" \
  --content "$work/quiz.yaml" --areas "$areas" "$@"; }
rate() { grep RESULT "$1" | sed -E 's/.*rate=([0-9.]+).*/\1/'; }

echo "== $(date -u +%FT%TZ) $("$java" -version 2>&1 | head -1); $(nproc) cores; $clients clients; $n per run; $rounds rounds"
echo "-- warm-up (JIT, caches, pools): $warm online submits and $warm quiz completions, not measured"
cawi --n "$warm" --acked "$work/warm-cawi.txt" --seed 100 >"$work/warm-cawi.out"; grep RESULT "$work/warm-cawi.out"
quiz --n "$warm" --seed 100 >"$work/warm-quiz.out"; grep RESULT "$work/warm-quiz.out"

ratios=()
for r in $(seq 1 "$rounds"); do
  cawi --n "$n" --acked "$work/acked-$r.txt" --seed $((200 + r)) >"$work/cawi-$r.out" || { cat "$work/cawi-$r.out"; exit 1; }
  quiz --n "$n" --seed $((200 + r)) >"$work/quiz-$r.out" || { cat "$work/quiz-$r.out"; exit 1; }
  c=$(rate "$work/cawi-$r.out"); q=$(rate "$work/quiz-$r.out")
  ratio=$(awk -v q="$q" -v c="$c" 'BEGIN { printf "%.2f", q / c }')
  ratios+=("$ratio")
  echo "round $r: online submit $c/s ($(grep RESULT "$work/cawi-$r.out" | grep -oE 'p50=[0-9.]+ p99=[0-9.]+')),"\
    "quiz completion $q/s ($(grep RESULT "$work/quiz-$r.out" | grep -oE 'p50=[0-9.]+ p99=[0-9.]+')); ratio $ratio"
done
stored=$(psql_ -c "select count(*) from quiz_completion")
echo "quiz completions stored: $stored (warm-up $warm + $rounds x $n)"
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
echo "RATIO quiz completions / online submits at $clients clients: rounds ${ratios[*]}; median $median (target >= 1.0)"
