package io.github.modewatch.metrics.features;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import io.github.modewatch.io.NpyArray;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Precision, recall, density and coverage of generated features against real ones, with the semantics of
 * {@code compute_prdc} in clovaai/generative-evaluation-prdc (MIT; followed, not copied).
 *
 * <p>With real rows x_1..x_N, generated rows y_1..y_M, Euclidean distance d and r(x) the distance from x to its
 * k-th nearest neighbour in its own set (itself excluded):
 * <pre>
 *   precision = (1/M) sum_j 1[ exists i: d(x_i, y_j) &lt; r(x_i) ]      (Kynkäänniemi et al. 2019)
 *   recall    = (1/N) sum_i 1[ exists j: d(x_i, y_j) &lt; r(y_j) ]
 *   density   = (1/(kM)) sum_j sum_i 1[ d(x_i, y_j) &lt; r(x_i) ]       (Naeem et al. 2020)
 *   coverage  = (1/N) sum_i 1[ min_j d(x_i, y_j) &lt; r(x_i) ]
 * </pre>
 * Comparisons are strict. As in the reference (scikit-learn's {@code pairwise_distances}), squared distances are
 * {@code ||x||^2 + ||y||^2 - 2 x.y} in float64, clipped at 0; when both inputs are float32 they are rounded to
 * float32 before the square root, as scikit-learn does, so ties resolve as the reference resolves them.
 *
 * <p>Speed: the dot products come from float32 GEMM (OpenBLAS) in row blocks, never storing an N x M matrix;
 * every comparison closer to its threshold than the GEMM's rounding error bound (Higham's gamma_d, plus the
 * float64-to-float32 rounding of the inputs) is decided again from an exact float64 dot product, so the answer
 * is the float64 one. The k-th nearest distance is found by a partial selection: per row, the candidates within
 * the error bound of the current k-th smallest value are kept and checked exactly at the end.
 *
 * <p>References: T. Kynkäänniemi et al., "Improved Precision and Recall Metric for Assessing Generative Models",
 * NeurIPS 2019; M. F. Naeem et al., "Reliable Fidelity and Diversity Metrics for Generative Models", ICML 2020.
 */
public final class Prdc {
    /** Rows of one GEMM block. */
    private static final int BLOCK = 512;

    private static final double UNIT_ROUNDOFF_F32 = 0x1p-24;
    /** Relative slack for the float32 rounding of distances in the reference (1 ulp is 2^-23 relative). */
    private static final double ROUNDING_SLACK = 1e-6;

    private Prdc() {}

    /** {@link #compute(INDArray, INDArray, PrdcOptions)} with k = 5. */
    public static PrdcResult compute(INDArray real, INDArray generated) {
        return compute(real, generated, PrdcOptions.defaults());
    }

    /**
     * Precision, recall, density and coverage (see the class comment). The arguments are not modified; views,
     * float32, float64 and integer matrices are accepted.
     *
     * @throws IllegalArgumentException when the widths differ, a set has k rows or fewer, or a value is not finite
     */
    public static PrdcResult compute(INDArray real, INDArray generated, PrdcOptions options) {
        return compute(FeatureRows.of(real, "real"), FeatureRows.of(generated, "generated"), options);
    }

    /**
     * As {@link #compute(INDArray, INDArray, PrdcOptions)} for .npy matrices read without ND4J
     * ({@link io.github.modewatch.io.SampleFiles#open}): float32, float64, int32 or int64.
     */
    public static PrdcResult compute(NpyArray real, NpyArray generated, PrdcOptions options) {
        return compute(FeatureRows.of(real, "real"), FeatureRows.of(generated, "generated"), options);
    }

    private static PrdcResult compute(FeatureRows x, FeatureRows y, PrdcOptions options) {
        return compute(new Real(x, options), y);
    }

    /**
     * The real side of prdc kept for many generated sets ({@link FeatureReference}): its rows and, per distance mode,
     * its k-NN radii, computed on first use (the N x N pass that dominates prdc when N is the larger set).
     * Thread-safe: a race computes the same radii twice.
     */
    static final class Real {
        final FeatureRows rows;
        final PrdcOptions options;
        private volatile double[] radii32; // float32 distances (both sets float32), as scikit-learn rounds them
        private volatile double[] radii64;

