# Regenerates the numpy-written fixtures read by NumpyFixturesTest (Debian python3-numpy, python3-scipy):
#   cd src/test/resources/numpy && python3 make_fixtures.py
import numpy as np
from scipy import linalg

a32 = np.arange(12, dtype=np.float32).reshape(3, 4) / 4
np.save("f32_3x4.npy", a32)
np.save("f64_2x3.npy", np.array([[1.5, -2.0, 3.25], [1e-300, 1e300, -0.0]]))
np.save("f64_be_2x2.npy", np.array([[1.0, 2.0], [3.0, 4.0]], dtype=">f8"))
np.save("i64_scalar.npy", np.int64(20000))
np.save("f32_1d.npy", np.arange(5, dtype=np.float32))
np.save("f64_fortran_2x3.npy", np.asfortranarray(np.arange(6.0).reshape(2, 3)))
np.savetxt("with_header.csv", np.arange(6.0).reshape(3, 2), delimiter=",", header="x,y", comments="")

# pytorch-fid style statistics, stored and compressed, and the scipy sqrtm-route distance between them.
rng = np.random.default_rng(7)
x = rng.standard_normal((300, 5))
y = rng.standard_normal((250, 5)) @ np.diag([1.0, 2.0, 0.5, 1.0, 3.0]) + 0.25
m1, s1 = x.mean(0), np.cov(x, rowvar=False)
m2, s2 = y.mean(0), np.cov(y, rowvar=False)
np.savez("stats_a.npz", mu=m1, sigma=s1)
np.savez_compressed("stats_b.npz", mu=m2, sigma=s2)
np.save("samples_a.npy", x)
np.save("samples_b.npy", y)
covmean, _ = linalg.sqrtm(s1 @ s2, disp=False)
d = ((m1 - m2) ** 2).sum() + np.trace(s1 + s2 - 2 * covmean.real)
with open("stats_expected.txt", "w") as f:
    f.write(repr(float(d)) + "\n")
print("frechet", d)

# Entries of 64 KiB and more that ModeWatch memory-maps rather than copies: numpy.savez writes zip64 local headers.
big = np.arange(100 * 100, dtype=np.float64).reshape(100, 100) / 7
big_be32 = (np.arange(200 * 100, dtype=np.float64).reshape(200, 100) / 3).astype(">f4")
np.savez("large_entries.npz", big=big, big_be32=big_be32, n=np.int64(7))
