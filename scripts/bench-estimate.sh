#!/usr/bin/env bash
# Benchmark of `sanlv estimate` against R's survey package on generated data (issue 6):
# 1,000,000 respondents, 90 counties (strata) x ~40 PSUs, post-stratified to 6 age groups x 2 sexes per
# county, five default indicators by county with county-minus-province differences (Java).
# R: svydesign/postStratify/svymean/svyby(deff = TRUE) on the same file, in the same run.
# Records wall time and peak memory (/usr/bin/time -v) and checks estimates, SEs and deffs agree.
#
#   ./mvnw -q -o compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
#   scripts/bench-estimate.sh [respondents]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
DIR=target/bench-estimate
mkdir -p "$DIR"
[ -f target/cp.txt ] || ./mvnw -q -o dependency:build-classpath -Dmdep.outputFile=target/cp.txt
[ -f "$DIR/responses-$N.done" ] || { python3 scripts/bench-estimate-generate.py "$N" "$DIR" && touch "$DIR/responses-$N.done"; }
echo "data: $(wc -l < "$DIR/responses.csv") lines, $(du -h "$DIR/responses.csv" | cut -f1)"

timed() { # name, command...
  local name=$1; shift
  /usr/bin/time -v "$@" 2> "$DIR/$name.time" > "$DIR/$name.out" || { cat "$DIR/$name.time"; exit 1; }
  local wall mem
  wall=$(grep 'Elapsed (wall clock)' "$DIR/$name.time" | awk '{print $NF}')
  mem=$(grep 'Maximum resident set size' "$DIR/$name.time" | awk '{print $NF}')
  echo "$name: wall $wall, peak RSS $((mem / 1024)) MB"
}

timed java java -Xmx2g -cp "target/classes:$(cat target/cp.txt)" org.sanlv.estimation.EstimateCommand \
  --data "$DIR/responses.csv" --strata county --cluster psu --weight w \
  --poststratify "$DIR/margins.csv" --indicators scripts/bench-estimate-indicators.yaml \
  --by county --out "$DIR/java-estimates.csv" --diff-out "$DIR/java-diffs.csv"
timed R Rscript scripts/bench-estimate.R "$DIR"

python3 - "$DIR" <<'PY'
import csv, sys
d = sys.argv[1]
java = {(r["domain"], r["indicator"]): r for r in csv.DictReader(open(d + "/java-estimates.csv"))}
worst = {"estimate": 0, "se": 0, "deff": 0}
n = 0
for r in csv.DictReader(open(d + "/r-estimates.csv")):
    j = java[(r["domain"], r["indicator"])]
    n += 1
    for k in worst:
        a, b = float(j[k]), float(r[k])
        worst[k] = max(worst[k], abs(a - b) / abs(b))
ok = worst["estimate"] < 1e-9 and worst["se"] < 1e-7 and worst["deff"] < 1e-7
print(f"compared {n} rows; largest relative differences: " + ", ".join(f"{k} {v:.1e}" for k, v in worst.items())
      + ("  -> identical to tolerance" if ok else "  -> DIFFER"))
sys.exit(0 if ok else 1)
PY