        Real(FeatureRows rows, PrdcOptions options) {
            this.rows = rows; // too few rows for k fail at the comparison, as they do without a kept real side
            this.options = options;
        }

        double[] radii(FloatPointer values, boolean float32) {
            double[] r = float32 ? radii32 : radii64;
            if (r == null) {
                r = Prdc.radii(rows, values, options.k(), float32, errorFactor(rows.dims));
                if (float32) {
                    radii32 = r;
                } else {
                    radii64 = r;
                }
            }
            return r;
        }
    }

    /** prdc of {@code y} against a prepared real side; see {@link #compute(INDArray, INDArray, PrdcOptions)}. */
    static PrdcResult compute(Real real, FeatureRows y) {
        FeatureRows x = real.rows;
        FeatureRows.requireSameWidth(x, y);
        int k = real.options.k();
        requireRows(x, k, "real");
        requireRows(y, k, "generated");
        boolean float32 = x.float32 && y.float32;
        double bound = errorFactor(x.dims);
        try (FloatPointer fx = x.toFloatPointer();
                FloatPointer fy = y.toFloatPointer()) {
            double[] rx = real.radii(fx, float32);
            double[] ry = radii(y, fy, k, float32, bound);
            return cross(x, fx, rx, y, fy, ry, k, float32, bound);
        }
    }

    private static void requireRows(FeatureRows f, int k, String name) {
        if (f.rows <= k) {
            throw new IllegalArgumentException(
                    "k = " + k + " with " + f.rows + " " + name + " rows: k must be below the"
                            + " row count of each set (a point's k-th neighbour excludes itself); use fewer neighbours or more rows");
        }
    }

    /** Bound on |fl32(x.y) - x.y| / (||x|| ||y||) including the rounding of the inputs to float32, doubled (x2 in d^2). */
    private static double errorFactor(int dims) {
        double g = (dims + 3) * UNIT_ROUNDOFF_F32;
        return 2 * 1.05 * g / (1 - g);
    }

    /**
     * The distance the reference compares: the float64 squared distance, clipped at 0, and its square root; with
     * float32 inputs scikit-learn rounds the squared distance to float32 and takes a float32 square root (a
     * correctly rounded one, which (float) Math.sqrt of a float is).
     */
    private static double distance(double squared, boolean float32) {
        if (float32) {
            return (float) Math.sqrt(Math.max(0f, (float) squared));
        }
        return Math.sqrt(Math.max(0.0, squared));
    }

    private static double exactSquared(FeatureRows a, int i, FeatureRows b, int j) {
        return -2 * FeatureRows.dot(a, i, b, j) + a.squaredNorms[i] + b.squaredNorms[j];
    }

