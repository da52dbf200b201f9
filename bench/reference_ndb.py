#!/usr/bin/python3
"""Run the NDB paper's reference implementation (utils/ndb.py of eitanrich/gans-n-gmms).

The reference file is NOT part of this repository. It is loaded at run time from
the path in $NDB_PY (default /work/bench-ref/ndb.py); see bench/README.md.

Compatibility patch: the reference calls
    KMeans(n_clusters=k, max_iter=100, n_jobs=-1)
and scikit-learn >= 1.0 (Debian bookworm ships 1.2) has no `n_jobs`. We replace
the module-level name `KMeans` inside the imported reference module with a thin
wrapper that drops `n_jobs` and passes every other argument through unchanged,
so all other sklearn 1.2 defaults apply (init='k-means++', n_init=10 via the
1.2 'warn' default, algorithm='lloyd', tol=1e-4, random_state=None -> numpy's
global RandomState, which we seed with --seed).

Sub-commands (all print one JSON object on stdout; the reference's own progress
output goes to stderr):
  fit       fit bins on --real, save them to --out (npz), report construct_bins time and inertia
  evaluate  load bins from --bins-npz, evaluate one or more --generated files
  all       fit + evaluate in one process (default files from --work-dir)
"""
import argparse
import contextlib
import importlib.util
import os
import sys
import time
import warnings

os.environ.setdefault("MPLBACKEND", "Agg")  # the reference imports pyplot at module level

import numpy as np  # noqa: E402

from benchenv import emit, env_info  # noqa: E402

DEFAULT_NDB_PY = "/work/bench-ref/ndb.py"
_fitted_kmeans = []


def load_reference():
    path = os.environ.get("NDB_PY", DEFAULT_NDB_PY)
    if not os.path.isfile(path):
        sys.exit(f"reference_ndb: reference ndb.py not found at {path!r} (set NDB_PY; see bench/README.md)")
    spec = importlib.util.spec_from_file_location("reference_ndb_module", path)
    mod = importlib.util.module_from_spec(spec)
    with contextlib.redirect_stdout(sys.stderr):
        spec.loader.exec_module(mod)

    sk_kmeans = mod.KMeans

    def kmeans_without_n_jobs(*args, **kwargs):
        kwargs.pop("n_jobs", None)
        km = sk_kmeans(*args, **kwargs)
        _fitted_kmeans.append(km)
        return km

    mod.KMeans = kmeans_without_n_jobs
    return mod, path


def fit(mod, real_path, k, whiten, max_dims, seed, out):
    t0 = time.perf_counter()
    x = np.load(real_path)
    load_s = time.perf_counter() - t0
    np.random.seed(seed)  # reference uses np.random.choice and KMeans(random_state=None)
    ndb = mod.NDB(number_of_bins=k, whitening=whiten, max_dims=max_dims)
    with warnings.catch_warnings(), contextlib.redirect_stdout(sys.stderr):
        # sklearn 1.2 FutureWarning about the n_init default changing in 1.4 (value used: 10)
        warnings.filterwarnings("ignore", message=".*n_init.*", category=FutureWarning)
        t1 = time.perf_counter()
        ndb.construct_bins(x, None)
        fit_s = time.perf_counter() - t1
    km = _fitted_kmeans[-1]
    n, d = x.shape
    mean = np.broadcast_to(np.asarray(ndb.training_mean, dtype=np.float64), (d,))
    std = np.broadcast_to(np.asarray(ndb.training_std, dtype=np.float64), (d,))
    if out:
        np.savez(out, centers=ndb.bin_centers, proportions=ndb.bin_proportions,
                 n=np.int64(ndb.ref_sample_size), mean=mean, std=std,
                 dims=np.asarray(ndb.used_d_indices, dtype=np.int64),
                 whiten=np.int64(whiten), inertia=np.float64(km.inertia_))  # int64: our Npz reader has no bool
    result = {
        "n": int(n), "d": int(d), "k": int(k), "whiten": bool(whiten),
        "dims_used": int(len(ndb.used_d_indices)),
        "load_seconds": load_s,
        "fit_seconds": fit_s,
        "inertia": float(km.inertia_),
        "inertia_per_used_dim": float(km.inertia_) / len(ndb.used_d_indices),
        "kmeans_n_iter": int(km.n_iter_),
        "kmeans_params": {k2: (v if isinstance(v, (int, float, str, bool, type(None))) else repr(v))
                          for k2, v in km.get_params().items()},
        "kmeans_effective_n_init": getattr(km, "_n_init", None),
        "bins_npz": out,
    }
    return ndb, result


