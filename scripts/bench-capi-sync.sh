#!/usr/bin/env bash
# The sync of offline interviews under load (issue 19): 500 interviewers each syncing 20 offline household interviews
# at once over real HTTP (loopback), against the online submit measured in the same run (src/test/java/org/sanlv/
# fieldwork/capi/CapiSyncBenchmark.java). Durable PostgreSQL; fails only on loss or duplication. Takes ~3 minutes.
# Usage: scripts/bench-capi-sync.sh   (JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 for virtual threads)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/capi-sync-bench
log=target/capi-sync-bench/run-$(date -u +%Y%m%dT%H%M%SZ).log
echo "== $(date -u +%FT%TZ) $(nproc) cores; uptime: $(uptime)" | tee "$log"
status=0
./mvnw -B -o test -Dtest=CapiSyncBenchmark -Dtest.tags.excluded=none -Dsurefire.failIfNoSpecifiedTests=false \
  >>"$log" 2>&1 || status=$?
echo "== done; uptime: $(uptime)" >>"$log"
grep -E "RESULT|Tests run:|FAIL" "$log" | grep -v "^\[INFO\] Tests run: [0-9]*, Failures: 0, Errors: 0, Skipped: 0$" || true
echo "full log: $log"
exit $status