    /** k-th nearest distance of every row of {@code f} among the other rows. */
    private static double[] radii(FeatureRows f, FloatPointer values, int k, boolean float32, double factor) {
        int n = f.rows;
        int d = f.dims;
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            norms[i] = Math.sqrt(f.squaredNorms[i]);
        }
        double maxNorm = f.maxNorm();
        Candidates[] cand = new Candidates[n];
        for (int i = 0; i < n; i++) {
            cand[i] = new Candidates(k, factor * norms[i] * maxNorm + 1e-12 * (f.squaredNorms[i] + maxNorm * maxNorm));
        }
        float[] block = new float[Math.min(BLOCK, n) * n];
        try (FloatPointer c = new FloatPointer((long) Math.min(BLOCK, n) * n)) {
            for (int i0 = 0; i0 < n; i0 += BLOCK) {
                final int start = i0;
                final int rows = Math.min(BLOCK, n - i0);
                final int cols = n - i0; // columns start..n-1: the upper block triangle and the diagonal block
                cblas_sgemm(
                        CblasRowMajor,
                        CblasNoTrans,
                        CblasTrans,
                        rows,
                        cols,
                        d,
                        1f,
                        values.position((long) start * d),
                        d,
                        values.position((long) start * d),
                        d,
                        0f,
                        c.position(0),
                        cols);
                values.position(0);
                c.get(block, 0, rows * cols);
                // row side: row i sees every column j >= start (within the diagonal block both (i, j) and (j, i))
                IntStream.range(0, rows).parallel().forEach(r -> {
                    int i = start + r;
                    Candidates ci = cand[i];
                    double ni = f.squaredNorms[i];
                    int o = r * cols;
                    for (int col = 0; col < cols; col++) {
                        int j = start + col;
                        if (j != i) {
                            double a = -2.0 * block[o + col] + ni + f.squaredNorms[j];
                            if (a <= ci.threshold) {
                                ci.add(j, a);
                            }
                        }
                    }
                });
                // column side: columns j beyond the diagonal block see the block's rows (the lower triangle)
                int chunks = Math.max(1, Math.min(64, (cols - rows + 255) / 256));
                IntStream.range(0, chunks).parallel().forEach(ch -> {
                    int from = rows + (int) ((long) (cols - rows) * ch / chunks);
                    int to = rows + (int) ((long) (cols - rows) * (ch + 1) / chunks);
                    for (int r = 0; r < rows; r++) {
                        int i = start + r;
                        double ni = f.squaredNorms[i];
                        int o = r * cols;
                        for (int col = from; col < to; col++) {
                            int j = start + col;
                            double a = -2.0 * block[o + col] + ni + f.squaredNorms[j];
                            Candidates cj = cand[j];
                            if (a <= cj.threshold) {
                                cj.add(i, a);
                            }
                        }
                    }
                });
            }
        }
        double[] radii = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> radii[i] = cand[i].exactKth(f, i, float32));
        return radii;
    }

    /**
     * The candidates for the k nearest neighbours of one row: every index whose approximate squared distance is
     * within twice the row's error bound of the k-th smallest approximate value seen so far. Anything dropped is
     * farther, even exactly, than the exact k-th nearest.
     */
    private static final class Candidates {
        private final int k;
        private final double margin;
        private int[] index;
        private double[] approx;
        private int size;
        /** Values above this are never among the k nearest (only decreases). */
        double threshold = Double.POSITIVE_INFINITY;

        Candidates(int k, double errorBound) {
            this.k = k;
            this.margin = 2 * errorBound;
            this.index = new int[4 * k + 16];
            this.approx = new double[4 * k + 16];
        }

        void add(int j, double a) {
            if (size == index.length) {
                prune();
                if (size > index.length / 2) {
                    index = Arrays.copyOf(index, index.length * 2);
                    approx = Arrays.copyOf(approx, approx.length * 2);
                }
            }
            index[size] = j;
            approx[size] = a;
            size++;
        }

        private void prune() {
            double[] sorted = Arrays.copyOf(approx, size);
            Arrays.sort(sorted);
            threshold = Math.min(threshold, sorted[k - 1] + margin);
            int kept = 0;
            for (int t = 0; t < size; t++) {
                if (approx[t] <= threshold) {
                    index[kept] = index[t];
                    approx[kept] = approx[t];
                    kept++;
                }
            }
            size = kept;
        }

        double exactKth(FeatureRows f, int i, boolean float32) {
            double[] exact = new double[size];
            for (int t = 0; t < size; t++) {
                exact[t] = distance(exactSquared(f, i, f, index[t]), float32);
            }
            Arrays.sort(exact);
            return exact[k - 1];
        }
    }

    /** One pass over the real x generated distances, in row blocks of real points. */
    private static PrdcResult cross(
            FeatureRows x,
            FloatPointer fx,
            double[] rx,
            FeatureRows y,
            FloatPointer fy,
            double[] ry,
            int k,
            boolean float32,
            double factor) {
        int n = x.rows;
        int m = y.rows;
        int d = x.dims;
        double[] nx = new double[n];
        double[] ny = new double[m];
        for (int i = 0; i < n; i++) {
            nx[i] = Math.sqrt(x.squaredNorms[i]);
        }
        for (int j = 0; j < m; j++) {
            ny[j] = Math.sqrt(y.squaredNorms[j]);
        }
        // squared thresholds with slack for the float32 rounding of distances; nearer pairs are decided exactly
        double[] rx2lo = new double[n];
        double[] rx2hi = new double[n];
        double[] ry2lo = new double[m];
        double[] ry2hi = new double[m];
        for (int i = 0; i < n; i++) {
            rx2lo[i] = rx[i] * rx[i] * (1 - ROUNDING_SLACK);
            rx2hi[i] = rx[i] * rx[i] * (1 + ROUNDING_SLACK);
        }
        for (int j = 0; j < m; j++) {
            ry2lo[j] = ry[j] * ry[j] * (1 - ROUNDING_SLACK);
            ry2hi[j] = ry[j] * ry[j] * (1 + ROUNDING_SLACK);
        }
        double maxNy2 = 0;
        for (int j = 0; j < m; j++) {
            maxNy2 = Math.max(maxNy2, y.squaredNorms[j]);
        }
        final double maxY2 = maxNy2;
        boolean[] precisionHit = new boolean[m];
        boolean[] recallHit = new boolean[n];
        boolean[] coverageHit = new boolean[n];
        long[] densityCount = new long[n];
        int blockRows = Math.min(BLOCK, n);
        float[] block = new float[blockRows * m];
        try (FloatPointer c = new FloatPointer((long) blockRows * m)) {
            for (int i0 = 0; i0 < n; i0 += BLOCK) {
                final int start = i0;
                final int rows = Math.min(BLOCK, n - i0);
                cblas_sgemm(
                        CblasRowMajor,
                        CblasNoTrans,
                        CblasTrans,
                        rows,
                        m,
                        d,
                        1f,
                        fx.position((long) start * d),
                        d,
                        fy,
                        d,
                        0f,
                        c.position(0),
                        m);
                fx.position(0);
                c.get(block, 0, rows * m);
                IntStream.range(0, rows).parallel().forEach(row -> {
                    int i = start + row;
                    double ni2 = x.squaredNorms[i];
                    double eRow = factor * nx[i];
                    double tiny = 1e-12 * (ni2 + maxY2);
                    double rlo = rx2lo[i];
                    double rhi = rx2hi[i];
                    double radius = rx[i];
                    long count = 0;
                    boolean recall = false;
                    int o = row * m;
                    for (int j = 0; j < m; j++) {
                        double a = -2.0 * block[o + j] + ni2 + y.squaredNorms[j];
                        double e = eRow * ny[j] + tiny;
                        double exactDistance = Double.NaN;
                        // d(x_i, y_j) < r(x_i): precision, density, coverage
                        boolean inReal;
                        if (a + e < rlo) {
                            inReal = true;
                        } else if (a - e > rhi) {
                            inReal = false;
                        } else {
                            exactDistance = distance(exactSquared(x, i, y, j), float32);
                            inReal = exactDistance < radius;
                        }
                        if (inReal) {
                            count++;
                            precisionHit[j] = true;
                        }
                        // d(x_i, y_j) < r(y_j): recall
                        if (!recall) {
                            if (a + e < ry2lo[j]) {
                                recall = true;
                            } else if (a - e <= ry2hi[j]) {
                                if (Double.isNaN(exactDistance)) {
                                    exactDistance = distance(exactSquared(x, i, y, j), float32);
                                }
                                recall = exactDistance < ry[j];
                            }
                        }
                    }
                    densityCount[i] = count;
                    recallHit[i] = recall;
                    coverageHit[i] = count > 0; // min_j d(x_i, y_j) < r(x_i)  <=>  some j has d(x_i, y_j) < r(x_i)
                });
            }
        }
        long inside = 0;
        int recalled = 0;
        int covered = 0;
        for (int i = 0; i < n; i++) {
            inside += densityCount[i];
            recalled += recallHit[i] ? 1 : 0;
            covered += coverageHit[i] ? 1 : 0;
        }
        int precise = 0;
        for (boolean hit : precisionHit) {
            precise += hit ? 1 : 0;
        }
        return new PrdcResult(
                (double) precise / m,
                (double) recalled / n,
                (double) inside / ((double) k * m),
                (double) covered / n,
                k,
                rx,
                ry);
    }
}
