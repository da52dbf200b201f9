#!/usr/bin/env bash
# ModeWatch's prdc and kid commands vs. the reference implementations, as whole processes. See bench/README.md
# ("Feature metrics") for what is compared and how to read the results.
#
#   bench/features/run.sh                 # N=10,000 vs 10,000, D=2,048 float32, KID 100 subsets of 1,000
#   N=2000 D=256 RUNS=1 bench/features/run.sh   # smoke test
#
# Knobs: N D K=5 SUBSETS=100 SUBSET_SIZE=1000 CHECK=3000 (rows of the deterministic KID check) SEED=0 RUNS=3
#        README_CHECK=1 (clovaai README example: N(0, I), d = 1,000, 10,000 vs 10,000, k = 5)
#        JAR=target/modewatch-cli.jar JAVA=java WORK_DIR=bench/features/work PRDC_PY=/work/bench-ref/prdc.py
# Runs alternate reference / ModeWatch (RUNS pairs per task), each timed by hyperfine --runs 1; the machine's
# load (/proc/loadavg, and busy CPU not spent by the timed process) is recorded around every run.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$(dirname "$HERE")")
PY=/usr/bin/python3
N=${N:-10000}; D=${D:-2048}; K=${K:-5}; SUBSETS=${SUBSETS:-100}; SUBSET_SIZE=${SUBSET_SIZE:-1000}
CHECK=${CHECK:-3000}; SEED=${SEED:-0}; RUNS=${RUNS:-3}; README_CHECK=${README_CHECK:-1}
JAR=${JAR:-$ROOT/target/modewatch-cli.jar}; JAVA=${JAVA:-java}
WORK=${WORK_DIR:-$HERE/work}; LOGS=$WORK/logs
export PRDC_PY=${PRDC_PY:-/work/bench-ref/prdc.py}
export MPLBACKEND=Agg
mkdir -p "$WORK" "$LOGS"; rm -f "$LOGS"/*
for tool in hyperfine "$PY"; do command -v "$tool" >/dev/null || { echo "run.sh: $tool missing" >&2; exit 1; }; done
"$PY" -c 'import sklearn' 2>/dev/null || { echo "run.sh: install python3-sklearn (apt-get install python3-sklearn)" >&2; exit 1; }
[ -f "$JAR" ] || { echo "run.sh: $JAR missing; mvn -B -q -DskipTests package" >&2; exit 1; }
"$HERE/fetch_prdc.sh"
{ date -Is; uptime; lscpu | grep -E 'Model name|^CPU\(s\)'; free -m | sed -n 2p; "$PY" -c 'import numpy, sklearn; print("numpy", numpy.__version__, "sklearn", sklearn.__version__)'; "$JAVA" -version 2>&1 | head -1; } >"$LOGS/machine.txt"

if [ ! -f "$WORK/data.stamp" ] || [ "$(cat "$WORK/data.stamp")" != "$N $D $CHECK $SEED" ]; then
  echo "== making data ($N x $D float32)" >&2
  "$PY" "$HERE/make_features.py" "$WORK" "$N" "$D" "$CHECK" "$SEED"
  echo "$N $D $CHECK $SEED" >"$WORK/data.stamp"
fi

# one timed run: NAME ATTEMPT COMMAND...; its stdout/stderr -> LOGS/NAME.ATTEMPT.{out,err}
timed() {
  local name=$1 i=$2; shift 2
  local cmd; cmd="$(printf '%q ' "$@")>$(printf '%q' "$LOGS/$name.$i.out") 2>$(printf '%q' "$LOGS/$name.$i.err")"
  cat /proc/loadavg >"$LOGS/$name.$i.loadavg0"
  "$PY" "$ROOT/bench/loadmon.py" snap "$LOGS/$name.$i.snap0.json"
  hyperfine --runs 1 --style none --export-json "$LOGS/$name.$i.hf.json" -- "$cmd" >/dev/null 2>"$LOGS/$name.$i.hf.err" ||
    { echo "run.sh: $name failed, see $LOGS/$name.$i.err" >&2; exit 1; }
  "$PY" "$ROOT/bench/loadmon.py" snap "$LOGS/$name.$i.snap1.json"
  cat /proc/loadavg >"$LOGS/$name.$i.loadavg1"
  echo "   $name #$i: $(cat "$LOGS/$name.$i.out" | tr -d '\n' | cut -c1-160)" >&2
}

W=$WORK
JARGS=(-jar "$JAR")
for i in $(seq 1 "$RUNS"); do
  echo "== pair $i of $RUNS" >&2
  timed prdc_reference "$i" "$PY" "$HERE/reference_prdc.py" "$W/prdc_real.npy" "$W/prdc_gen.npy" "$K"
  timed prdc_modewatch "$i" "$JAVA" "${JARGS[@]}" prdc --real "$W/prdc_real.npy" --generated "$W/prdc_gen.npy" --k "$K" --json
  timed kid_reference "$i" "$PY" "$HERE/reference_kid.py" "$W/kid_real.npy" "$W/kid_gen.npy" "$SUBSETS" "$SUBSET_SIZE"
  timed kid_modewatch "$i" "$JAVA" "${JARGS[@]}" kid --real "$W/kid_real.npy" --generated "$W/kid_gen.npy" \
    --subsets "$SUBSETS" --subset-size "$SUBSET_SIZE" --json
done
echo "== deterministic KID check: one full subset of $CHECK rows" >&2
timed kidcheck_reference 1 "$PY" "$HERE/reference_kid.py" "$W/check_real.npy" "$W/check_gen.npy" 1 "$CHECK"
timed kidcheck_modewatch 1 "$JAVA" "${JARGS[@]}" kid --real "$W/check_real.npy" --generated "$W/check_gen.npy" \
  --subsets 1 --subset-size "$CHECK" --json
if [ "$README_CHECK" = 1 ]; then
  echo "== clovaai README example (float64, d = 1,000, 10,000 vs 10,000, k = 5)" >&2
  timed readme_reference 1 "$PY" "$HERE/reference_prdc.py" "$W/readme_real.npy" "$W/readme_gen.npy" 5
  timed readme_modewatch 1 "$JAVA" "${JARGS[@]}" prdc --real "$W/readme_real.npy" --generated "$W/readme_gen.npy" --k 5 --json
fi
"$PY" "$HERE/summarize.py" "$LOGS" "N=$N D=$D K=$K SUBSETS=$SUBSETS SUBSET_SIZE=$SUBSET_SIZE CHECK=$CHECK SEED=$SEED RUNS=$RUNS bench/features/run.sh" | tee "$WORK/results.md"