def ndb_from_npz(mod, path, alpha):
    b = np.load(path)
    k = b["centers"].shape[0]
    whiten = bool(b["whiten"]) if "whiten" in b.files else not (np.all(b["mean"] == 0) and np.all(b["std"] == 1))
    ndb = mod.NDB(number_of_bins=k, significance_level=alpha, whitening=whiten)
    ndb.bin_centers = b["centers"]
    ndb.bin_proportions = b["proportions"]
    ndb.ref_sample_size = int(b["n"])
    ndb.used_d_indices = b["dims"]
    if whiten:
        ndb.training_mean, ndb.training_std = b["mean"], b["std"]
    # else: keep the reference's scalar 0.0 / 1.0 exactly as construct_bins would
    return ndb


def evaluate(ndb, gen_paths):
    out = {}
    for p in gen_paths:
        t0 = time.perf_counter()
        q = np.load(p)
        load_s = time.perf_counter() - t0
        with contextlib.redirect_stdout(sys.stderr):
            t1 = time.perf_counter()
            r = ndb.evaluate(q)
            eval_s = time.perf_counter() - t1
        k = ndb.number_of_bins
        out[os.path.splitext(os.path.basename(p))[0]] = {
            "n": int(q.shape[0]), "ndb": int(r["NDB"]), "ndb_over_k": r["NDB"] / k, "js": float(r["JS"]),
            "load_seconds": load_s, "evaluate_seconds": eval_s,
        }
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", nargs="?", default="all", choices=["fit", "evaluate", "all"])
    ap.add_argument("--work-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "work"))
    ap.add_argument("--real")
    ap.add_argument("--generated", nargs="+")
    ap.add_argument("--bins", type=int, default=100, help="K")
    ap.add_argument("--whiten", action="store_true", help="reference whitening (off by default, like our CLI)")
    ap.add_argument("--max-dims", type=int, default=None, help="default: the reference's d//6 when d > 1000")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--alpha", type=float, default=0.05)
    ap.add_argument("--out", help="bins npz to write (fit/all)")
    ap.add_argument("--bins-npz", help="bins npz to read (evaluate)")
    ap.add_argument("--json-out")
    args = ap.parse_args()

    mod, path = load_reference()
    real = args.real or os.path.join(args.work_dir, "real.npy")
    gens = args.generated or [os.path.join(args.work_dir, "gen_good.npy"),
                              os.path.join(args.work_dir, "gen_collapsed.npy")]
    result = {"tool": "reference", "command": args.command, "ndb_py": path, "env": env_info()}
    if args.command in ("fit", "all"):
        out = args.out or os.path.join(args.work_dir, "ref_bins.npz")
        ndb, fit_res = fit(mod, real, args.bins, args.whiten, args.max_dims, args.seed, out)
        ndb.significance_level = args.alpha
        result["fit"] = fit_res
    else:
        if not args.bins_npz:
            sys.exit("reference_ndb: evaluate needs --bins-npz")
        ndb = ndb_from_npz(mod, args.bins_npz, args.alpha)
    if args.command in ("evaluate", "all"):
        result["evaluate"] = evaluate(ndb, gens)
    emit(result, args.json_out)


if __name__ == "__main__":
    main()
