#!/usr/bin/python3
"""K-means objective of a bins npz on the reference data, computed identically for
the NDB reference bins and for ModeWatch's `fit-reference` output.

bins npz arrays: centers (K x d), proportions (K), n, mean (d or scalar), std (d or
scalar), dims (int indices used for assignment; all dims if absent).

Reported (all in float64, after whitening x -> (x - mean) / std):
  objective_used_dims   sum_i min_k ||x_i[dims] - c_k[dims]||^2       (the K-means objective
                        the fit minimised; comparable between runs only per used dim,
                        because each run draws its own random subset `dims`)
  per_used_dim          objective_used_dims / len(dims)
  per_sample_per_used_dim
  objective_all_dims    sum_i min_k ||x_i - c_k||^2 over all d dims (same footing for both
                        fits regardless of their dim subsets; centers are full-d means)
  per_dim_all           objective_all_dims / d
"""
import argparse
import os
import sys

import numpy as np

from benchenv import emit


def _vec(b, name, d, default):
    if name not in b.files:
        return np.full(d, default, dtype=np.float64)
    v = np.asarray(b[name], dtype=np.float64).reshape(-1)
    return np.full(d, v[0]) if v.size == 1 else v


def nearest_sqdist_sum(x_rows, centers, chunk=2048):
    """sum over rows of min_k ||x - c_k||^2 (float64, exact-ish via expanded form + clamp)."""
    c = np.asarray(centers, dtype=np.float64)
    c_sq = np.einsum("ij,ij->i", c, c)
    total = 0.0
    counts = np.zeros(c.shape[0], dtype=np.int64)
    for s in range(0, x_rows.shape[0], chunk):
        x = x_rows[s:s + chunk]
        x_sq = np.einsum("ij,ij->i", x, x)
        d2 = x_sq[:, None] - 2.0 * (x @ c.T) + c_sq[None, :]
        j = np.argmin(d2, axis=1)
        # recompute the winning distance directly to avoid cancellation error
        diff = x - c[j]
        total += float(np.einsum("ij,ij->", diff, diff))
        counts += np.bincount(j, minlength=c.shape[0])
    return total, counts


def objective(bins_path, real_path, chunk=2048):
    b = np.load(bins_path)
    centers = np.asarray(b["centers"], dtype=np.float64)
    real = np.load(real_path, mmap_mode="r")
    n, d = real.shape
    if centers.shape[1] != d:
        sys.exit(f"objective: centers have d={centers.shape[1]} but {real_path} has d={d}")
    mean = _vec(b, "mean", d, 0.0)
    std = _vec(b, "std", d, 1.0)
    dims = np.asarray(b["dims"], dtype=np.int64) if "dims" in b.files else np.arange(d)

    used_total, all_total = 0.0, 0.0
    used_counts = np.zeros(centers.shape[0], dtype=np.int64)
    c_used = centers[:, dims]
    for s in range(0, n, chunk):
        x = (np.asarray(real[s:s + chunk], dtype=np.float64) - mean) / std
        t, cnt = nearest_sqdist_sum(x[:, dims], c_used, chunk)
        used_total += t
        used_counts += cnt
        all_total += nearest_sqdist_sum(x, centers, chunk)[0]
    k = centers.shape[0]
    return {
        "bins": bins_path, "real": real_path, "n": int(n), "d": int(d), "k": int(k),
        "dims_used": int(len(dims)),
        "objective_used_dims": used_total,
        "per_used_dim": used_total / len(dims),
        "per_sample_per_used_dim": used_total / (n * len(dims)),
        "objective_all_dims": all_total,
        "per_dim_all": all_total / d,
        "empty_clusters_used_dims": int(np.sum(used_counts == 0)),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bins", nargs="+", help="one or more bins npz files")
    ap.add_argument("--real", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "work", "real.npy"))
    ap.add_argument("--json-out")
    args = ap.parse_args()
    res = {"objectives": [objective(p, args.real) for p in args.bins]}
    if len(res["objectives"]) == 2:
        a, b = res["objectives"]
        res["ratio_second_over_first_per_used_dim"] = b["per_used_dim"] / a["per_used_dim"]
        res["ratio_second_over_first_all_dims"] = b["objective_all_dims"] / a["objective_all_dims"]
    emit(res, args.json_out)


if __name__ == "__main__":
    main()
