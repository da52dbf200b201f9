#!/usr/bin/python3
"""Golden fixture for NdbPyGoldenTest: the NDB paper's own utils/ndb.py (eitanrich/gans-n-gmms) run on small data.

The reference file is NOT part of this repository; it is loaded at run time from $NDB_PY (default
/work/bench-ref/ndb.py) by bench/reference_ndb.py's loader, with that file's scikit-learn compatibility patch
(KMeans without n_jobs; see bench/README.md). Nothing of ndb.py is copied here.

Regenerate (from the repository root, Debian's python3 with python3-numpy python3-sklearn python3-scipy
python3-matplotlib):

    /usr/bin/python3 bench/golden/make_ndb_golden.py

What it writes into src/test/resources/golden/ndbpy/ (deterministic: fixed seeds, one BLAS / OpenMP thread):
  ref_f64.npy, ref_f32.npy                 reference samples, 2,000 x 16 (f32 = the f64 values cast)
  gen_good_f64.npy, gen_good_f32.npy       600 x 16 from the same Gaussian mixture (other seed)
  gen_dropped_f64.npy, gen_dropped_f32.npy 600 x 16 from the mixture with 3 of its 12 modes dropped
  bins_<whiten|plain>_<f32|f64>.npz        ndb.py's bins fitted on ref_<dtype>.npy, in ModeWatch's layout
                                           (centers, proportions, n, mean, std, dims) via reference_ndb.fit
  case_<whiten|plain>_<f32|f64>.json       ndb.py's evaluate() of gen_good, gen_dropped and ref itself
                                           against those bins: NDB, NDB/K, JS, per-bin z, p, different flags,
                                           generated proportions and counts; plus provenance (sha256, commit)

ndb.py facts this relies on (read from the file, commit recorded in every JSON):
  * whitening: mean = np.mean(x, 0), std = np.std(x, 0) + 1e-6 (population std, epsilon added to the std);
    both in the input's dtype (float32 stays float32). Without whitening mean = 0.0 and std = 1.0 (scalars),
    written here as zeros / ones vectors. ModeWatch whitens as (x - mean) / std with std as stored.
  * centers: member means over all d whitened dims; bins sorted by K-means label count, largest first
    (np.argsort(-counts), not stable: the order of equal-sized bins is whatever ndb.py produced, and the
    fixture keeps ndb.py's order). Reference proportions are the K-means label counts / n.
  * evaluate: L2 argmin over used dims, distances stored in an array of the samples' dtype (float32 for
    float32 input); pooled two-proportion z = (p_ref - p_gen) / se; p = 2 * norm.cdf(-|z|); different = p < alpha;
    JS with the natural log, terms with p = 0 dropped.
  * ndb.py returns only the boolean flags, not z or p. They are recorded from ndb.py's own computation by
    handing its module a `norm` whose cdf records its argument (-|z|) and returns scipy's norm.cdf unchanged;
    z gets the sign of p_ref - p_gen, p = 2.0 * cdf as ndb.py computes it.
  * a bin empty in both sets gives ndb.py z = nan (0/0); ModeWatch's contract is z = 0, p = 1, not different.
    It cannot arise with ndb.py's own bins (every K-means cluster holds reference samples); the JSON lists
    such bins under "nan_z_bins" anyway and the script fails if there are any.

Because ndb.py whitens float32 input in float32 and keeps float32 distances, while ModeWatch works in double,
a sample almost equidistant from two centers could legitimately land in different bins. The script checks
that the nearest and second-nearest center of every evaluated sample differ by more than MIN_RELATIVE_GAP
(relative, in float64) and fails otherwise; the smallest gap found is recorded.
"""
import argparse
import contextlib
import hashlib
import json
import os
import subprocess
import sys
import warnings
import zipfile

# One thread everywhere, so that K-means' partial sums, and hence the fixture, do not depend on the machine.
for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"
os.environ.setdefault("MPLBACKEND", "Agg")

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

import numpy as np  # noqa: E402
from scipy.stats import norm as scipy_norm  # noqa: E402

import reference_ndb  # noqa: E402  (loader + sklearn compatibility patch + fit-to-npz)

REPO_ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir))
DEFAULT_OUT = os.path.join(REPO_ROOT, "src", "test", "resources", "golden", "ndbpy")
DEFAULT_GIT_DIR = "/work/.mirror/eitanrich+gans-n-gmms/repo"
COMMAND = "/usr/bin/python3 bench/golden/make_ndb_golden.py"

DATA_SEED = 20181203          # NeurIPS 2018
FIT_SEED = 7                  # np.random.seed before each construct_bins (dims choice, KMeans random_state=None)
N_REF, N_GEN, DIM, MODES, K = 2000, 600, 16, 12, 20
DROPPED_MODES = (1, 4, 9)
ALPHA = 0.05
MIN_RELATIVE_GAP = 1e-5


