#!/usr/bin/env bash
# "Next number" of the phone call queue under load (issue 20): 1,000,000 numbers, 500 concurrent callers pressing
# next and recording an outcome, against a bare SELECT … FOR UPDATE SKIP LOCKED LIMIT 1 + hold UPDATE + commit loop
# over the same table in the same run (src/test/java/org/sanlv/fieldwork/cati/CatiQueueBenchmark.java). Durable
# PostgreSQL; fails only on a number handed to two callers at once. Takes ~4 minutes (2 × 1,000,000 rows of setup).
# Usage: scripts/bench-cati-queue.sh   (-Dcati.bench.cases=… -Dcati.bench.callers=… -Dcati.bench.seconds=… via MAVEN_ARGS)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/cati-queue-bench
log=target/cati-queue-bench/run-$(date -u +%Y%m%dT%H%M%SZ).log
echo "== $(date -u +%FT%TZ) $(nproc) cores; uptime: $(uptime)" | tee "$log"
status=0
./mvnw -B -o test -Dtest=CatiQueueBenchmark -Dtest.tags.excluded=none -Dsurefire.failIfNoSpecifiedTests=false \
  ${MAVEN_ARGS:-} >>"$log" 2>&1 || status=$?
echo "== done; uptime: $(uptime)" >>"$log"
grep -E "RESULT|Tests run:|FAIL" "$log" | grep -v "^\[INFO\] Tests run: [0-9]*, Failures: 0, Errors: 0, Skipped: 0$" || true
echo "full log: $log"
exit $status
