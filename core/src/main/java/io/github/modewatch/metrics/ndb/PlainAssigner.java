package io.github.modewatch.metrics.ndb;

import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.io.NpyArray;
import java.util.stream.IntStream;

/**
 * Nearest-bin assignment in plain Java, for samples read without ND4J ({@link NpyArray}): the command line's
 * {@code ndb --reference} path, where starting ND4J would cost more than the whole computation (see the README's
 * benchmark table). Same rule as {@link NdbReference#assign}: whiten the used dimensions, then argmin over bins
 * of ||c||^2 - 2 x.c, in double precision (only the summation order differs from the GEMM).
 *
 * <p>The dot products run as a 4 x 4 register block (4 rows against 4 centres, 16 independent sums), which keeps
 * the JIT-compiled loop busy without vector instructions: about 5 GFLOP/s per core, measured at 5,000 x 2,048
 * against 100 centres (bench/run.sh). Row blocks run in parallel.
 */
final class PlainAssigner {
    /** Rows per parallel task (a multiple of 4). */
    private static final int BLOCK = 128;

    private PlainAssigner() {
    }

    /**
     * Bin counts of {@code samples} (2-D, width = the centres' d).
     *
     * @throws InvalidInputException when a value (in any column) is NaN or infinite, naming the first such row
     */
    static long[] counts(NpyArray samples, double[][] centers, int[] dims, double[] mean, double[] std) {
        int k = centers.length;
        int kPadded = (k + 3) / 4 * 4;
        int m = dims.length;
        int n = Math.toIntExact(samples.rows());
        double[] used = new double[kPadded * m];   // [b][j] = centre b at used dimension j; padding rows are 0
        double[] norms = new double[kPadded];
        java.util.Arrays.fill(norms, k, kPadded, Double.POSITIVE_INFINITY);   // padding is never the nearest
        double[] mu = new double[m];
        double[] sd = new double[m];
        boolean whitened = false;   // bins fitted without --whiten store mean 0 and std 1: nothing to do
        for (int j = 0; j < m; j++) {
            mu[j] = mean[dims[j]];
            sd[j] = std[dims[j]];
            whitened |= mu[j] != 0.0 || sd[j] != 1.0;
        }
        boolean whiten = whitened;
        for (int b = 0; b < k; b++) {
            for (int j = 0; j < m; j++) {
                double v = centers[b][dims[j]];
                used[b * m + j] = v;
                norms[b] += v * v;
            }
        }
        int[] labels = new int[n];
        long[] firstBadRow = {Long.MAX_VALUE};
        int blocks = (n + BLOCK - 1) / BLOCK;
        IntStream.range(0, blocks).parallel().forEach(block -> {
            double[] x = new double[4 * m];
            double[] dist = new double[4 * kPadded];
            int last = Math.min(n, (block + 1) * BLOCK);
            for (int start = block * BLOCK; start < last; start += 4) {
                int rows = Math.min(4, last - start);
                java.util.Arrays.fill(x, 0.0);
                for (int r = 0; r < rows; r++) {
                    if (!samples.gatherRow(start + r, dims, x, r * m)) {
                        synchronized (firstBadRow) {
                            firstBadRow[0] = Math.min(firstBadRow[0], start + r);
                        }
                    }
                    if (whiten) {
                        for (int j = 0; j < m; j++) {
                            x[r * m + j] = (x[r * m + j] - mu[j]) / sd[j];
                        }
                    }
                }
                distances(x, used, norms, m, kPadded, dist);
                for (int r = 0; r < rows; r++) {
                    int arg = 0;
                    double min = Double.POSITIVE_INFINITY;
                    for (int b = 0; b < k; b++) {
                        double d = dist[r * kPadded + b];
                        if (d < min) {
                            min = d;
                            arg = b;
                        }
                    }
                    labels[start + r] = arg;
                }
            }
        });
        if (firstBadRow[0] != Long.MAX_VALUE) {
            throw new InvalidInputException(samples.name() + ": NaN or infinite value in row " + firstBadRow[0]
                    + " (0-based); expected finite numbers only");
        }
        long[] counts = new long[k];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** dist[r][b] = ||c_b||^2 - 2 x_r.c_b for 4 rows x (4 rows of m) against kPadded centres. */
    private static void distances(double[] x, double[] c, double[] norms, int m, int kPadded, double[] dist) {
        for (int b = 0; b < kPadded; b += 4) {
            block(x, c, norms, m, kPadded, b, dist);
        }
    }

    /**
     * The 4 x 4 block of rows 0-3 against centres b..b+3: 16 independent sums, each x and centre value loaded
     * once per 4 uses. A method of its own, called K/4 times per 4 rows, so that the JIT compiles it early.
     */
    private static void block(double[] x, double[] c, double[] norms, int m, int kPadded, int b, double[] dist) {
        int r1 = m;
        int r2 = 2 * m;
        int r3 = 3 * m;
        int c0 = b * m;
        int c1 = c0 + m;
        int c2 = c1 + m;
        int c3 = c2 + m;
        double a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
        double a20 = 0, a21 = 0, a22 = 0, a23 = 0, a30 = 0, a31 = 0, a32 = 0, a33 = 0;
        for (int j = 0; j < m; j++) {
            double x0 = x[j];
            double x1 = x[r1 + j];
            double x2 = x[r2 + j];
            double x3 = x[r3 + j];
            double y0 = c[c0 + j];
            double y1 = c[c1 + j];
            double y2 = c[c2 + j];
            double y3 = c[c3 + j];
            a00 += x0 * y0;
            a01 += x0 * y1;
            a02 += x0 * y2;
            a03 += x0 * y3;
            a10 += x1 * y0;
            a11 += x1 * y1;
            a12 += x1 * y2;
            a13 += x1 * y3;
            a20 += x2 * y0;
            a21 += x2 * y1;
            a22 += x2 * y2;
            a23 += x2 * y3;
            a30 += x3 * y0;
            a31 += x3 * y1;
            a32 += x3 * y2;
            a33 += x3 * y3;
        }
        set(dist, 0, kPadded, b, norms, a00, a01, a02, a03);
        set(dist, 1, kPadded, b, norms, a10, a11, a12, a13);
        set(dist, 2, kPadded, b, norms, a20, a21, a22, a23);
        set(dist, 3, kPadded, b, norms, a30, a31, a32, a33);
    }

    private static void set(double[] dist, int row, int kPadded, int b, double[] norms,
                            double d0, double d1, double d2, double d3) {
        int o = row * kPadded + b;
        dist[o] = norms[b] - 2.0 * d0;
        dist[o + 1] = norms[b + 1] - 2.0 * d1;
        dist[o + 2] = norms[b + 2] - 2.0 * d2;
        dist[o + 3] = norms[b + 3] - 2.0 * d3;
    }
}
