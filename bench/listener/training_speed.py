#!/usr/bin/env python3
"""Tables for bench/listener/training_speed.sh from its results.jsonl (one JSON object per JVM run).

Usage: training_speed.py RESULTS.jsonl [--since ISO-TIME-TAG]
Wall and CPU are of the 600 timed training iterations; min / median / max over the rounds. Overhead: the median
of the per-round ratios modewatch / none (and noop / none) within one configuration, with their min and max.
CPU per evaluation during training: (process CPU with ModeWatch - without) / evaluations in the timed window,
per round, median [min, max].
"""
import json
import statistics
import sys
from collections import defaultdict


def mmm(values, fmt="%.1f"):
    if not values:
        return "-"
    return (fmt + " / " + fmt + " / " + fmt) % (min(values), statistics.median(values), max(values))


def main(path):
    runs = [json.loads(line) for line in open(path) if line.strip()]
    rounds = defaultdict(list)  # (tag, mode) -> [run]
    for r in runs:
        rounds[(r["tag"], r["mode"])].append(r)
    print("| configuration | listener | runs | training wall time, s (min / median / max) | process CPU, s (median) "
          "| vs no listener (median [min, max] of per-round ratios) | generator parameters |")
    print("|---|---|---|---|---|---|---|")
    for tag in ["single", "passive", "default"]:
        base = rounds.get((tag, "none"), [])
        for mode in ["none", "noop", "modewatch"]:
            rs = rounds.get((tag, mode), [])
            if not rs:
                continue
            walls = [r["wallSeconds"] for r in rs]
            cpus = [r["processCpuSeconds"] for r in rs]
            ratio = "-"
            if mode != "none" and base:
                ratios = [r["wallSeconds"] / b["wallSeconds"] - 1 for r, b in zip(rs, base)]
                ratio = "%+.1f%% [%+.1f%%, %+.1f%%]" % (
                    100 * statistics.median(ratios), 100 * min(ratios), 100 * max(ratios))
            crcs = {r["generatorCrc32"] for r in rs}
            same = "identical" if base and crcs == {b["generatorCrc32"] for b in base} and len(crcs) == 1 else (
                "differ: %s" % sorted(crcs))
            print("| %s | %s | %d | %s | %.1f | %s | %s |" % (
                tag, mode, len(rs), mmm(walls), statistics.median(cpus), ratio, same))
    print()
    print("| configuration | CPU per evaluation during training, s (median [min, max] over rounds) "
          "| one evaluation alone: wall / CPU, s (median of 10) | of which drawing the samples / NDB, CPU s "
          "| the generator as three plain matrix products, CPU s |")
    print("|---|---|---|---|---|")
    for tag in ["single", "passive", "default"]:
        base = rounds.get((tag, "none"), [])
        mw = rounds.get((tag, "modewatch"), [])
        per = [(m["processCpuSeconds"] - b["processCpuSeconds"]) / max(1, timed_evaluations(m))
               for m, b in zip(mw, base)]
        during = "%.2f [%.2f, %.2f]" % (statistics.median(per), min(per), max(per)) if per else "-"
        cost = rounds.get((tag, "cost"), [])
        alone = parts = plain = "-"
        if cost:
            c = cost[-1]
            alone = "%.3f / %.2f" % (c["evaluateNow"]["wallMedian"], c["evaluateNow"]["cpuMedian"])
            parts = "%.2f / %.2f" % (c["sample"]["cpuMedian"], c["ndb"]["cpuMedian"])
            plain = "%.2f" % c["matmulForward"]["cpuMedian"] if "matmulForward" in c else "-"
        print("| %s | %s | %s | %s | %s |" % (tag, during, alone, parts, plain))
    extra = [r for r in runs if r["tag"] in ("touch", "touch-ended", "gomp1000", "blas1", "master1")]
    if extra:
        print()
        print("| run (ND4J default threads, no listener) | wall, s | process CPU, s |")
        print("|---|---|---|")
        for r in extra:
            print("| %s | %.1f | %.1f |" % (r["tag"], r["wallSeconds"], r["processCpuSeconds"]))


def timed_evaluations(run):
    """Evaluations that started inside the timed window (iterations warmup .. warmup + iterations)."""
    every = 200
    first = -(-run["warmup"] // every) * every
    last = run["warmup"] + run["iterations"] - 1
    return max(0, (last - first) // every + 1)


if __name__ == "__main__":
    main(sys.argv[1])
