#!/usr/bin/env bash
# Training speed of a plain dense DL4J GAN on Fashion-MNIST with and without ModeWatch (issue 17).
# See bench/listener/README.md ("Training speed").
#
#   bench/listener/training_speed.sh                 # 5 rounds of 3 thread configurations x 3 listener modes
#   REPS=3 bench/listener/training_speed.sh          # fewer rounds
#   EXPLAIN=1 bench/listener/training_speed.sh       # also the runs behind the explanation (one each)
#   REPS=0 bench/listener/training_speed.sh          # only the cost of one evaluation (mode=cost), a minute
#   bench/listener/training_speed.sh summarize       # the tables again from the results file
#
# Every run is its own JVM: 50 untimed + 600 timed iterations, batch 64; the listener evaluates every 200
# iterations on 2,000 generated samples with NDB K = 100 (bins fitted once on 20,000 training images).
# Configurations: single (ND4J's maxThreads, maxMasterThreads and BLAS threads set to 1 in code, as the demo
# does), passive (ND4J's defaults with OMP_WAIT_POLICY=PASSIVE), default (ND4J's defaults). Modes: none (no
# listener), noop (an empty BaseTrainingListener), modewatch. The order of configurations and modes rotates from
# round to round. Results: $WORK/results.jsonl (one JSON object per run) and $WORK/results.md.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
WORK=${WORK:-bench/listener/work/speed}
REPS=${REPS:-5}
DATA=${DATA:-/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz}
mkdir -p "$WORK"
RESULTS="$WORK/results.jsonl"

if [ "${1:-}" = summarize ]; then
  python3 "$HERE/training_speed.py" "$RESULTS" | tee "$WORK/results.md"
  exit 0
fi
[ -f "$DATA" ] || { echo "no Fashion-MNIST at $DATA: apt-get install dataset-fashion-mnist (or DATA=...)" >&2; exit 2; }

if [ "${BUILD:-1}" = 1 ]; then
  echo "== build: mvn -B -q -Pbench -DskipTests -pl bench/listener -am install" >&2
  mvn -B -q -Dstyle.color=never -Pbench -DskipTests -pl bench/listener -am install
  mvn -B -q -Dstyle.color=never -f bench/listener/pom.xml dependency:build-classpath \
    -Dmdep.outputFile="$ROOT/bench/listener/target/listener-bench.classpath" -Dmdep.includeScope=runtime >/dev/null
fi
CP="bench/listener/target/classes:$(cat bench/listener/target/listener-bench.classpath)"
REF="$WORK/ndb-fashion-k100-n20000.npz"
if [ ! -f "$REF" ]; then
  echo "== fitting the NDB bins (K = 100, 20,000 training images) -> $REF" >&2
  java -cp "$CP" io.github.modewatch.bench.TrainingSpeed reference file="$REF" n=20000 bins=100 data="$DATA" >&2
fi
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(uptime)" >&2

# one run: ENV (a VAR=value or -), then the program's key=value arguments; appends its JSON line to RESULTS
run() {
  local env_assign=$1 tag=$2; shift 2
  local line
  if [ "$env_assign" = - ]; then
    line=$(java -Xmx2g -cp "$CP" io.github.modewatch.bench.TrainingSpeed reference="$REF" data="$DATA" "$@" 2>/dev/null | tail -1)
  else
    line=$(env "$env_assign" java -Xmx2g -cp "$CP" io.github.modewatch.bench.TrainingSpeed reference="$REF" data="$DATA" "$@" 2>/dev/null | tail -1)
  fi
  local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
  line=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d["tag"]=sys.argv[2]; d["loadavg"]=sys.argv[3]; print(json.dumps(d))' "$line" "$tag" "$load")
  echo "$line" >> "$RESULTS"
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print("  %-8s %-10s %s  (load %s)" % (d["tag"], d["mode"], "one evaluation: %.3f s wall, %.2f s CPU" % (d["evaluateNow"]["wallMedian"], d["evaluateNow"]["cpuMedian"]) if d["mode"] == "cost" else "wall %6.1f s  CPU %6.1f s  evaluations %s" % (d["wallSeconds"], d["processCpuSeconds"], d.get("evaluations", "-")), d["loadavg"]))' "$line" >&2
}

configs=(single passive default)
modes=(none noop modewatch)
for ((rep = 0; rep < REPS; rep++)); do
  echo "== round $((rep + 1)) of $REPS" >&2
  for ((i = 0; i < 3; i++)); do
    c=${configs[$(((i + rep) % 3))]}
    for ((j = 0; j < 3; j++)); do
      m=${modes[$(((j + rep) % 3))]}
      case $c in
        single) run - single threads=single mode="$m" ;;
        passive) run OMP_WAIT_POLICY=PASSIVE passive threads=default mode="$m" ;;
        default) run - default threads=default mode="$m" ;;
      esac
    done
  done
done
if [ "${EXPLAIN:-0}" = 1 ]; then
  echo "== the runs behind the explanation" >&2
  run - touch threads=default mode=touch
  run - touch-ended threads=default mode=touch-ended
  run GOMP_SPINCOUNT=1000 gomp1000 threads=default mode=none
  run OPENBLAS_NUM_THREADS=1 blas1 threads=default mode=none
  run - master1 threads=master1 mode=none
fi
echo "== cost of one evaluation with nothing else running (mode=cost, 10 calls each)" >&2
for c in single passive default; do
  case $c in
    single) run - single threads=single mode=cost ;;
    passive) run OMP_WAIT_POLICY=PASSIVE passive threads=default mode=cost ;;
    default) run - default threads=default mode=cost ;;
  esac
done
python3 "$HERE/training_speed.py" "$RESULTS" | tee "$WORK/results.md"
