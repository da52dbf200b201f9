"""Shared helpers for the bench/ Python scripts (run with Debian's /usr/bin/python3)."""
import json
import os
import platform
import sys


def env_info():
    """Library versions, BLAS / OpenMP thread pools (threadpoolctl) and relevant env vars."""
    info = {
        "python": sys.version.split()[0],
        "python_executable": sys.executable,
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "env": {k: os.environ.get(k) for k in (
            "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS",
            "OMP_NUM_THREADS", "MKL_NUM_THREADS")},
    }
    try:
        import numpy
        info["numpy"] = numpy.__version__
    except ImportError:
        pass
    for mod in ("scipy", "sklearn"):
        try:
            info[mod] = __import__(mod).__version__
        except ImportError:
            info[mod] = None
    try:
        from threadpoolctl import threadpool_info
        info["threadpools"] = [
            {k: p.get(k) for k in ("user_api", "internal_api", "version", "threading_layer",
                                   "architecture", "num_threads", "filepath")}
            for p in threadpool_info()]
    except ImportError:
        info["threadpools"] = "threadpoolctl not installed"
    return info


def emit(result, json_out=None):
    """Print `result` as JSON on stdout and optionally write it to `json_out`."""
    text = json.dumps(result, indent=1, default=_default)
    if json_out:
        with open(json_out, "w") as f:
            f.write(text + "\n")
    print(text)


def _default(o):
    try:
        import numpy as np
        if isinstance(o, np.generic):
            return o.item()
        if isinstance(o, np.ndarray):
            return o.tolist()
    except ImportError:
        pass
    raise TypeError(f"not JSON serialisable: {type(o)}")
