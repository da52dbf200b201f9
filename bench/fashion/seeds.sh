#!/usr/bin/env bash
# The W&B "Measuring Mode Collapse in GANs" seeds experiment on Fashion-MNIST: the fashion demo's DCGAN with latent
# size 100 (good), 5 (bad) and 1 (worst) for the same iterations and seeds, NDB/K and JS every EVERY iterations
# (K = 100, 5,000 generated samples; bins fitted on the 60,000 training images and cached, as the demo does).
#
#   ITERATIONS=3000 EVERY=500 SEEDS="1 2 3" bench/fashion/seeds.sh
#
# Writes bench/fashion/work/seeds/<latent>-<seed>.log (the demo's output), curves.csv, seeds.png (NDB/K, JS and
# coverage against iteration, one line per run; drawn with XChart from the CLI jar via jshell) and table.md (final
# NDB/K, JS, missing bins, classifier-feature Frechet distance, KID, precision/recall/density/coverage, per-class
# shares).
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
    java -jar "${JAR:-target/modewatch-cli.jar}" demo --dataset fashion --latent "$z" --seed "$seed" --iterations "$ITERATIONS" \
      --every "$EVERY" --port 0 --hold 0 --quiet --report "$W/report-$z-$seed" > "$W/$z-$seed.log"
  done
done
python3 - "$W" <<'PY'
import glob, os, re, sys
w = sys.argv[1]
num = r"(-?[\d.]+|NaN)"
ndb = re.compile(r"^iteration +([\d,]+)  NDB/K ([\d.]+) \((\d+)/(\d+) bins, (\d+) missing\)  JS ([\d.]+)")
feat = re.compile(r"features FD " + num + r" \(noise " + num + r"\)  KID " + num
                  + r"  P " + num + r" R " + num + r" D " + num + r" C " + num)
rows, table = [], []
logs = sorted(glob.glob(os.path.join(w, "*.log")),
              key=lambda p: [int(s) for s in re.findall(r"\d+", os.path.basename(p))])
for log in logs:
    z, seed = os.path.basename(log)[:-4].split("-")
    last = lastf = None
    shares = ""
    for l in open(log):
        m = ndb.match(l)
        f = feat.search(l)
        if m and f:
            it = int(m.group(1).replace(",", ""))
            rows.append(f"{z},{seed},{it},{m.group(2)},{m.group(6)},{f.group(7)}")
            last, lastf = m, f
        if l.startswith("Per-class share"):
            shares = l.split(":", 1)[1].strip()
    if last:
        table.append(f"| {z} | {seed} | {last.group(2)} | {last.group(6)} | {last.group(5)} | {lastf.group(1)} "
                     f"(noise {lastf.group(2)}) | {lastf.group(3)} | {lastf.group(4)} / {lastf.group(5)} / "
                     f"{lastf.group(6)} / {lastf.group(7)} | {shares} |")
open(os.path.join(w, "curves.csv"), "w").write(
    "latent,seed,iteration,ndb_fraction,js,coverage\n" + "\n".join(rows) + "\n")
with open(os.path.join(w, "table.md"), "w") as f:
    f.write("| latent | seed | NDB/K | JS (nats) | missing bins | classifier-feature FD | KID | precision / recall / "
            "density / coverage | per-class share, generated vs real (%) |\n")
    f.write("|---|---|---|---|---|---|---|---|---|\n" + "\n".join(table) + "\n")
print(open(os.path.join(w, "table.md")).read())
PY
jshell --class-path "${JAR:-target/modewatch-cli.jar}" -R-Djava.awt.headless=true \
  -R-Dseeds.dir="$W" bench/fashion/plot_seeds.jsh
echo "wrote $W/seeds.png, $W/table.md"
