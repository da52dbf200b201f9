#!/usr/bin/python3
"""Synthetic benchmark data for the ModeWatch vs. NDB-reference harness.

Image-like data: a mixture of `--modes` Gaussian modes in a low-dimensional
latent space (`--latent` dims), mapped by one fixed random linear map to
`--dim` "pixels", plus a per-pixel offset and pixel noise, clipped to [0, 1].

Writes into --work-dir (C order; the NDB samples in --dtype, float32 by default):
  real.npy           n_real x dim   reference ("training") data
  gen_good.npy       n_gen  x dim   same generator, independent draw
  gen_collapsed.npy  n_gen  x dim   same generator with ~--drop of the modes removed
  feat_a.npy         fd_n x fd_dim  float64 "Inception-like" features, good model
  feat_b.npy         fd_n x fd_dim  float64 features, collapsed + slightly shifted model
  stats_a.npz        mu (fd_dim), sigma (fd_dim x fd_dim) = mean / np.cov of feat_a
  stats_b.npz        same for feat_b
  data_meta.json     parameters used

Large arrays are written chunk by chunk through np.lib.format.open_memmap so
peak memory stays well below the size of real.npy.
"""
import argparse
import json
import os
import time

import numpy as np


class Generator:
    """A fixed mixture-of-Gaussians generator, latent -> ambient by a linear map."""

    def __init__(self, rng, n_modes, latent, dim, mode_spread, within_sd, pixel_noise):
        self.n_modes = n_modes
        self.latent = latent
        self.dim = dim
        self.within_sd = within_sd
        self.pixel_noise = pixel_noise
        self.centers = rng.normal(0.0, mode_spread, size=(n_modes, latent))
        # Mildly unequal mode weights (like real data: some modes are rarer).
        w = rng.gamma(4.0, 1.0, size=n_modes)
        self.weights = w / w.sum()
        # Fixed random linear map, scaled so the ambient values stay mostly in [0,1].
        self.W = (rng.normal(0.0, 1.0, size=(latent, dim)) / np.sqrt(latent)).astype(np.float32)
        z_sd = np.sqrt(mode_spread ** 2 + within_sd ** 2)
        self.scale = np.float32(0.12 / z_sd)
        self.offset = rng.uniform(0.35, 0.65, size=dim).astype(np.float32)

    def sample_into(self, out, rng, keep_modes=None, chunk=2048):
        """Fill `out` (n x dim, e.g. a memmap) with samples; returns mode labels."""
        n = out.shape[0]
        if keep_modes is None:
            modes, p = np.arange(self.n_modes), self.weights
        else:
            modes = np.asarray(keep_modes)
            p = self.weights[modes] / self.weights[modes].sum()
        labels = rng.choice(modes, size=n, p=p)
        for s in range(0, n, chunk):
            e = min(n, s + chunk)
            z = self.centers[labels[s:e]] + rng.normal(0.0, self.within_sd, size=(e - s, self.latent))
            t = np.float64 if out.dtype == np.float64 else np.float32   # float64 data: values float32 cannot hold
            x = (z.astype(t) @ self.W.astype(t)) * t(self.scale) + self.offset.astype(t)
            x += rng.standard_normal(size=x.shape, dtype=t) * t(self.pixel_noise)
            np.clip(x, 0.0, 1.0, out=x)
            out[s:e] = x
        return labels


