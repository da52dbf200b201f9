#!/usr/bin/env bash
# NDB paper's same-distribution baseline on Fashion-MNIST: the 10,000 test images against K = 100 bins fitted on the
# 60,000 training images (pixels / 255, no whitening), evaluated by ModeWatch and by ndb.py (utils/ndb.py of
# eitanrich/gans-n-gmms, loaded from $NDB_PY, default /work/bench-ref/ndb.py; never committed) on the SAME bins.
#
#   bench/fashion/baseline.sh                 # fits the bins (modewatch fit-reference --seed 1)
#   BINS=~/.cache/modewatch/fashion-ndb-k100-s1.npz bench/fashion/baseline.sh   # reuse the demo's cached bins
#
# Needs target/modewatch-cli.jar (mvn -B -q -DskipTests package), python3-numpy, python3-sklearn/scipy for ndb.py.
# Writes bench/fashion/work/baseline.json (both results) and prints one table row.
set -euo pipefail
cd "$(dirname "$0")/../.."
D=${DATA:-/usr/share/datasets/fashion-mnist}
W=bench/fashion/work
mkdir -p "$W"
JAR=${JAR:-target/modewatch-cli.jar}
PY=${PYTHON:-/usr/bin/python3}   # Debian python3 with numpy, scipy and scikit-learn (ndb.py imports sklearn)
BINS=${BINS:-$W/train-k100.npz}
if [ ! -f "$BINS" ]; then
  java -jar "$JAR" fit-reference --real "$D/train-images-idx3-ubyte.gz" --bins 100 --seed 1 --out "$BINS" --quiet
fi
java -jar "$JAR" ndb --reference "$BINS" --generated "$D/t10k-images-idx3-ubyte.gz" --json > "$W/ours.json"
# the same test images as ndb.py reads them: a float32 .npy of pixels / 255 (decoded by Python's gzip, not by us)
"$PY" - "$D/t10k-images-idx3-ubyte.gz" "$W/t10k.npy" <<'PY'
import gzip, struct, sys
import numpy as np
b = gzip.open(sys.argv[1]).read()
magic, n, r, c = struct.unpack('>IIII', b[:16])
assert magic == 0x803
x = (np.frombuffer(b, dtype=np.uint8, offset=16).reshape(n, r * c).astype(np.float32) / np.float32(255))
np.save(sys.argv[2], x)
PY
"$PY" bench/reference_ndb.py evaluate --bins-npz "$BINS" --generated "$W/t10k.npy" > "$W/ndbpy.json"
"$PY" - "$W/ours.json" "$W/ndbpy.json" <<'PY' | tee "$W/baseline.md"
import json, sys
ours = json.load(open(sys.argv[1]))
ref = json.load(open(sys.argv[2]))
ref = ref["evaluate"]["t10k"]
missing = sum(1 for d, z, pr, pg in zip(ours["different"], ours["zScores"], ours["referenceProportions"],
                                        ours["generatedProportions"]) if d and pg < pr / 4)
print("| test (10,000) vs train bins (60,000), K = 100 | ModeWatch | ndb.py, same bins |")
print("|---|---|---|")
print(f"| NDB (NDB/K) | {ours['ndb']} ({ours['ndbFraction']:.2f}) | {ref['ndb']} ({ref['ndb_over_k']:.2f}) |")
print(f"| JS (nats) | {ours['js']:.5f} | {ref['js']:.5f} |")
print(f"| missing bins | {missing} | - |")
PY
