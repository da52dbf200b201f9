package io.github.modewatch.internal.linalg;

/**
 * x.c products of blocks of rows against K centres in plain Java, written so that the JIT vectorizes them: the
 * centres are stored transposed (one array of K values per dimension) and every row's K sums are updated together,
 * {@code acc[b] += x_j * ct_j[b]} over b, a loop C2's SuperWord turns into SIMD (both arrays indexed by the same b,
 * which it needs to rule out aliasing). Each sum still runs over j = 0, 1, ..., m - 1 in order from 0, one multiply
 * and one add per term, exactly as a scalar dot product does: the results are the same bits as the 4 x 4
 * register-blocked scalar kernel this replaces (5.4 ms per block below). Four dimensions go into every pass over
 * the sums (see {@link #accumulate}). Measured on the 2-core benchmark machine (AMD EPYC, AVX-512), 128 rows x
 * 2,048 dims against 100 centres, one thread, {@code bench/NdbKernelBench.java dots}: 2.3 ms per block warm
 * (one dimension per pass: 3.1 ms), 132 ms for the first 40 blocks, JIT warm-up included (155 ms).
 *
 * <p>Dimensions are taken in chunks of {@link #CHUNK}, so that a chunk of the transposed centres (100 KiB at
 * K = 100) stays in cache while every row of the block passes over it.
 */
final class PlainDots implements LinearAlgebra.Centres {
    /** Dimensions per chunk. */
    static final int CHUNK = 128;

    /** Per-thread row accumulators, reused across blocks (fresh ones cost page faults and GC). */
    private static final ThreadLocal<double[][]> ACCUMULATORS = new ThreadLocal<>();

    private final double[][] transposed; // m arrays of k values
    private final int k;
    private final int m;

    /** @param c k x m centres, row-major (copied) */
    PlainDots(double[] c, int k, int m) {
        if (c.length < k * m) {
            throw new IllegalArgumentException(c.length + " values for " + k + " centres of width " + m);
        }
        this.k = k;
        this.m = m;
        this.transposed = new double[m][k];
        for (int b = 0; b < k; b++) {
            for (int j = 0; j < m; j++) {
                transposed[j][b] = c[b * m + j];
            }
        }
    }

    @Override
    public void dots(double[] x, int rows, double[] dots) {
        double[][] acc = accumulators(rows, k);
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(acc[r], 0, k, 0.0);
        }
        for (int from = 0; from < m; from += CHUNK) {
            int to = Math.min(m, from + CHUNK);
            for (int r = 0; r < rows; r++) {
                accumulate(x, r * m, from, to, acc[r]);
            }
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(acc[r], 0, dots, r * k, k);
        }
    }

    /**
     * sums[b] += x[xo + j] * c_b[j] for j in [from, to), in order. Four dimensions per pass over the K sums, each
     * sum still adding its four products one at a time in j's order (the same bits as one dimension per pass):
     * a quarter of the loads and stores of the sums and of the loop overhead.
     */
    private void accumulate(double[] x, int xo, int from, int to, double[] sums) {
        int n = k;
        int j = from;
        for (; j + 3 < to; j += 4) {
            double v0 = x[xo + j];
            double v1 = x[xo + j + 1];
            double v2 = x[xo + j + 2];
            double v3 = x[xo + j + 3];
            double[] c0 = transposed[j];
            double[] c1 = transposed[j + 1];
            double[] c2 = transposed[j + 2];
            double[] c3 = transposed[j + 3];
            for (int b = 0; b < n; b++) {
                sums[b] = (((sums[b] + v0 * c0[b]) + v1 * c1[b]) + v2 * c2[b]) + v3 * c3[b];
            }
        }
        for (; j < to; j++) {
            double v = x[xo + j];
            double[] column = transposed[j];
            for (int b = 0; b < n; b++) {
                sums[b] += v * column[b];
            }
        }
    }

    private static double[][] accumulators(int rows, int k) {
        double[][] a = ACCUMULATORS.get();
        if (a == null || a.length < rows || a[0].length < k) {
            a = new double[Math.max(Math.max(rows, 1), a == null ? 0 : a.length)]
                    [Math.max(k, a == null ? 0 : a[0].length)];
            ACCUMULATORS.set(a);
        }
        return a;
    }
}
