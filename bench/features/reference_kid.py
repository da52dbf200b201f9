#!/usr/bin/python3
"""KID in numpy: the estimator torch-fidelity, clean-fid and torchmetrics use, written here (not copied).

Per subset: m rows of each set drawn without replacement (numpy RandomState(seed).choice), Gram matrices with
numpy matmul in the features' dtype (float32 here, as torch-fidelity does), kernel (gamma x.y + coef)^degree,
unbiased MMD^2 = [sum_{i!=j} k(x_i,x_j) + sum_{i!=j} k(y_i,y_j)] / (m(m-1)) - 2 sum_{i,j} k(x_i,y_j) / m^2 with the
sums in float64; mean and population std over subsets. Prints one JSON object.
usage: reference_kid.py REAL.npy GEN.npy SUBSETS SUBSET_SIZE [SEED]
"""
import json
import sys

import numpy as np

real = np.load(sys.argv[1])
gen = np.load(sys.argv[2])
subsets, m = int(sys.argv[3]), int(sys.argv[4])
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 0
d = real.shape[1]
gamma, coef, degree = 1.0 / d, 1.0, 3
rng = np.random.RandomState(seed)
values = np.zeros(subsets)
for s in range(subsets):
    x = real[rng.choice(len(real), m, replace=False)]
    y = gen[rng.choice(len(gen), m, replace=False)]
    kxx = (x @ x.T * gamma + coef) ** degree
    kyy = (y @ y.T * gamma + coef) ** degree
    kxy = (x @ y.T * gamma + coef) ** degree
    sxx = kxx.sum(dtype=np.float64) - np.trace(kxx, dtype=np.float64)
    syy = kyy.sum(dtype=np.float64) - np.trace(kyy, dtype=np.float64)
    values[s] = (sxx + syy) / (m * (m - 1)) - 2.0 * kxy.sum(dtype=np.float64) / (m * m)
print(json.dumps({"kid": float(values.mean()), "kidStd": float(values.std()), "subsets": subsets, "subsetSize": m}))
