#!/usr/bin/env bash
# Cold start to ready (embedded PostgreSQL; first start and restart) and idle memory of the process, with the
# same-run baseline of PostgreSQL's own initdb+start and restart using the same binaries.
# Usage: scripts/bench-startup.sh [runs=3]   (needs target/sanlv-*.jar: ./mvnw -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
jar=$(ls target/sanlv-*.jar | head -1)
port=18080
work=$(mktemp -d /tmp/sanlv-bench.XXXX)
ms() { date +%s%3N; }
wait_ready() { until curl -sf -o /dev/null "http://localhost:$port/login"; do sleep 0.05; done; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

first=(); restart=(); rss=(); pgfirst=(); pgrestart=()
for i in $(seq "$runs"); do
  data="$work/app$i"
  t0=$(ms); java -jar "$jar" --sanlv.data-dir="$data" --server.port=$port --sanlv.db.embedded-port=0 >"$work/app$i.log" 2>&1 &
  pid=$!; wait_ready; first+=($(( $(ms) - t0 )))
  sleep 20; rss+=($(( $(ps -o rss= -p $pid) / 1024 )))
  kill -TERM $pid; wait $pid || true
  t0=$(ms); java -jar "$jar" --sanlv.data-dir="$data" --server.port=$port --sanlv.db.embedded-port=0 >>"$work/app$i.log" 2>&1 &
  pid=$!; wait_ready; restart+=($(( $(ms) - t0 )))
  kill -TERM $pid; wait $pid || true

  bin=$(ls -d "$data"/pg-bin/PG-*/bin | head -1)
  pgdata="$work/pg$i"
  t0=$(ms)
  unshare -U -r true 2>/dev/null && as="unshare -U" || as=""
  "$bin/initdb" -A trust -U postgres -D "$pgdata" -E UTF-8 >/dev/null 2>&1 || $as "$bin/initdb" -A trust -U postgres -D "$pgdata" -E UTF-8 >/dev/null
  "$bin/pg_ctl" -D "$pgdata" -o "-p 18432" -w start >/dev/null 2>&1 || $as "$bin/pg_ctl" -D "$pgdata" -o "-p 18432" -w start >/dev/null
  pgfirst+=($(( $(ms) - t0 )))
  "$bin/pg_ctl" -D "$pgdata" -w stop >/dev/null 2>&1 || $as "$bin/pg_ctl" -D "$pgdata" -w stop >/dev/null
  t0=$(ms)
  "$bin/pg_ctl" -D "$pgdata" -o "-p 18432" -w start >/dev/null 2>&1 || $as "$bin/pg_ctl" -D "$pgdata" -o "-p 18432" -w start >/dev/null
  pgrestart+=($(( $(ms) - t0 )))
  "$bin/pg_ctl" -D "$pgdata" -w stop >/dev/null 2>&1 || $as "$bin/pg_ctl" -D "$pgdata" -w stop >/dev/null
done
f=$(printf '%s\n' "${first[@]}" | median); r=$(printf '%s\n' "${restart[@]}" | median)
pf=$(printf '%s\n' "${pgfirst[@]}" | median); pr=$(printf '%s\n' "${pgrestart[@]}" | median)
m=$(printf '%s\n' "${rss[@]}" | median)
echo "runs=$runs java=$(java -version 2>&1 | head -1)"
echo "first start to ready:  ${first[*]} ms  median $f ms;  PostgreSQL initdb+start median $pf ms;  ratio $(awk "BEGIN{printf \"%.1f\", $f/$pf}")"
echo "restart to ready:      ${restart[*]} ms  median $r ms;  PostgreSQL start median $pr ms;  ratio $(awk "BEGIN{printf \"%.1f\", $r/$pr}")"
echo "idle RSS of the JVM after 20 s: ${rss[*]} MB  median $m MB"
rm -rf "$work"
