#!/usr/bin/python3
"""Golden fixtures for PrdcGoldenTest and KidGoldenTest (core) and KidPrdcCliTest (cli).

prdc: clovaai/generative-evaluation-prdc's own compute_prdc (MIT), run on small data. The reference file is NOT
part of this repository: it is read at run time from $PRDC_PY (default /work/bench-ref/prdc.py), which
bench/features/fetch_prdc.sh extracts from a clone of the reference repository. Nothing of prdc.py is copied here.

KID: the unbiased MMD^2 estimator of Binkowski et al. 2018 with k(x, y) = (x.y / d + 1)^3, written here
independently with explicit float64 loops over pairs (not vectorised, not torch-fidelity's code), on one full
subset (subset size = both sets' row counts), which makes it deterministic.

Regenerate (repository root, Debian's python3 with python3-numpy python3-sklearn):

    bench/features/fetch_prdc.sh && /usr/bin/python3 bench/golden/make_prdc_golden.py

Writes core/src/test/resources/golden/prdc/:
  real_f64.npy, gen_f64.npy     300 x 16 / 250 x 16 float64: a 6-mode Gaussian mixture; the generated set
                                drops 2 modes and is slightly wider
  real_f32.npy, gen_f32.npy     the same values cast to float32 (the reference then compares float32 distances)
  real_int.npy, gen_int.npy     200 x 6 / 180 x 6 int64 in 0..4: many exact distance ties (strict < matters)
  prdc.json                     compute_prdc's precision, recall, density, coverage and the k-NN radii for each
                                (dtype, k) case, plus provenance (sha256 of prdc.py, versions)
  kid_real.npy, kid_gen.npy     120 x 10 float64, the generated set shifted by 0.3 in every dimension
  kid_same.npy                  120 x 10 float64 from the real distribution (other seed)
  kid.json                      full-subset unbiased MMD^2 for (kid_real, kid_gen) and (kid_real, kid_same), in
                                float64 and on the float32-cast values
"""
import hashlib
import importlib.util
import json
import os
import platform
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import sklearn  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "prdc")
PRDC_PY = os.environ.get("PRDC_PY", "/work/bench-ref/prdc.py")


def load_prdc():
    if not os.path.isfile(PRDC_PY):
        sys.exit(f"make_prdc_golden: {PRDC_PY} missing; run bench/features/fetch_prdc.sh (or set PRDC_PY)")
    spec = importlib.util.spec_from_file_location("reference_prdc", PRDC_PY)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def mixture(rng, means, n, std):
    labels = rng.integers(0, len(means), n)
    return means[labels] + std * rng.standard_normal((n, means.shape[1]))


def prdc_case(ref, real, gen, k):
    import contextlib
    with contextlib.redirect_stdout(sys.stderr):  # compute_prdc prints the set sizes
        out = ref.compute_prdc(real, gen, k)
        radii_real = ref.compute_nearest_neighbour_distances(real, k)
        radii_gen = ref.compute_nearest_neighbour_distances(gen, k)
    return {"k": k, "precision": float(out["precision"]), "recall": float(out["recall"]),
            "density": float(out["density"]), "coverage": float(out["coverage"]),
            "realRadii": [float(v) for v in radii_real], "generatedRadii": [float(v) for v in radii_gen]}


def mmd2_unbiased_loops(x, y, degree=3, coef=1.0):
    """Unbiased MMD^2 over all rows (one full subset), explicit float64 pair loops; gamma = 1/d."""
    x = x.astype(np.float64)
    y = y.astype(np.float64)
    m, d = x.shape
    assert y.shape == (m, d)
    gamma = 1.0 / d
    kxx = kyy = kxy = 0.0
    for i in range(m):
        for j in range(m):
            if i != j:
                kxx += (gamma * float(np.dot(x[i], x[j])) + coef) ** degree
                kyy += (gamma * float(np.dot(y[i], y[j])) + coef) ** degree
            kxy += (gamma * float(np.dot(x[i], y[j])) + coef) ** degree
    return (kxx + kyy) / (m * (m - 1)) - 2.0 * kxy / (m * m)


def main():
    os.makedirs(OUT, exist_ok=True)
    ref = load_prdc()
    rng = np.random.default_rng(20261205)
    means = rng.uniform(-3, 3, (6, 16))
    real = mixture(rng, means, 300, 0.8)
    gen = mixture(rng, means[:4], 250, 1.0)
    real_int = rng.integers(0, 5, (200, 6)).astype(np.int64)
    gen_int = rng.integers(0, 5, (180, 6)).astype(np.int64)
    gen_int[:60] = np.minimum(gen_int[:60], 2)  # a part of the generated set in a corner
    arrays = {"real_f64": real, "gen_f64": gen, "real_f32": real.astype(np.float32),
              "gen_f32": gen.astype(np.float32), "real_int": real_int, "gen_int": gen_int}
    for name, a in arrays.items():
        np.save(os.path.join(OUT, name + ".npy"), a)
    cases = {}
    for dtype in ("f64", "f32", "int"):
        for k in (1, 3, 5):
            cases[f"{dtype}_k{k}"] = prdc_case(ref, arrays["real_" + dtype], arrays["gen_" + dtype], k)
    with open(PRDC_PY, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    provenance = {"reference": "clovaai/generative-evaluation-prdc prdc/prdc.py compute_prdc", "sha256": sha,
                  "sklearn": sklearn.__version__, "numpy": np.__version__, "python": platform.python_version(),
                  "command": "/usr/bin/python3 bench/golden/make_prdc_golden.py"}
    with open(os.path.join(OUT, "prdc.json"), "w") as f:
        json.dump({"provenance": provenance, "cases": cases}, f, indent=1)

    krng = np.random.default_rng(7)
    kid_real = krng.standard_normal((120, 10))
    kid_gen = krng.standard_normal((120, 10)) + 0.3
    kid_same = krng.standard_normal((120, 10))
    for name, a in {"kid_real": kid_real, "kid_gen": kid_gen, "kid_same": kid_same}.items():
        np.save(os.path.join(OUT, name + ".npy"), a)
    f32 = lambda a: a.astype(np.float32)  # noqa: E731
    kid = {"provenance": {"reference": "unbiased MMD^2 (Binkowski et al. 2018 eq. 2), float64 pair loops in this script",
                          "kernel": "(x.y/d + 1)^3", "numpy": np.__version__},
           "shifted_f64": mmd2_unbiased_loops(kid_real, kid_gen),
           "same_f64": mmd2_unbiased_loops(kid_real, kid_same),
           "shifted_f32": mmd2_unbiased_loops(f32(kid_real), f32(kid_gen)),
           "same_f32": mmd2_unbiased_loops(f32(kid_real), f32(kid_same))}
    with open(os.path.join(OUT, "kid.json"), "w") as f:
        json.dump(kid, f, indent=1)
    print(json.dumps({k: v for k, v in kid.items() if k != "provenance"}))
    for name, c in cases.items():
        print(name, {k: c[k] for k in ("precision", "recall", "density", "coverage")})


if __name__ == "__main__":
    main()
