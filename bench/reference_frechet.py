#!/usr/bin/python3
"""Reference Fréchet distance with numpy/scipy (the usual FID / FSD code path):

  d^2 = ||mu1 - mu2||^2 + Tr(S1) + Tr(S2) - 2 Tr(sqrtm(S1 S2))

with scipy.linalg.sqrtm(S1 @ S2, disp=False), the eps*I offset retry when the result
is not finite, and the real part taken (as in pytorch-fid / TTUR).

Sub-commands (one JSON object on stdout):
  stats    --a stats_a.npz --b stats_b.npz   (npz arrays mu, sigma); times the distance only,
                                             on arrays already in memory
  samples  --a feat_a.npy --b feat_b.npy     times np.mean + np.cov (rowvar=False, ddof=1)
                                             + the distance, on arrays already in memory
  all      both, with default files from --work-dir
"""
import argparse
import os
import time

import numpy as np
from scipy import linalg

from benchenv import emit, env_info


def frechet(mu1, sigma1, mu2, sigma2, eps=1e-6):
    diff = mu1 - mu2
    covmean, errest = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    offset_used = False
    if not np.isfinite(covmean).all():
        offset = np.eye(sigma1.shape[0]) * eps
        covmean, errest = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset), disp=False)
        offset_used = True
    max_imag = 0.0
    if np.iscomplexobj(covmean):
        max_imag = float(np.max(np.abs(covmean.imag)))
        covmean = covmean.real
    mean_term = float(diff.dot(diff))
    cov_term = float(np.trace(sigma1) + np.trace(sigma2) - 2.0 * np.trace(covmean))
    return {"distance": mean_term + cov_term, "meanTerm": mean_term, "covarianceTerm": cov_term,
            "sqrtm_errest": float(errest), "max_abs_imag": max_imag, "eps_offset_used": offset_used}


def from_stats(a, b):
    t0 = time.perf_counter()
    sa, sb = np.load(a), np.load(b)
    mu1, s1, mu2, s2 = (np.asarray(sa["mu"], np.float64), np.asarray(sa["sigma"], np.float64),
                        np.asarray(sb["mu"], np.float64), np.asarray(sb["sigma"], np.float64))
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    r = frechet(mu1, s1, mu2, s2)
    r.update({"load_seconds": load_s, "compute_seconds": time.perf_counter() - t1,
              "dims": int(mu1.shape[0]), "a": a, "b": b})
    return r


def from_samples(a, b):
    t0 = time.perf_counter()
    xa, xb = np.load(a), np.load(b)
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    mu1, s1 = np.mean(xa, axis=0), np.cov(xa, rowvar=False)
    mu2, s2 = np.mean(xb, axis=0), np.cov(xb, rowvar=False)
    stats_s = time.perf_counter() - t1
    r = frechet(mu1, s1, mu2, s2)
    r.update({"load_seconds": load_s, "stats_seconds": stats_s, "compute_seconds": time.perf_counter() - t1,
              "realSize": int(xa.shape[0]), "generatedSize": int(xb.shape[0]),
              "dims": int(xa.shape[1]), "a": a, "b": b})
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", nargs="?", default="all", choices=["stats", "samples", "all"])
    ap.add_argument("--work-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "work"))
    ap.add_argument("--a")
    ap.add_argument("--b")
    ap.add_argument("--json-out")
    args = ap.parse_args()
    w = args.work_dir
    res = {"tool": "reference", "command": args.command, "env": env_info()}
    if args.command in ("stats", "all"):
        a = args.a if args.command == "stats" and args.a else os.path.join(w, "stats_a.npz")
        b = args.b if args.command == "stats" and args.b else os.path.join(w, "stats_b.npz")
        res["stats"] = from_stats(a, b)
    if args.command in ("samples", "all"):
        a = args.a if args.command == "samples" and args.a else os.path.join(w, "feat_a.npy")
        b = args.b if args.command == "samples" and args.b else os.path.join(w, "feat_b.npy")
        res["samples"] = from_samples(a, b)
    if "stats" in res and "samples" in res:
        fs, fm = res["stats"]["distance"], res["samples"]["distance"]
        res["stats_vs_samples_rel_diff"] = abs(fs - fm) / abs(fs) if fs else abs(fs - fm)
    emit(res, args.json_out)


if __name__ == "__main__":
    main()
