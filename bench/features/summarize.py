#!/usr/bin/python3
"""Markdown table of bench/features/run.sh's logs: wall times (min/median/max over the runs), speed-up of the
medians, result agreement, and the machine's load during each step. usage: summarize.py LOGS COMMAND"""
import glob
import json
import os
import statistics
import sys

logs, command = sys.argv[1], sys.argv[2]
HZ = os.sysconf("SC_CLK_TCK")


def runs(name):
    out = []
    for hf in sorted(glob.glob(os.path.join(logs, f"{name}.*.hf.json"))):
        i = hf.split(".")[-3]
        r = json.load(open(hf))["results"][0]
        wall = r["times"][0]
        own = r["user"] + r["system"]
        s0 = json.load(open(os.path.join(logs, f"{name}.{i}.snap0.json")))
        s1 = json.load(open(os.path.join(logs, f"{name}.{i}.snap1.json")))
        total = (s1["stat"]["total"] - s0["stat"]["total"]) / HZ      # CPU-seconds of all CPUs
        busy = total - (s1["stat"]["idle"] - s0["stat"]["idle"]) / HZ
        other = max(0.0, busy - own) / total if total > 0 else 0.0
        load = s0["loadavg"][0]
        result = json.loads(open(os.path.join(logs, f"{name}.{i}.out")).read())
        out.append({"wall": wall, "cpu": own, "other": other, "load": float(load), "result": result})
    return out


def fmt(rs):
    w = [r["wall"] for r in rs]
    return f"{statistics.median(w):.2f} s [{min(w):.2f}, {max(w):.2f}]"


def cpu(rs):
    return f"{statistics.median(r['cpu'] for r in rs):.1f}"


def loads(rs):
    return f"{max(r['other'] for r in rs) * 100:.0f}% / {max(r['load'] for r in rs):.2f}"


print(f"Command: `{command}`  \n")
print(open(os.path.join(logs, "machine.txt")).read().replace("\n", "  \n"))
print("| task | runs | reference wall, median [min, max] | ModeWatch wall | speed-up (wall medians) | CPU s (user+sys) ref / ours | results | other processes' CPU share (max) / load average at start (max), ref; ours |")
print("|---|---|---|---|---|---|---|---|")
for task, label, keys in (("prdc", "prdc vs clovaai compute_prdc", ("precision", "recall", "density", "coverage")),
                          ("kid", "KID vs numpy", ("kid", "kidStd")),
                          ("kidcheck", "KID, one full subset (deterministic)", ("kid",)),
                          ("readme", "prdc, clovaai README example", ("precision", "recall", "density", "coverage"))):
    ref, ours = runs(task + "_reference"), runs(task + "_modewatch")
    if not ref or not ours:
        continue
    speed = statistics.median(r["wall"] for r in ref) / statistics.median(r["wall"] for r in ours)
    a, b = ref[0]["result"], ours[0]["result"]
    if task == "kid":
        agree = f"ref {a['kid']:.6g} ± {a['kidStd']:.3g}; ours {b['kid']:.6g} ± {b['kidStd']:.3g} (different subset draws)"
    else:
        diffs = [abs(a[k] - b[k]) for k in keys]
        agree = ("equal" if max(diffs) == 0 else f"max abs diff {max(diffs):.3g}") + ": " + \
            ", ".join(f"{k} {b[k]:.6g}" for k in keys)
    print(f"| {label} | {len(ref)} | {fmt(ref)} | {fmt(ours)} | {speed:.1f}x | {cpu(ref)} / {cpu(ours)} | {agree} | {loads(ref)}; {loads(ours)} |")