def mixture(rng):
    """A 12-mode Gaussian mixture in 16-D with unequal weights and per-column scales/offsets (so whitening matters)."""
    means = rng.normal(0.0, 2.2, size=(MODES, DIM))
    scales = rng.uniform(0.6, 1.4, size=MODES)
    weights = rng.permutation(np.linspace(1.0, 4.0, MODES))
    weights /= weights.sum()
    col_scale = np.exp(rng.uniform(np.log(0.2), np.log(5.0), size=DIM))
    col_offset = rng.normal(0.0, 3.0, size=DIM)
    return means, scales, weights, col_scale, col_offset


def draw(rng, mix, n, weights=None):
    means, scales, w, col_scale, col_offset = mix
    w = w if weights is None else weights
    modes = rng.choice(MODES, size=n, p=w)
    x = means[modes] + scales[modes, None] * rng.standard_normal((n, DIM))
    return x * col_scale + col_offset


def make_data():
    rng = np.random.default_rng(DATA_SEED)
    mix = mixture(rng)
    ref = draw(rng, mix, N_REF)
    good = draw(rng, mix, N_GEN)
    w = mix[2].copy()
    w[list(DROPPED_MODES)] = 0.0
    dropped = draw(rng, mix, N_GEN, w / w.sum())
    return {"ref": ref, "gen_good": good, "gen_dropped": dropped}


class RecordingNorm:
    """Stands in for scipy.stats.norm inside ndb.py: records cdf's argument, returns scipy's value unchanged."""

    def __init__(self):
        self.args = []

    def cdf(self, x):
        self.args.append(np.array(x, dtype=np.float64, copy=True))
        return scipy_norm.cdf(x)


def rewrite_npz_deterministic(path):
    """np.savez stamps zip entries with the current time; rewrite with a fixed one so reruns give identical bytes."""
    with np.load(path) as z:
        arrays = {k: z[k] for k in z.files}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, a in arrays.items():
            with zf.open(zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0)), "w") as f:
                np.lib.format.write_array(f, np.asarray(a), allow_pickle=False)


