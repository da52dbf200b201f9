#!/usr/bin/env bash
# Two CLI jars (e.g. before/after a change) on the commands that must not start ND4J, alternating, RUNS times:
# `ndb --reference REF.npz --generated X.npy` and `fsd --real-stats A.npz --generated-stats B.npz`; with
# KID_DIR=bench/features/work also `kid --real kid_real.npy --generated kid_gen.npy` (bench/features/run.sh's data).
# Prints wall time, CPU time (user + sys: steadier than wall time on a shared machine) and peak RSS per run.
#   BEFORE=/tmp/before.jar AFTER=target/modewatch-cli.jar W=bench/work bench/cli_pairs.sh
# Needs in $W: ref.npz (modewatch fit-reference), gen_collapsed.npy, stats_a.npz, stats_b.npz (bench/make_data.py).
set -euo pipefail
cd "$(dirname "$0")/.."
W=${W:-bench/work}; RUNS=${RUNS:-5}; BEFORE=${BEFORE:?path of the jar before}; AFTER=${AFTER:-target/modewatch-cli.jar}
echo "machine: $(nproc) CPUs; start: $(uptime)"
for i in $(seq 1 "$RUNS"); do
  for side in before after; do
    jar=$BEFORE; [ "$side" = after ] && jar=$AFTER
    /usr/bin/time -f "run $i $side ndb wall %e s cpu %U+%S s rss %M KB" \
      java -jar "$jar" ndb --reference "$W/ref.npz" --generated "$W/gen_collapsed.npy" --json >/dev/null
    /usr/bin/time -f "run $i $side fsd wall %e s cpu %U+%S s rss %M KB" \
      java -jar "$jar" fsd --real-stats "$W/stats_a.npz" --generated-stats "$W/stats_b.npz" --json >/dev/null
    if [ -n "${KID_DIR:-}" ]; then
      /usr/bin/time -f "run $i $side kid wall %e s cpu %U+%S s rss %M KB" \
        java -jar "$jar" kid --real "$KID_DIR/kid_real.npy" --generated "$KID_DIR/kid_gen.npy" --json >/dev/null
    fi
  done
done 2>&1
echo "end: $(uptime)"
