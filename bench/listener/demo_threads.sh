#!/usr/bin/env bash
# The README's demo with the two ways of taming ND4J's threads on small networks (issue 17): single-threaded in
# code (what the demo does) vs ND4J's default threads with OMP_WAIT_POLICY=PASSIVE in the environment.
#
#   bench/listener/demo_threads.sh                 # 3 alternating pairs of the default demo (scenes, 3,000 iterations)
#   PAIRS=5 ARGS="--dataset ring" bench/listener/demo_threads.sh
#
# Needs the all-in-one jar (mvn -B -DskipTests package). Prints wall and CPU (user + sys) per run, and
# min / median / max per configuration.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
PAIRS=${PAIRS:-3}
ARGS=${ARGS:-}
JAR=${JAR:-target/modewatch-cli.jar}
[ -f "$JAR" ] || { echo "no $JAR: run mvn -B -DskipTests package first" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(uptime)"
one() { # name, then the command
  local name=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$OUT/time" "$@" demo $ARGS --hold 0 --port 0 --quiet --report "$OUT/report" >/dev/null 2>"$OUT/err" \
    || { cat "$OUT/err" >&2; exit 1; }
  read -r wall user sys < "$OUT/time"
  echo "$name $wall $(python3 -c "print(round($user + $sys, 2))")" | tee -a "$OUT/results"
}
for ((i = 0; i < PAIRS; i++)); do
  if ((i % 2 == 0)); then
    one single java -jar "$JAR"
    one passive env OMP_WAIT_POLICY=PASSIVE java -Dmodewatch.demo.nd4jThreads=default -jar "$JAR"
  else
    one passive env OMP_WAIT_POLICY=PASSIVE java -Dmodewatch.demo.nd4jThreads=default -jar "$JAR"
    one single java -jar "$JAR"
  fi
done
python3 - "$OUT/results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for name in ("single", "passive"):
    w = sorted(float(r[1]) for r in rows if r[0] == name)
    c = sorted(float(r[2]) for r in rows if r[0] == name)
    print("%-8s wall %.1f / %.1f / %.1f s   CPU median %.1f s   (min / median / max of %d)" % (
        name, w[0], statistics.median(w), w[-1], statistics.median(c), len(w)))
PY