def ndb_commit(path, git_dir, given):
    if given:
        return given
    blob = subprocess.run(["git", "--git-dir", git_dir, "show", "HEAD:utils/ndb.py"], capture_output=True)
    with open(path, "rb") as f:
        if blob.returncode != 0 or blob.stdout != f.read():
            sys.exit(f"make_ndb_golden: {path} is not HEAD:utils/ndb.py of {git_dir}; pass --ndb-commit")
    return subprocess.run(["git", "--git-dir", git_dir, "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()


def min_relative_gap(x, bins):
    """Smallest (d2 - d1) / d1 over rows, nearest and second-nearest center, in float64, by our loader's rule."""
    w = (np.asarray(x, np.float64) - bins["mean"]) / bins["std"]
    dims = bins["dims"]
    c = bins["centers"][:, dims]
    d = np.sqrt(((w[:, None, dims] - c[None, :, :]) ** 2).sum(axis=2))
    part = np.sort(d, axis=1)
    return float(np.min((part[:, 1] - part[:, 0]) / part[:, 0])), np.argmin(d, axis=1)


def evaluate_case(mod, bins_path, inputs, whiten):
    """ndb.py's evaluate of every input against the bins npz (as ModeWatch loads it), z/p recorded from ndb.py."""
    ndb = reference_ndb.ndb_from_npz(mod, bins_path, ALPHA)
    assert ndb.whitening == whiten
    b = np.load(bins_path)
    bins = {k: b[k] for k in ("centers", "mean", "std", "dims")}
    k = ndb.number_of_bins
    out = {}
    for name, (file, x) in inputs.items():
        rec = RecordingNorm()
        real_norm, mod.norm = mod.norm, rec
        try:
            with contextlib.redirect_stdout(sys.stderr):
                r = ndb.evaluate(x)
        finally:
            mod.norm = real_norm
        assert len(rec.args) == 1, "ndb.py's z-test ran norm.cdf more than once?"
        abs_z = -rec.args[0]                         # ndb.py: norm.cdf(-1.0 * np.abs(z))
        p_values = 2.0 * scipy_norm.cdf(rec.args[0])  # ndb.py: 2.0 * norm.cdf(...)
        diff_share = ndb.bin_proportions - r["Proportions"]
        z = np.where(diff_share < 0, -abs_z, abs_z)
        different = np.asarray(r["Different-Bins"], dtype=bool)
        nan_bins = [int(i) for i in np.flatnonzero(np.isnan(abs_z))]
        if nan_bins:
            sys.exit(f"make_ndb_golden: bins {nan_bins} empty in both sets for {name} (ndb.py z = nan); "
                     "ModeWatch's contract is z = 0, p = 1: choose other data")
        assert np.array_equal(different, p_values < ALPHA)
        counts = np.bincount(r["Bin-Assignment"], minlength=k)
        assert np.array_equal(counts / x.shape[0], r["Proportions"])
        gap, nearest64 = min_relative_gap(x, bins)
        if gap <= MIN_RELATIVE_GAP:
            sys.exit(f"make_ndb_golden: {name}: a sample is within {gap:.3g} (relative) of two centers; "
                     "float32 vs float64 arithmetic could legitimately bin it differently: choose other seeds")
        assert np.array_equal(nearest64, r["Bin-Assignment"]), "ndb.py's argmin differs from float64's"
        out[name] = {
            "file": file,
            "n": int(x.shape[0]),
            "ndb": int(r["NDB"]),
            "ndb_over_k": r["NDB"] / k,
            "js": float(r["JS"]),
            "z": [float(v) for v in z],
            "p": [float(v) for v in p_values],
            "different": [bool(v) for v in different],
            "proportions": [float(v) for v in r["Proportions"]],
            "counts": [int(v) for v in counts],
            "nan_z_bins": nan_bins,
            "min_relative_center_gap": gap,
        }
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--ndb-git-dir", default=os.environ.get("NDB_GIT_DIR", DEFAULT_GIT_DIR),
                    help="git dir of eitanrich/gans-n-gmms whose HEAD:utils/ndb.py is $NDB_PY (gives the commit)")
    ap.add_argument("--ndb-commit", help="record this commit instead of checking --ndb-git-dir")
    args = ap.parse_args()

    mod, path = reference_ndb.load_reference()
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    commit = ndb_commit(path, args.ndb_git_dir, args.ndb_commit)
    os.makedirs(args.out, exist_ok=True)

    data = make_data()
    files = {}
    for name, x in data.items():
        for tag, dtype in (("f64", np.float64), ("f32", np.float32)):
            file = f"{name}_{tag}.npy"
            np.save(os.path.join(args.out, file), np.ascontiguousarray(x.astype(dtype)))
            files[(name, tag)] = file

    summary = []
    for whiten in (True, False):
        for tag in ("f32", "f64"):
            case = f"{'whiten' if whiten else 'plain'}_{tag}"
            bins_file = f"bins_{case}.npz"
            bins_path = os.path.join(args.out, bins_file)
            ref_path = os.path.join(args.out, files[("ref", tag)])
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)   # sklearn 1.2's n_init default notice
                ndb, fit = reference_ndb.fit(mod, ref_path, K, whiten, None, FIT_SEED, bins_path)
            rewrite_npz_deterministic(bins_path)
            inputs = {name: (files[(name, tag)], np.load(os.path.join(args.out, files[(name, tag)])))
                      for name in ("gen_good", "gen_dropped", "ref")}
            assert inputs["ref"][1].dtype == np.dtype(tag.replace("f", "float"))
            doc = {
                "oracle": "utils/ndb.py of https://github.com/eitanrich/gans-n-gmms",
                "ndb_py_commit": commit,
                "ndb_py_sha256": sha,
                "generator": COMMAND,
                "compat_patch": "bench/reference_ndb.py: KMeans without n_jobs (sklearn " + fit["kmeans_params"].get(
                    "algorithm", "?") + ", n_init " + str(fit["kmeans_effective_n_init"]) + ")",
                "versions": {m: __import__(m).__version__ for m in ("numpy", "scipy", "sklearn")},
                "case": case,
                "whiten": whiten,
                "dtype": "float32" if tag == "f32" else "float64",
                "alpha": ALPHA,
                "k": K,
                "bins_file": bins_file,
                "reference_file": files[("ref", tag)],
                "n_ref": N_REF,
                "reference_proportions": [float(v) for v in ndb.bin_proportions],
                "kmeans_iterations": fit["kmeans_n_iter"],
                "data": {"data_seed": DATA_SEED, "fit_seed": FIT_SEED, "modes": MODES,
                         "dropped_modes": list(DROPPED_MODES), "dim": DIM},
                "sets": evaluate_case(mod, bins_path, inputs, whiten),
            }
            with open(os.path.join(args.out, f"case_{case}.json"), "w") as f:
                json.dump(doc, f, indent=1)
                f.write("\n")
            summary.append((case, {s: (v["ndb"], round(v["js"], 5), f"{v['min_relative_center_gap']:.2g}")
                                   for s, v in doc["sets"].items()}))
    for case, s in summary:
        print(case, "NDB, JS, min gap:", s)


if __name__ == "__main__":
    main()
