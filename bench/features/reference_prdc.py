#!/usr/bin/python3
"""clovaai/generative-evaluation-prdc's compute_prdc on two .npy files; prints one JSON object.

The reference file is not in this repository: it is loaded from $PRDC_PY (default /work/bench-ref/prdc.py),
put there by bench/features/fetch_prdc.sh. usage: reference_prdc.py REAL.npy GEN.npy K
"""
import contextlib
import importlib.util
import json
import os
import sys

import numpy as np

path = os.environ.get("PRDC_PY", "/work/bench-ref/prdc.py")
spec = importlib.util.spec_from_file_location("reference_prdc", path)
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
real = np.load(sys.argv[1])
gen = np.load(sys.argv[2])
with contextlib.redirect_stdout(sys.stderr):
    r = mod.compute_prdc(real, gen, int(sys.argv[3]))
print(json.dumps({k: float(v) for k, v in r.items()}))
