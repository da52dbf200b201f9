#!/usr/bin/python3
"""Collect bench/work/logs/* written by bench/run.sh into results.json and results.md
(Markdown table printed on stdout)."""
import argparse
import datetime
import json
import os
import re
import subprocess

NA = "not available"


def read_json(path):
    try:
        with open(path) as f:
            d = json.load(f)
        return d if isinstance(d, dict) else None
    except Exception:
        return None


def read_text(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except Exception:
        return None


def parse_time_v(path):
    """GNU time -v output -> wall seconds, max RSS, user/sys seconds, exit status."""
    txt = read_text(path)
    if not txt:
        return None
    out = {}
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", txt)
    if m:
        parts = [float(p) for p in m.group(1).split(":")]
        s = 0.0
        for p in parts:
            s = s * 60 + p
        out["wall_s"] = s
    for key, pat in (("max_rss_kib", r"Maximum resident set size \(kbytes\): (\d+)"),
                     ("user_s", r"User time \(seconds\): ([\d.]+)"),
                     ("sys_s", r"System time \(seconds\): ([\d.]+)"),
                     ("exit_status", r"Exit status: (\d+)"),
                     ("cpu_percent", r"Percent of CPU this job got: (\d+)%")):
        m = re.search(pat, txt)
        if m:
            out[key] = float(m.group(1)) if "." in m.group(1) else int(m.group(1))
    return out


def parse_hf(path):
    d = read_json(path)
    if not d or not d.get("results"):
        return None
    r = d["results"][0]
    return {k: r.get(k) for k in ("mean", "stddev", "median", "min", "max", "times")}


_UNIT = {"K": 1 / 1024, "M": 1.0, "G": 1024.0}


def parse_gc(path):
    """Unified GC log (-Xlog:gc) -> peak heap used before a GC and peak committed heap (MiB)."""
    txt = read_text(path)
    if txt is None:
        return None
    before, committed, n = 0.0, 0.0, 0
    for m in re.finditer(r"(\d+)([KMG])->(\d+)([KMG])\((\d+)([KMG])\)", txt):
        n += 1
        before = max(before, int(m.group(1)) * _UNIT[m.group(2)])
        committed = max(committed, int(m.group(5)) * _UNIT[m.group(6)])
    return {"gc_events": n, "peak_heap_used_before_gc_mib": before if n else None,
            "peak_heap_committed_mib": committed if n else None}


def parse_nmt(path):
    txt = read_text(path)
    if not txt:
        return None
    out = {}
    m = re.search(r"Total: reserved=(\d+)KB, committed=(\d+)KB", txt)
    if m:
        out["nmt_total_committed_mib"] = int(m.group(2)) / 1024
    m = re.search(r"Java Heap \(reserved=(\d+)KB, committed=(\d+)KB\)", txt)
    if m:
        out["nmt_heap_committed_mib"] = int(m.group(2)) / 1024
    return out or None


def step(logs, name):
    """Everything known about one process run."""
    rc = read_text(os.path.join(logs, name + ".rc"))
    s = {"rc": int(rc) if rc not in (None, "") else None,
         "time": parse_time_v(os.path.join(logs, name + ".time")),
         "hyperfine": parse_hf(os.path.join(logs, name + ".hf.json")),
         "json": read_json(os.path.join(logs, name + ".out"))}
    if s["rc"] != 0:
        s["json"] = None
    s["ok"] = s["rc"] == 0
    try:
        with open(os.path.join(logs, name + ".load.json")) as f:
            s["load"] = json.load(f)
    except (OSError, ValueError):
        s["load"] = None
    return s


def load_cell(*steps):
    """'ref 1.2 % / ours 0.3 % other CPU (loadavg 0.10 -> 1.95), 2 attempts' for the reported attempts."""
    parts, la = [], []
    for label, s in steps:
        recs = s.get("load") if s else None
        if not recs:
            continue
        r = recs[-1]
        parts.append(f"{label} {100 * r['other_share']:.1f} %" + (f" ({len(recs)} runs)" if len(recs) > 1 else "")
                     + ("" if r["clean"] else " NOISY"))
        la.append(f"{label} {r['loadavg_before'].split()[0]}->{r['loadavg_after'].split()[0]}")
    if not parts:
        return "-"
    return "other CPU " + ", ".join(parts) + "; loadavg " + ", ".join(la)


def load_runs_cell(*sides):
    """per-run 'other CPU' share of each side, in run order, and loadavg over the whole series."""
    parts, first, last = [], None, None
    for label, runs in sides:
        shares, noisy, reruns = [], 0, 0
        for s in runs:
            recs = s.get("load") or []
            if not recs:
                continue
            r = recs[-1]
            shares.append(f"{100 * r['other_share']:.0f}")
            noisy += not r["clean"]
            reruns += len(recs) - 1
            first = first or r["loadavg_before"].split()[0]
            last = r["loadavg_after"].split()[0]
        if shares:
            parts.append(f"{label} {'/'.join(shares)} %" + (f" ({reruns} reruns)" if reruns else "")
                         + (f" {noisy} NOISY" if noisy else ""))
    if not parts:
        return "-"
    return "other CPU per run " + ", ".join(parts) + f"; loadavg {first}->{last}"


def whole_s(s):
    """Whole-process seconds: hyperfine mean if there is one, else the single /usr/bin/time run."""
    if not s["ok"]:
        return None
    if s["hyperfine"]:
        return s["hyperfine"]["mean"]
    if s["time"] and "wall_s" in s["time"]:
        return s["time"]["wall_s"]
    return None


def stats3(xs):
    """min / median / max of a list of seconds (None when empty)."""
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    n = len(xs)
    med = xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2
    return {"n": n, "min": xs[0], "median": med, "max": xs[-1]}


def run_times(s):
    """Whole-process wall seconds of every timed run of a step: hyperfine's runs if there are any,
    else the single /usr/bin/time run."""
    if not s or not s["ok"]:
        return []
    if s["hyperfine"] and s["hyperfine"].get("times"):
        return list(s["hyperfine"]["times"])
    if s["time"] and "wall_s" in s["time"]:
        return [s["time"]["wall_s"]]
    return []


def fmt_mmm(st3):
    if not st3:
        return NA
    if st3["n"] == 1:
        return fmt_s(st3["median"]) + " (1 run)"
    return f"{fmt_s(st3['min'])} / **{fmt_s(st3['median'])}** / {fmt_s(st3['max'])}"


def speedup_cell(ref3, ours3, ratios):
    """speed-up from the medians, plus the range of the per-run ratios."""
    if not ref3 or not ours3:
        return NA, None
    sp = ref3["median"] / ours3["median"]
    txt = f"**{sp:.1f}x**"
    if ratios and len(ratios) > 1:
        txt += f" (runs {min(ratios):.1f}-{max(ratios):.1f}x)"
    return txt, sp


def fmt_s(x):
    if x is None:
        return NA
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def speedup(ref, ours):
    return f"{ref / ours:.2f}x" if ref and ours else NA


JUDGE = True  # targets are for SIZE=full; main() turns judging off for other sizes


def verdict(ok):
    if not JUDGE:
        return "n/a (targets are for SIZE=full)"
    return "n/a" if ok is None else ("**met**" if ok else "**NOT met**")


def machine():
    info = {}
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for key in ("Model name", "CPU(s)", "Thread(s) per core", "Core(s) per socket", "Socket(s)", "CPU family",
                    "Model", "L2 cache", "L3 cache", "Hypervisor vendor"):
            m = re.search(rf"^{re.escape(key)}:\s+(.*)$", out, re.M)
            if m:
                info[key] = m.group(1).strip()
    except OSError:
        pass
    try:
        m = re.search(r"MemTotal:\s+(\d+) kB", open("/proc/meminfo").read())
        info["MemTotal GiB"] = round(int(m.group(1)) / 1024 ** 2, 1)
    except (OSError, AttributeError):
        pass
    return info


def rel(a, b):
    if a is None or b is None:
        return None
    return abs(a - b) / abs(a) if a else abs(a - b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("--size", default="?")
    ap.add_argument("--have-jar", default="0")
    ap.add_argument("--jar", default="")
    ap.add_argument("--params", nargs="*", default=[])
    ap.add_argument("--command", default="bench/run.sh")
    ap.add_argument("--real-bytes", type=int, default=0)
    args = ap.parse_args()
    global JUDGE
    JUDGE = args.size == "full"
    logs = os.path.join(args.work_dir, "logs")
    params = dict(p.split("=", 1) for p in args.params)

    # alternating fit runs ref_fit_1, ours_fit_1, ...; a log from before FIT_RUNS has ref_fit / ours_fit only
    nfit = int(params.get("fit_runs", 0) or 0)
    fit_names = {side: ([f"{side}_fit_{i}" for i in range(1, nfit + 1)] if nfit else [f"{side}_fit"])
                 for side in ("ref", "ours")}
    fit_runs = {side: [step(logs, n) for n in names] for side, names in fit_names.items()}
    for i, s_ in enumerate(fit_runs["ours"]):
        # a run that never happened (our side stopped after a failure) is left out
        if s_["rc"] is None:
            s_["skipped"] = True
    fit_runs["ours"] = [s_ for s_ in fit_runs["ours"] if not s_.get("skipped")]
    st = {n: step(logs, n) for n in (
        "ours_fit_nmt", "objective",
        "ref_eval_gen_good", "ours_eval_gen_good", "ref_on_ours_eval_gen_good",
        "ref_eval_gen_collapsed", "ours_eval_gen_collapsed", "ref_on_ours_eval_gen_collapsed",
        "ref_fd_stats", "ours_fd_stats", "ref_fd_samples", "ours_fd_samples")}
    # the last run of each side made the bins that are evaluated; "ok" = every run succeeded
    st["ref_fit"] = dict(fit_runs["ref"][-1])
    st["ref_fit"]["ok"] = all(r["ok"] for r in fit_runs["ref"])
    st["ours_fit"] = dict(fit_runs["ours"][-1]) if fit_runs["ours"] else step(logs, "ours_fit_1")
    # our side counts only if it produced what the contract promises
    st["ours_fit"]["ok"] = bool(fit_runs["ours"]) and all(r["ok"] for r in fit_runs["ours"]) \
        and os.path.isfile(os.path.join(args.work_dir, "ours_bins.npz"))
    for n in ("ours_eval_gen_good", "ours_eval_gen_collapsed"):
        st[n]["ok"] = st[n]["ok"] and bool(st[n]["json"]) and all(k2 in st[n]["json"] for k2 in ("ndb", "js", "bins"))
    for n in ("ours_fd_stats", "ours_fd_samples"):
        st[n]["ok"] = st[n]["ok"] and bool(st[n]["json"]) and "distance" in st[n]["json"]
    for n, s_ in st.items():
        if not s_["ok"]:
            s_["json"] = None
    gc = None
    if st["ours_fit"]["ok"]:
        gcs = [g for g in (parse_gc(os.path.join(logs, n + ".gc.log")) for n in fit_names["ours"]) if g]
        gcs = [g for g in gcs if g.get("peak_heap_used_before_gc_mib") is not None] or gcs
        if gcs:
            gc = max(gcs, key=lambda g: g.get("peak_heap_used_before_gc_mib") or 0)
    nmt = None if not st["ours_fit"]["ok"] else parse_nmt(os.path.join(logs, "ours_fit_nmt.out")) or parse_nmt(os.path.join(logs, "ours_fit_nmt.err"))
    k = int(params.get("k", 0)) or None
    rows, checks = [], []

    # ---- fit
    rf, of = st["ref_fit"], st["ours_fit"]
    rf_in = rf["json"]["fit"]["fit_seconds"] if rf["json"] else None
    obj = st["objective"]["json"]
    q = NA
    obj_ok = None
    if obj and len(obj.get("objectives", [])) == 2:
        r_used, r_all = obj["ratio_second_over_first_per_used_dim"], obj["ratio_second_over_first_all_dims"]
        obj_ok = r_used <= 1.05 and r_all <= 1.05
        q = f"K-means objective ours/ref: {r_used:.4f} per used dim, {r_all:.4f} over all dims"
        of_text = read_text(os.path.join(logs, fit_names["ours"][-1] + ".out"))
        if rf["json"]:
            q += (f"; ref sklearn inertia {rf['json']['fit']['inertia']:.6g} "
                  f"({rf['json']['fit']['kmeans_effective_n_init']} inits, {rf['json']['fit']['kmeans_n_iter']} it.)")
        if of_text:
            m = re.search(r"(\d+) iterations, objective ([\d.e+]+)", of_text)
            if m:
                q += f", ours {float(m.group(2)):.6g} (1 init, {m.group(1)} it.)"
    elif obj and obj.get("objectives"):
        q = f"ref objective/used dim {obj['objectives'][0]['per_used_dim']:.6g}; ours {NA}"
    ref_w = [r["time"]["wall_s"] if r["ok"] and r["time"] and "wall_s" in r["time"] else None for r in fit_runs["ref"]]
    ours_w = [r["time"]["wall_s"] if r["ok"] and r["time"] and "wall_s" in r["time"] else None
              for r in fit_runs["ours"]] if st["ours_fit"]["ok"] else []
    ref_in = [r["json"]["fit"]["fit_seconds"] for r in fit_runs["ref"] if r["json"]]
    ref3, ours3, in3 = stats3(ref_w), stats3(ours_w), stats3(ref_in)
    pair = [a / b for a, b in zip(ref_w, ours_w) if a and b]  # ref_i / ours_i, adjacent runs
    ref_cell = f"{fmt_mmm(ref3)} (in-memory {fmt_mmm(in3)})"
    sp_txt, sp = speedup_cell(ref3, ours3, pair)
    fit_ok = None if sp is None or obj_ok is None else (sp >= 5 and obj_ok)
    rows.append((f"NDB fit {params.get('n_real')} x {params.get('dim')}, K={k}, {params.get('max_dims')} dims, "
                 f"{params.get('dtype', 'float32')}",
                 ref_cell, fmt_mmm(ours3), sp_txt,
                 ">= 5x, objective <= 1.05x", verdict(fit_ok), q,
                 load_runs_cell(("ref", fit_runs["ref"]), ("ours", fit_runs["ours"]))))
    def cpu_s(r):
        t = r["time"] if r["ok"] else None
        return t["user_s"] + t["sys_s"] if t and "user_s" in t and "sys_s" in t else None
    ref_cpu = [cpu_s(r) for r in fit_runs["ref"]]
    ours_cpu = [cpu_s(r) for r in fit_runs["ours"]] if st["ours_fit"]["ok"] else []
    rc3, oc3 = stats3(ref_cpu), stats3(ours_cpu)
    ncpu = os.cpu_count() or 1
    if rc3 and oc3:
        checks.append(f"fit CPU seconds (user+sys, all threads; less sensitive to other load than wall time): "
                      f"ref {fmt_mmm(rc3)}, ours {fmt_mmm(oc3)}, ratio of medians {rc3['median'] / oc3['median']:.1f}x; "
                      f"CPU share of {ncpu} x wall per run: ref "
                      + "/".join(f"{100 * c / (ncpu * w):.0f}" for c, w in zip(ref_cpu, ref_w) if c and w) + " %, ours "
                      + "/".join(f"{100 * c / (ncpu * w):.0f}" for c, w in zip(ours_cpu, ours_w) if c and w) + " %")
    timings = {"fit": {"ref_wall_s": ref_w, "ours_wall_s": ours_w, "ref_in_memory_s": ref_in,
                       "ref_cpu_s": ref_cpu, "ours_cpu_s": ours_cpu,
                       "ref": ref3, "ours": ours3, "ref_in_memory": in3, "per_run_ratio": pair,
                       "speedup_from_medians": sp}}

    def rss(s):
        """peak RSS (MiB) over all fit runs of that side"""
        runs = fit_runs["ref"] if s is rf else fit_runs["ours"]
        v = [r["time"]["max_rss_kib"] / 1024 for r in runs if r["time"] and r["ok"] and "max_rss_kib" in r["time"]]
        return max(v) if v and s["ok"] else None
    heap = ""
    if gc and gc.get("peak_heap_used_before_gc_mib") is not None:
        heap = (f"JVM heap peak used {gc['peak_heap_used_before_gc_mib']:.0f} MiB, "
                f"committed {gc['peak_heap_committed_mib']:.0f} MiB ({gc['gc_events']} GCs)")
    elif gc:
        heap = "no GC event logged"
    if nmt:
        heap += "; NMT " + ", ".join(f"{a} {b:.0f}" for a, b in nmt.items())
    r_rss, o_rss = rss(rf), rss(of)
    input_mib = args.real_bytes / 2 ** 20 if args.real_bytes else None
    mem_ok = None if not (o_rss and input_mib) else o_rss <= 2 * input_mib
    if input_mib:
        heap = f"input real.npy {input_mib:.0f} MiB; ours/input {o_rss / input_mib:.2f}x" \
               + (f", ref/input {r_rss / input_mib:.2f}x" if r_rss else "") + ("; " + heap if heap else "") \
            if o_rss else heap
    rows.append(("fit peak RSS (MiB)", f"{r_rss:.0f}" if r_rss else NA, f"{o_rss:.0f}" if o_rss else NA,
                 f"{r_rss / o_rss:.2f}x (ref/ours)" if r_rss and o_rss else NA,
                 "ours <= 2x input size", verdict(mem_ok), heap or "-", "(same runs as the fit; max over runs)"))

    # ---- evaluate
    for g in ("gen_good", "gen_collapsed"):
        re_, oe, x = st[f"ref_eval_{g}"], st[f"ours_eval_{g}"], st[f"ref_on_ours_eval_{g}"]
        rj = re_["json"]["evaluate"][g] if re_["json"] else None
        oj = oe["json"] if oe["json"] and "ndb" in oe["json"] else None
        parts = []
        parts.append(f"NDB/K ref {rj['ndb_over_k']:.3f}" if rj else f"NDB/K ref {NA}")
        parts.append(f"ours {oj['ndb'] / oj['bins']:.3f}" if oj else f"ours {NA}")
        parts.append(f"JS ref {rj['js']:.4g}" if rj else "")
        if oj:
            parts.append(f"ours {oj['js']:.4g}")
        xj = x["json"]["evaluate"][g] if x["json"] else None
        same = None
        if xj and oj:
            same = xj["ndb"] == oj["ndb"] and abs(xj["js"] - oj["js"]) <= 1e-9 + 1e-6 * abs(xj["js"])
            checks.append(f"same-bins check {g}: reference evaluate on ModeWatch bins NDB={xj['ndb']} "
                          f"JS={xj['js']:.6g} vs ModeWatch NDB={oj['ndb']} JS={oj['js']:.6g} -> "
                          f"{'OK' if same else 'MISMATCH'}")
            parts.append(f"same bins: {'OK' if same else 'MISMATCH'}")
        ref3, in3 = stats3(run_times(re_)), stats3([rj["evaluate_seconds"]] if rj else [])
        ours3 = stats3(run_times(oe)) if oj else None
        # runs are not paired (hyperfine runs one side, then the other): range over all ref_i / ours_j
        allr = [a / b for a in run_times(re_) for b in (run_times(oe) if oj else []) if b]
        ref_cell = f"{fmt_mmm(ref3)} (in-memory {fmt_s(in3['median']) if in3 else NA})"
        sp_txt, sp = speedup_cell(ref3, ours3, allr)
        rows.append((f"NDB evaluate {g} {params.get('n_gen')} x {params.get('dim')}, {params.get('dtype', 'float32')}",
                     ref_cell, fmt_mmm(ours3), sp_txt, ">= 30x, same bins give same NDB/JS",
                     verdict(None if sp is None or same is None else (sp >= 30 and same)),
                     ", ".join(p for p in parts if p), load_cell(("ref", re_), ("ours", oe))))
        timings[f"evaluate_{g}"] = {"ref_wall_s": run_times(re_), "ours_wall_s": run_times(oe) if oj else [],
                                    "ref": ref3, "ours": ours3, "ratio_range_all_pairs": [min(allr), max(allr)] if allr else None,
                                    "speedup_from_medians": sp}

    # ---- Frechet
    for kind, label in (("stats", f"FD from stats npz, d={params.get('fd_dim')}"),
                        ("samples", f"FD from samples n={params.get('fd_n')}, d={params.get('fd_dim')}")):
        r_, o_ = st[f"ref_fd_{kind}"], st[f"ours_fd_{kind}"]
        rj = r_["json"][kind] if r_["json"] else None
        oj = o_["json"] if o_["json"] and "distance" in o_["json"] else None
        d = rel(rj["distance"], oj["distance"]) if rj and oj else None
        if d is None:
            qual = f"FD ref {rj['distance']:.10g}; ours {NA}" if rj else NA
        else:
            qual = (f"FD ref {rj['distance']:.10g}, ours {oj['distance']:.10g}, |dFD|/FD = {d:.2e} "
                    f"({'OK' if d <= 1e-6 else 'FAIL'} at 1e-6)")
        in_mem = rj["compute_seconds"] if rj else None
        ours_s = whole_s(o_) if oj else None
        sp = whole_s(r_) / ours_s if whole_s(r_) and ours_s else None
        need = 3.0 if kind == "stats" else 1.0
        target = ">= 3x, |dFD|/FD <= 1e-6" if kind == "stats" else "> 1x, |dFD|/FD <= 1e-6"
        ok = None if sp is None or d is None else ((sp >= need if kind == "stats" else sp > need) and d <= 1e-6)
        rows.append((label, f"{fmt_s(whole_s(r_))} (in-memory {fmt_s(in_mem)})",
                     fmt_s(ours_s), speedup(whole_s(r_), ours_s), target, verdict(ok), qual,
                     load_cell(("ref", r_), ("ours", o_))))

    env = (rf["json"] or {}).get("env") or {}
    try:
        java_v = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    except Exception:
        java_v = None
    meta = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "size": args.size, "params": params, "jar": args.jar, "have_jar": args.have_jar == "1",
        "ndb_py": os.environ.get("NDB_PY"),
        "ndb_py_sha256": read_text(os.path.join(logs, "ndb_sha256.txt")),
        "ndb_commit": read_text(os.path.join(logs, "ndb_commit.txt")),
        "java": java_v, "python_env": env,
        "openblas_env": {k2: os.environ.get(k2) for k2 in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
        "load": read_text("/proc/loadavg"),
        "uptime_start": read_text(os.path.join(logs, "run_start.txt")),
        "uptime_end": read_text(os.path.join(logs, "run_end.txt")),
        "machine": machine(),
        "command": args.command,
    }

    hdr = ("task", "reference s", "ModeWatch s", "speed-up", "target", "met?", "quality", "machine load")
    md = ["| " + " | ".join(hdr) + " |", "|" + "---|" * len(hdr)]
    md += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    md.append("")
    mc = meta["machine"]
    md.append(f"Machine: {mc.get('Model name', '?')} (family {mc.get('CPU family', '?')}, model {mc.get('Model', '?')}), "
              f"{mc.get('CPU(s)', '?')} CPUs ({mc.get('Core(s) per socket', '?')} cores x "
              f"{mc.get('Thread(s) per core', '?')} threads), {mc.get('MemTotal GiB', '?')} GiB RAM"
              + (f", {mc['Hypervisor vendor']} guest" if mc.get("Hypervisor vendor") else "") + ".")
    md.append(f"Command: `{args.command}`")
    md.append("")
    md.append("Machine load: 'other CPU' is the CPU time used by processes other than the timed one while it ran, "
              "as a share of the whole machine (/proc/stat minus the step's own user+sys); a step is rerun when it "
              "exceeds MAX_OTHER (NOISY marks a step still above it after the last attempt). "
              f"uptime at start: {(meta['uptime_start'] or '?').splitlines()[-1].strip()}; "
              f"at end: {(meta['uptime_end'] or '?').splitlines()[-1].strip()}.")
    md.append("")
    md.append("Times are whole-process wall seconds, JVM / Python start-up included, as min / **median** / max: "
              f"fit over {params.get('fit_runs') or 1} alternating /usr/bin/time runs per side (reference, ours, "
              f"reference, ours, ...), evaluate over {params.get('runs')} hyperfine runs per side; FD rows are "
              "hyperfine means. 'in-memory' is the reference's own timing of the computation on arrays already "
              "loaded. speed-up = reference median / ModeWatch median (whole process); 'runs a-b' is the range of "
              "the per-run ratios (fit: ref_i / ours_i of adjacent runs; evaluate: all ref_i / ours_j pairs).")
    md += [f"- {c}" for c in checks]
    if st["ref_fd_stats"]["json"] and st["ref_fd_samples"]["json"]:
        a = st["ref_fd_stats"]["json"]["stats"]["distance"]
        b = st["ref_fd_samples"]["json"]["samples"]["distance"]
        md.append(f"- reference FD stats route vs samples route: |d|/FD = {rel(a, b):.2e}")
    tp = env.get("threadpools")
    if isinstance(tp, list):
        md.append("- reference thread pools: " + "; ".join(
            f"{p.get('internal_api')} {p.get('version') or ''} {p.get('threading_layer') or ''} "
            f"{p.get('architecture') or ''} threads={p.get('num_threads')}".replace("  ", " ") for p in tp))
    md.append(f"- numpy {env.get('numpy')}, scipy {env.get('scipy')}, sklearn {env.get('sklearn')}, "
              f"python {env.get('python')}; {java_v}; cpus {env.get('cpu_count')}; loadavg {meta['load']}")
    md.append(f"- OPENBLAS_CORETYPE={meta['openblas_env']['OPENBLAS_CORETYPE']} "
              f"OPENBLAS_L2_SIZE={meta['openblas_env']['OPENBLAS_L2_SIZE']}")
    md.append(f"- reference: {meta['ndb_py']} sha256 {meta['ndb_py_sha256']} (commit {meta['ndb_commit']}); "
              f"sklearn KMeans patched to drop n_jobs (n_init="
              f"{(rf['json'] or {}).get('fit', {}).get('kmeans_effective_n_init', '?')}, k-means++, lloyd)")
    md.append(f"- params: " + ", ".join(f"{a}={b}" for a, b in params.items()) + f"; size={args.size}")
    text = "\n".join(md) + "\n"

    with open(os.path.join(args.work_dir, "results.md"), "w") as f:
        f.write(text)
    with open(os.path.join(args.work_dir, "results.json"), "w") as f:
        json.dump({"meta": meta, "table": [dict(zip(hdr, r)) for r in rows], "checks": checks, "timings": timings,
                   "gc": gc, "nmt": nmt, "steps": st, "fit_runs": fit_runs}, f, indent=1)
    print(text)
    print(f"(saved {os.path.join(args.work_dir, 'results.md')} and results.json)")


if __name__ == "__main__":
    main()
