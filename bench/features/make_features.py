#!/usr/bin/python3
"""Feature matrices for bench/features/run.sh (numpy.save .npy files in OUT_DIR).

  prdc_real.npy, prdc_gen.npy   N x D float32, both N(0, I) (the clovaai README's set-up, other sizes)
  kid_real.npy, kid_gen.npy     N x D float32, real N(0, I), generated N(0.02, I)
  check_real.npy, check_gen.npy the first CHECK rows of the kid files (KID with one full subset: deterministic)
  readme_real.npy, readme_gen.npy  10,000 x 1,000 float64 N(0, I): clovaai's README example
usage: make_features.py OUT_DIR N D CHECK SEED
"""
import os
import sys

import numpy as np

out, n, d, check, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(seed)


def save(name, a):
    np.save(os.path.join(out, name + ".npy"), a)


save("prdc_real", rng.standard_normal((n, d), dtype=np.float32))
save("prdc_gen", rng.standard_normal((n, d), dtype=np.float32))
kr = rng.standard_normal((n, d), dtype=np.float32)
kg = rng.standard_normal((n, d), dtype=np.float32) + np.float32(0.02)
save("kid_real", kr)
save("kid_gen", kg)
save("check_real", kr[:check])
save("check_gen", kg[:check])
save("readme_real", rng.normal(0.0, 1.0, (10000, 1000)))
save("readme_gen", rng.normal(0.0, 1.0, (10000, 1000)))