def write_npy(path, gen, rng, n, keep_modes=None, dtype=np.float32):
    arr = np.lib.format.open_memmap(path, mode="w+", dtype=dtype, shape=(n, gen.dim))
    labels = gen.sample_into(arr, rng, keep_modes)
    arr.flush()
    del arr
    return labels


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "work"))
    ap.add_argument("--n-real", type=int, default=20000)
    ap.add_argument("--n-gen", type=int, default=5000)
    ap.add_argument("--dim", type=int, default=12288)
    ap.add_argument("--modes", type=int, default=60)
    ap.add_argument("--latent", type=int, default=32)
    ap.add_argument("--drop", type=float, default=0.30, help="fraction of modes dropped in gen_collapsed")
    ap.add_argument("--fd-dim", type=int, default=2048)
    ap.add_argument("--fd-n", type=int, default=10000)
    ap.add_argument("--fd-latent", type=int, default=64)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dtype", choices=("float32", "float64"), default="float32",
                    help="element type of real.npy, gen_good.npy, gen_collapsed.npy (numpy.save's default is float64)")
    ap.add_argument("--force", action="store_true", help="regenerate even if the files exist with the same parameters")
    args = ap.parse_args()

    os.makedirs(args.work_dir, exist_ok=True)
    meta_path = os.path.join(args.work_dir, "data_meta.json")
    params = {k: v for k, v in vars(args).items() if k not in ("work_dir", "force")}
    names = ["real.npy", "gen_good.npy", "gen_collapsed.npy", "feat_a.npy", "feat_b.npy", "stats_a.npz", "stats_b.npz"]
    if not args.force and os.path.isfile(meta_path):
        with open(meta_path) as f:
            old = json.load(f)
        if old.get("params") == params and all(os.path.isfile(os.path.join(args.work_dir, n)) for n in names):
            print(f"make_data: data in {args.work_dir} already matches {params}; skipping (use --force)")
            return

    t0 = time.perf_counter()
    ss = np.random.SeedSequence(args.seed)
    s_gen, s_real, s_good, s_coll, s_fd = ss.spawn(5)

    # ---- NDB data -----------------------------------------------------------
    gen = Generator(np.random.default_rng(s_gen), args.modes, args.latent, args.dim,
                    mode_spread=3.0, within_sd=1.0, pixel_noise=0.05)
    n_drop = int(round(args.drop * args.modes))
    drop_rng = np.random.default_rng(s_coll)
    dropped = np.sort(drop_rng.choice(args.modes, size=n_drop, replace=False))
    kept = np.setdiff1d(np.arange(args.modes), dropped)

    dt = np.dtype(args.dtype)
    write_npy(os.path.join(args.work_dir, "real.npy"), gen, np.random.default_rng(s_real), args.n_real, dtype=dt)
    write_npy(os.path.join(args.work_dir, "gen_good.npy"), gen, np.random.default_rng(s_good), args.n_gen, dtype=dt)
    write_npy(os.path.join(args.work_dir, "gen_collapsed.npy"), gen, drop_rng, args.n_gen, keep_modes=kept, dtype=dt)

    # ---- Frechet data (float64 features, like pooled Inception activations) --
    fd_rng = np.random.default_rng(s_fd)
    fgen = Generator(fd_rng, args.modes, args.fd_latent, args.fd_dim,
                     mode_spread=2.0, within_sd=1.0, pixel_noise=0.05)
    for name, keep, shift in (("a", None, 0.0), ("b", kept, 0.01)):
        x = np.empty((args.fd_n, args.fd_dim), dtype=np.float32)
        fgen.sample_into(x, fd_rng, keep_modes=keep)
        x = x.astype(np.float64)
        x += shift
        np.save(os.path.join(args.work_dir, f"feat_{name}.npy"), np.ascontiguousarray(x))
        mu = x.mean(axis=0)
        sigma = np.cov(x, rowvar=False)
        np.savez(os.path.join(args.work_dir, f"stats_{name}.npz"), mu=mu, sigma=sigma)
        del x, sigma

    meta = {"params": params, "dropped_modes": dropped.tolist(), "n_dropped": int(n_drop),
            "seconds": time.perf_counter() - t0}
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=1)
    print(f"make_data: wrote {', '.join(names)} to {args.work_dir} in {meta['seconds']:.1f} s "
          f"({n_drop}/{args.modes} modes dropped in gen_collapsed)")


if __name__ == "__main__":
    main()
