#!/usr/bin/env bash
# The W&B "Measuring Mode Collapse in GANs" seeds experiment on Fashion-MNIST: the fashion demo's DCGAN with latent
# size 100 (good), 5 (bad) and 1 (worst) for the same iterations and seeds, NDB/K and JS every EVERY iterations
# (K = 100, 5,000 generated samples; bins fitted on the 60,000 training images and cached, as the demo does).
#
#   ITERATIONS=3000 EVERY=500 SEEDS="1 2 3" bench/fashion/seeds.sh
#
# Writes bench/fashion/work/seeds/<latent>-<seed>.log (the demo's output), curves.csv, seeds.png (NDB/K and JS
# against iteration, one line per run; drawn with XChart from the CLI jar via jshell) and table.md (final NDB/K, JS,
# missing bins, per-class shares, classifier-feature Frechet distance).
set -euo pipefail
cd "$(dirname "$0")/../.."
ITERATIONS=${ITERATIONS:-3000}
EVERY=${EVERY:-500}
SEEDS=${SEEDS:-1}
LATENTS=${LATENTS:-"100 5 1"}
W=bench/fashion/work/seeds
mkdir -p "$W"
for seed in $SEEDS; do
  for z in $LATENTS; do
    java -jar target/modewatch-cli.jar demo --dataset fashion --latent "$z" --seed "$seed" --iterations "$ITERATIONS" \
      --every "$EVERY" --port 0 --hold 0 --quiet --report "$W/report-$z-$seed" > "$W/$z-$seed.log"
  done
done
python3 - "$W" <<'PY'
import glob, os, re, sys
w = sys.argv[1]
line = re.compile(r"^iteration +([\d,]+)  NDB/K ([\d.]+) \((\d+)/(\d+) bins, (\d+) missing\)  JS ([\d.]+).*?"
                  r"classifier-feature FD ([\d.NaN]+)")
rows, table = [], []
for log in sorted(glob.glob(os.path.join(w, "*.log")), key=lambda p: [int(s) for s in re.findall(r"\d+", os.path.basename(p))]):
    z, seed = os.path.basename(log)[:-4].split("-")
    last = None
    shares = ""
    for l in open(log):
        m = line.match(l)
        if m:
            it = int(m.group(1).replace(",", ""))
            rows.append(f"{z},{seed},{it},{m.group(2)},{m.group(6)}")
            last = m
        if l.startswith("Per-class share"):
            shares = l.split(":", 1)[1].strip()
    if last:
        table.append(f"| {z} | {seed} | {last.group(2)} | {last.group(6)} | {last.group(5)} | {last.group(7)} | {shares} |")
open(os.path.join(w, "curves.csv"), "w").write("latent,seed,iteration,ndb_fraction,js\n" + "\n".join(rows) + "\n")
with open(os.path.join(w, "table.md"), "w") as f:
    f.write("| latent | seed | NDB/K | JS (nats) | missing bins | classifier-feature FD | per-class share, generated vs real (%) |\n")
    f.write("|---|---|---|---|---|---|---|\n" + "\n".join(table) + "\n")
print(open(os.path.join(w, "table.md")).read())
PY
jshell --class-path target/modewatch-cli.jar -R-Djava.awt.headless=true \
  -R-Dseeds.dir="$W" bench/fashion/plot_seeds.jsh
echo "wrote $W/seeds.png, $W/table.md"
