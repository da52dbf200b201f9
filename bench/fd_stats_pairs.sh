#!/usr/bin/env bash
# Frechet distance from stats files, d = 2,048: the reference's compute time on arrays already in memory (scipy
# sqrtm route, bench/reference_frechet.py) against our whole `fsd` process, alternating, RUNS times.
# Needs the data of a full bench/run.sh in bench/work (stats_a.npz, stats_b.npz) and target/modewatch-cli.jar.
#   bench/fd_stats_pairs.sh            # 5 pairs
set -euo pipefail
cd "$(dirname "$0")/.."
W=${WORK_DIR:-bench/work}; RUNS=${RUNS:-5}
for i in $(seq 1 "$RUNS"); do
  ref=$(/usr/bin/python3 bench/reference_frechet.py stats --a "$W/stats_a.npz" --b "$W/stats_b.npz" 2>/dev/null |
        /usr/bin/python3 -c "import json,sys; print(round(json.load(sys.stdin)['stats']['compute_seconds'], 3))")
  start=$(date +%s.%N)
  java -jar target/modewatch-cli.jar fsd --real-stats "$W/stats_a.npz" --generated-stats "$W/stats_b.npz" --json >/dev/null
  end=$(date +%s.%N)
  ours=$(echo "$end - $start" | bc)
  echo "pair $i: reference in memory $ref s, ModeWatch whole process $ours s, ratio $(echo "scale=2; $ref / $ours" | bc)x"
done
echo "machine: $(nproc) CPUs, $(uptime)"
