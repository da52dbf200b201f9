package io.github.modewatch.metrics.ndb;

import io.github.modewatch.internal.linalg.LinearAlgebra;
import io.github.modewatch.io.InvalidInputException;
import java.util.stream.IntStream;

/**
 * NDB's nearest-bin rule, the one implementation behind {@link NdbReference#evaluate}, {@link NdbReference#assign}
 * and the reference proportions of {@link NdbReference#fit}: whiten the used dimensions ((x - mean) / std), then
 * argmin over bins of ||c||^2 - 2 x.c (the squared L2 distance less the row's own ||x||^2, which does not change
 * the argmin), in double precision; ties go to the lower bin. This is the assignment of utils/ndb.py in the NDB
 * paper's code (eitanrich/gans-n-gmms).
 *
 * <p>Rows are gathered and whitened in blocks, blocks in parallel, and each block's dot products with the centres
 * are computed by the backend {@link LinearAlgebra#get()} chooses (plain Java on the CPU, so the command line's
 * {@code ndb --reference} neither starts ND4J nor loads a native library; a GEMM through ND4J on the GPU). Every
 * row is checked for NaN and infinities, also in the columns the bins do not use.
 */
final class NearestCenter {
    /** Per-thread block buffers, reused across blocks and calls (fresh ones cost page faults and GC). */
    private static final ThreadLocal<double[]> X = new ThreadLocal<>();

    private static final ThreadLocal<double[]> DOTS = new ThreadLocal<>();

    private static double[] scratch(ThreadLocal<double[]> cache, int length) {
        double[] a = cache.get();
        if (a == null || a.length < length) {
            a = new double[length];
            cache.set(a);
        }
        return a;
    }

    private final int k;
    private final int[] dims;
    private final double[] mu;
    private final double[] sd;
    private final boolean whiten;
    private final double[] norms;
    private final LinearAlgebra.Centres prepared; // the K x m used columns, as the backend computes them
    private final int blockRows;

    /**
     * The rule for K x d centres.
     *
     * @param centers K x d bin centres in whitened space, row-major
     * @param k       K
     * @param dims    the dimensions used for assignment
     * @param mean    d per-dimension means (0 without whitening)
     * @param std     d per-dimension stds (1 without whitening)
     */
    static NearestCenter ofCenters(
            double[] centers, int k, int[] dims, double[] mean, double[] std, LinearAlgebra algebra) {
        int d = mean.length;
        int m = dims.length;
        double[] used = new double[k * m];
        for (int b = 0; b < k; b++) {
            for (int j = 0; j < m; j++) {
                used[b * m + j] = centers[b * d + dims[j]];
            }
        }
        return new NearestCenter(used, k, dims, mean, std, algebra);
    }

    /**
     * The rule from the used columns of the centres only ({@code used}: K x dims.length, row-major, in the order of
     * {@code dims}; the backend copies what it needs), for bins read from a file. Other parameters as in
     * {@link #ofCenters}.
     */
    static NearestCenter ofUsedColumns(
            double[] used, int k, int[] dims, double[] mean, double[] std, LinearAlgebra algebra) {
        return new NearestCenter(used, k, dims, mean, std, algebra);
    }

    private NearestCenter(double[] used, int k, int[] dims, double[] mean, double[] std, LinearAlgebra algebra) {
        this.k = k;
        this.dims = dims.clone();
        int m = dims.length;
        this.mu = new double[m];
        this.sd = new double[m];
        boolean whitened = false; // bins fitted without whitening store mean 0 and std 1: nothing to do
        for (int j = 0; j < m; j++) {
            mu[j] = mean[dims[j]];
            sd[j] = std[dims[j]];
            whitened |= mu[j] != 0.0 || sd[j] != 1.0;
        }
        this.whiten = whitened;
        this.norms = new double[k];
        for (int b = 0; b < k; b++) {
            for (int j = 0; j < m; j++) {
                double v = used[b * m + j];
                norms[b] += v * v;
            }
        }
        this.prepared = algebra.centres(used, k, m);
        this.blockRows = algebra.blockRows();
    }

    /**
     * The nearest bin of every row.
     *
     * @throws InvalidInputException when a row holds NaN or an infinity, naming the source and the first such row
     */
    int[] assign(Rows rows) {
        int n = Math.toIntExact(rows.rows());
        int m = dims.length;
        int[] labels = new int[n];
        int block = blockRows;
        long[] firstBadRow = {Long.MAX_VALUE};
        int blocks = (n + block - 1) / block;
        IntStream.range(0, blocks).parallel().forEach(task -> {
            int start = task * block;
            int end = Math.min(n, start + block);
            double[] x = scratch(X, (end - start) * m);
            double[] dots = scratch(DOTS, (end - start) * k);
            for (int i = start; i < end; i++) {
                int off = (i - start) * m;
                if (!rows.gather(i, dims, x, off)) {
                    synchronized (firstBadRow) {
                        firstBadRow[0] = Math.min(firstBadRow[0], i);
                    }
                }
                if (whiten) {
                    for (int j = 0; j < m; j++) {
                        x[off + j] = (x[off + j] - mu[j]) / sd[j];
                    }
                }
            }
            prepared.dots(x, end - start, dots);
            for (int i = start; i < end; i++) {
                int off = (i - start) * k;
                int arg = 0;
                double min = Double.POSITIVE_INFINITY;
                for (int b = 0; b < k; b++) {
                    double dist = norms[b] - 2.0 * dots[off + b];
                    if (dist < min) {
                        min = dist;
                        arg = b;
                    }
                }
                labels[i] = arg;
            }
        });
        if (firstBadRow[0] != Long.MAX_VALUE) {
            throw new InvalidInputException(rows.name() + ": NaN or infinite value in row " + firstBadRow[0]
                    + " (0-based); expected finite numbers only");
        }
        return labels;
    }

    /** Bin counts of {@link #assign}. */
    long[] counts(Rows rows) {
        long[] counts = new long[k];
        for (int label : assign(rows)) {
            counts[label]++;
        }
        return counts;
    }
}
