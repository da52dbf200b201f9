#!/usr/bin/env bash
# Feature-extraction throughput of `modewatch extract` (ONNX Runtime through OnnxFeatureExtractor) on a CNN of
# Inception v3's cost. Inception's real weights cannot be downloaded here, so the model is a random-weight
# VGG-style CNN (299 x 299 x 3 -> 2048 features, ~5.7 G multiply-adds per image, written by
# onnx/scripts/make_fixtures.py --cnn; not committed, 31 MB). Throughput depends on the arithmetic, not on the
# weights' values, but the real Inception's layer shapes differ: read the result as "a model of that cost".
#
#   bench/onnx/run.sh                     # N=64 images, batch 16, 3 runs per input size
#   N=32 REPS=1 bench/onnx/run.sh         # quicker
#   THREADS=1 bench/onnx/run.sh           # ONNX Runtime intra-op threads (default 0 = one per physical core)
#
# Needs Java 17, Maven, python3-onnx and python3-numpy (Debian). Results: bench/work-onnx/results.md.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
WORK=${WORK:-bench/work-onnx}
N=${N:-64}
BATCH=${BATCH:-16}
REPS=${REPS:-3}
THREADS=${THREADS:-0}
mkdir -p "$WORK"

[ -f target/modewatch-cli.jar ] || mvn -B -q -DskipTests package
[ -f "$WORK/cnn.onnx" ] || /usr/bin/python3 onnx/scripts/make_fixtures.py --cnn "$WORK/cnn.onnx" 2> "$WORK/cnn.txt"
cat "$WORK/cnn.txt" >&2
/usr/bin/python3 - "$WORK" "$N" <<'PY'
import sys, numpy as np
work, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(1)
for size in (299, 64):
    path = f"{work}/images_{size}_{n}.npy"
    np.save(path, rng.uniform(0, 1, size=(n, 3, size, size)).astype(np.float32))
PY

machine="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) CPUs"
out="$WORK/results.md"
{
  echo "# modewatch extract throughput, random-weight Inception-sized CNN"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $machine; $(cat "$WORK/cnn.txt" | sed 's/.*: //')"
  echo "command: java -jar target/modewatch-cli.jar extract --model $WORK/cnn.onnx --input IMAGES --out F.npy --batch $BATCH --threads $THREADS"
  echo
  echo "| input | images | run | extract seconds | images/s | load average (1 min) before |"
  echo "|---|---|---|---|---|---|"
} > "$out"
for size in 299 64; do
  for rep in $(seq 1 "$REPS"); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    log=$(java -jar target/modewatch-cli.jar extract --model "$WORK/cnn.onnx" --input "$WORK/images_${size}_${N}.npy" \
          --out "$WORK/features_${size}.npy" --batch "$BATCH" --threads "$THREADS")
    echo "$log" >&2
    line=$(echo "$log" | grep 'images/s')
    secs=$(echo "$line" | sed 's/ s,.*//')
    ips=$(echo "$line" | sed 's/.*, \([0-9.]*\) images\/s.*/\1/')
    what="${size}x${size}"
    [ "$size" = 299 ] || what="${size}x${size}, resized to 299x299"
    echo "| $what | $N | $rep | $secs | $ips | $load |" >> "$out"
  done
done
/usr/bin/python3 -c "import numpy as np, sys; f = np.load(sys.argv[1]); assert f.shape[1] == 2048 and np.isfinite(f).all(), f.shape; print('features', f.shape, f.dtype)" "$WORK/features_299.npy" >&2
cat "$out"
