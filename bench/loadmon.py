#!/usr/bin/python3
"""Machine-load bookkeeping for bench/run.sh: other processes on a shared 2-core machine skew timings.

  loadmon.py snap OUT.json                 write a snapshot: /proc/stat CPU jiffies, /proc/loadavg, time
  loadmon.py quiet --max-wait S --busy P   wait (at most S seconds) until the whole machine was at most P %
                                           busy over a 3 s window; prints the seconds waited and the last
                                           busy share on stdout as JSON
  loadmon.py account NAME LOGS ATTEMPT BEFORE.json AFTER.json [--max-other F] [--waited JSON]
                                           CPU used by OTHER processes during the step NAME = machine busy
                                           time between the snapshots minus the step's own user+sys CPU
                                           (from LOGS/NAME.time of /usr/bin/time -v, plus
                                           LOGS/NAME.hf.json of hyperfine: mean user+system x runs), as a
                                           share of the machine's capacity (wall x cpus). Appends a record to
                                           LOGS/NAME.load.json; exit 0 when that share is <= F (default
                                           0.10), 3 when the step should be rerun.
"""
import argparse
import json
import os
import re
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def stat():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]  # user nice system idle iowait irq softirq steal
    idle = v[3] + v[4]
    return {"total": sum(v), "idle": idle}


def snapshot():
    with open("/proc/loadavg") as f:
        load = f.read().split()
    return {"t": time.time(), "stat": stat(), "loadavg": [float(x) for x in load[:3]],
            "uptime": " ".join(load[:3])}


def busy_share(a, b):
    tot = b["total"] - a["total"]
    return (tot - (b["idle"] - a["idle"])) / tot if tot > 0 else 0.0


def quiet(max_wait, busy_pct, window=3.0):
    t0 = time.time()
    while True:
        a = stat()
        time.sleep(window)
        share = busy_share(a, stat())
        waited = time.time() - t0
        if share * 100 <= busy_pct or waited >= max_wait:
            return {"waited_s": round(waited, 1), "busy_share_before": round(share, 3),
                    "quiet": share * 100 <= busy_pct}


def own_cpu(logs, name):
    """user+sys seconds of the step's processes: /usr/bin/time -v run + hyperfine runs."""
    cpu, parts = 0.0, {}
    try:
        txt = open(os.path.join(logs, name + ".time")).read()
        u = float(re.search(r"User time \(seconds\): ([\d.]+)", txt).group(1))
        s = float(re.search(r"System time \(seconds\): ([\d.]+)", txt).group(1))
        cpu += u + s
        parts["time_v_cpu_s"] = u + s
    except (OSError, AttributeError):
        pass
    try:
        r = json.load(open(os.path.join(logs, name + ".hf.json")))["results"][0]
        runs = len(r.get("times") or [])
        c = (r["user"] + r["system"]) * runs
        cpu += c
        parts["hyperfine_cpu_s"] = c
    except (OSError, KeyError, IndexError, ValueError, TypeError):
        pass
    return cpu, parts


def account(args):
    a, b = json.load(open(args.before)), json.load(open(args.after))
    wall = b["t"] - a["t"]
    ncpu = os.cpu_count() or 1
    busy_s = ((b["stat"]["total"] - a["stat"]["total"]) - (b["stat"]["idle"] - a["stat"]["idle"])) / HZ
    mine, parts = own_cpu(args.logs, args.name)
    step_times = {}
    try:
        txt = open(os.path.join(args.logs, args.name + ".time")).read()
        m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", txt)
        sec = 0.0
        for p in m.group(1).split(":"):
            sec = sec * 60 + float(p)
        step_times["time_v_wall_s"] = sec
    except (OSError, AttributeError):
        pass
    try:
        step_times["hyperfine_mean_s"] = json.load(open(os.path.join(args.logs, args.name + ".hf.json")))["results"][0]["mean"]
    except (OSError, KeyError, IndexError, ValueError):
        pass
    other_s = max(0.0, busy_s - mine)
    share = other_s / (wall * ncpu) if wall > 0 else 0.0
    rec = {"attempt": args.attempt, "wall_s": round(wall, 3), "machine_busy_cpu_s": round(busy_s, 2),
           "own_cpu_s": round(mine, 2), **{k: round(v, 2) for k, v in parts.items()},
           "other_cpu_s": round(other_s, 2), "other_share": round(share, 4),
           "loadavg_before": a["uptime"], "loadavg_after": b["uptime"],
           "clean": share <= args.max_other, "max_other": args.max_other,
           **{k: round(v, 3) for k, v in step_times.items()}}
    if args.waited:
        rec["wait"] = json.loads(args.waited)
    path = os.path.join(args.logs, args.name + ".load.json")
    hist = []
    if args.attempt > 1 and os.path.isfile(path):
        hist = json.load(open(path))
    hist.append(rec)
    with open(path, "w") as f:
        json.dump(hist, f, indent=1)
    print(f"{args.name} attempt {args.attempt}: other processes used {share:.1%} of the machine "
          f"({other_s:.1f} CPU-s over {wall:.1f} s); loadavg {a['uptime']} -> {b['uptime']}"
          f"{'' if rec['clean'] else ' -> rerun'}", file=sys.stderr)
    sys.exit(0 if rec["clean"] else 3)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snap")
    s.add_argument("out")
    q = sub.add_parser("quiet")
    q.add_argument("--max-wait", type=float, default=300)
    q.add_argument("--busy", type=float, default=10)
    c = sub.add_parser("account")
    c.add_argument("name")
    c.add_argument("logs")
    c.add_argument("attempt", type=int)
    c.add_argument("before")
    c.add_argument("after")
    c.add_argument("--max-other", type=float, default=0.10)
    c.add_argument("--waited")
    args = ap.parse_args()
    if args.cmd == "snap":
        with open(args.out, "w") as f:
            json.dump(snapshot(), f)
    elif args.cmd == "quiet":
        print(json.dumps(quiet(args.max_wait, args.busy)))
    else:
        account(args)


if __name__ == "__main__":
    main()
