package io.github.modewatch.metrics.features;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasUpper;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dsyrk;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_ssyrk;

import io.github.modewatch.io.NpyArray;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Kernel Inception Distance (Bińkowski et al., "Demystifying MMD GANs", ICLR 2018) on feature matrices: the
 * unbiased estimator of the squared maximum mean discrepancy with the polynomial kernel
 * k(x, y) = (gamma x.y + coef)^degree, averaged over random subsets.
 *
 * <p>For each of {@code subsets} draws, m rows X of the real set and m rows Y of the generated set are drawn
 * without replacement and
 * <pre>
 *   MMD^2_u = [ sum_{i != j} k(x_i, x_j) + sum_{i != j} k(y_i, y_j) ] / (m (m - 1)) - 2 sum_{i, j} k(x_i, y_j) / m^2
 * </pre>
 * KID is the mean over subsets and {@code kidStd} their population standard deviation, as in torch-fidelity's
 * {@code metric_kid.py} and clean-fid (semantics followed, code not copied). Defaults: 100 subsets of 1,000 rows,
 * degree 3, gamma = 1/d, coef 1. When a set has fewer than {@code subsetSize} rows, m shrinks to the smaller set
 * and the result carries a warning. Being unbiased, the estimate can be negative for two samples of one
 * distribution; it is reported as it is.
 *
 * <p>Numerics: the Gram matrices come from OpenBLAS (syrk for the within-set ones, gemm across) in the input's
 * precision (float32 features: float32 products, as numpy does for float32 features; float64 and integer
 * features: float64); kernel values and sums are float64. The subset draws depend only on the seed and the row
 * counts.
 */
public final class Kid {
    private Kid() {}

    /** KID with {@link KidOptions#defaults()}. */
    public static KidResult compute(INDArray real, INDArray generated) {
        return compute(real, generated, KidOptions.defaults());
    }

    /**
     * KID of {@code generated} against {@code real} (n x d and m x d; not modified; views, float32, float64 and
     * integer matrices accepted).
     *
     * @throws IllegalArgumentException when the widths differ, a set has fewer than 2 rows, or a value is not finite
     */
    public static KidResult compute(INDArray real, INDArray generated, KidOptions options) {
        return compute(FeatureRows.of(real, "real"), FeatureRows.of(generated, "generated"), options);
    }

    /**
     * As {@link #compute(INDArray, INDArray, KidOptions)} for .npy matrices read without ND4J
     * ({@link io.github.modewatch.io.SampleFiles#open}): float32, float64, int32 or int64.
     */
    public static KidResult compute(NpyArray real, NpyArray generated, KidOptions options) {
        if (real != null && generated != null && real.type() == DataType.FLOAT && generated.type() == DataType.FLOAT) {
            // float32 files: the values as they are, without the float64 copy and row norms prdc needs
            float[] xf = FeatureRows.floats(real, "real");
            float[] yf = FeatureRows.floats(generated, "generated");
            FeatureRows.requireSameWidth(real.columns(), generated.columns());
            return compute(
                    new Sets((int) real.rows(), (int) generated.rows(), (int) real.columns(), xf, yf, null, null),
                    options);
        }
        return compute(FeatureRows.of(real, "real"), FeatureRows.of(generated, "generated"), options);
    }

    /** KID on rows already copied (package-private: {@link FeatureReference} keeps the real rows). */
    static KidResult compute(FeatureRows x, FeatureRows y, KidOptions options) {
        FeatureRows.requireSameWidth(x, y);
        boolean float32 = x.float32 && y.float32;
        return compute(
                float32
                        ? new Sets(x.rows, y.rows, x.dims, x.toFloats(), y.toFloats(), null, null)
                        : new Sets(x.rows, y.rows, x.dims, null, null, x.exact, y.exact),
                options);
    }

    /** The two sets' rows, row-major: float32 ({@code xf}, {@code yf}) or float64 ({@code xd}, {@code yd}). */
    private record Sets(int nx, int ny, int d, float[] xf, float[] yf, double[] xd, double[] yd) {
        boolean float32() {
            return xf != null;
        }
    }

    private static KidResult compute(Sets sets, KidOptions options) {
        List<String> warnings = new ArrayList<>();
        int m = options.subsetSize();
        int smaller = Math.min(sets.nx(), sets.ny());
        if (smaller < 2) {
            throw new IllegalArgumentException((sets.nx() < 2 ? "real" : "generated") + " features have " + smaller
                    + " row; KID's unbiased estimator needs at least 2 rows in each set");
        }
        if (smaller < m) {
            warnings.add("subset size " + m + " is more than the " + (sets.nx() < sets.ny() ? "real" : "generated")
                    + " set's " + smaller + " rows; using subsets of " + smaller + " (pass --subset-size " + smaller
                    + " or more rows to silence this)");
            m = smaller;
        }
        int d = sets.d();
        double gamma = options.gammaFor(d);
        boolean float32 = sets.float32();
        double[] values = new double[options.subsets()];
        SplittableRandom random = new SplittableRandom(options.seed());
        int[] permX = identity(sets.nx());
        int[] permY = identity(sets.ny());
        try (Gram gram = float32 ? new FloatGram(m, d) : new DoubleGram(m, d)) {
            for (int s = 0; s < values.length; s++) {
                draw(permX, m, random);
                draw(permY, m, random);
                if (float32) {
                    ((FloatGram) gram).load(sets.xf(), permX, sets.yf(), permY);
                } else {
                    ((DoubleGram) gram).load(sets.xd(), permX, sets.yd(), permY);
                }
                values[s] = gram.mmd2(gamma, options.coef(), options.degree());
            }
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / values.length);
        return new KidResult(
                mean, std, values, m, options.degree(), gamma, options.coef(), sets.nx(), sets.ny(), warnings);
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    /** Puts a uniform random m-subset (without replacement) of perm's values into perm[0..m): partial Fisher-Yates. */
    private static void draw(int[] perm, int m, SplittableRandom random) {
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(perm.length - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
    }

    private static double kernel(double dot, double gamma, double coef, int degree) {
        double t = gamma * dot + coef;
        if (degree == 3) {
            return t * t * t;
        }
        double p = t;
        for (int e = 1; e < degree; e++) {
            p *= t;
        }
        return p;
    }

    /** Native buffers for one subset's Gram matrices. */
    private abstract static class Gram implements AutoCloseable {
        final int m;
        final int d;

        Gram(int m, int d) {
            this.m = m;
            this.d = d;
        }

        abstract double xx(int i, int j);

        abstract double yy(int i, int j);

        abstract double xy(int i, int j);

        /** MMD^2_u from the loaded Gram matrices (upper triangles of XX and YY, all of XY). */
        double mmd2(double gamma, double coef, int degree) {
            double[] rowSums = new double[m];
            IntStream.range(0, m).parallel().forEach(i -> {
                double within = 0;
                for (int j = i + 1; j < m; j++) {
                    within += kernel(xx(i, j), gamma, coef, degree) + kernel(yy(i, j), gamma, coef, degree);
                }
                double across = 0;
                for (int j = 0; j < m; j++) {
                    across += kernel(xy(i, j), gamma, coef, degree);
                }
                rowSums[i] = 2 * within / ((double) m * (m - 1)) - 2 * across / ((double) m * m);
            });
            double sum = 0;
            for (double v : rowSums) {
                sum += v;
            }
            return sum;
        }

        @Override
        public abstract void close();
    }

    private static final class FloatGram extends Gram {
        private final float[] gxx;
        private final float[] gyy;
        private final float[] gxy;
        private final FloatPointer px;
        private final FloatPointer py;
        private final FloatPointer out;

        FloatGram(int m, int d) {
            super(m, d);
            gxx = new float[m * m];
            gyy = new float[m * m];
            gxy = new float[m * m];
            px = new FloatPointer((long) m * d);
            py = new FloatPointer((long) m * d);
            out = new FloatPointer((long) m * m);
        }

        /** Copies the subset's rows straight into native memory (no Java-side copy of the subset). */
        void load(float[] x, int[] permX, float[] y, int[] permY) {
            for (int i = 0; i < m; i++) {
                px.position((long) i * d).put(x, permX[i] * d, d);
                py.position((long) i * d).put(y, permY[i] * d, d);
            }
            px.position(0);
            py.position(0);
            cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, m, d, 1f, px, d, 0f, out, m);
            out.get(gxx);
            cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, m, d, 1f, py, d, 0f, out, m);
            out.get(gyy);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, m, d, 1f, px, d, py, d, 0f, out, m);
            out.get(gxy);
        }

        @Override
        double xx(int i, int j) {
            return gxx[i * m + j];
        }

        @Override
        double yy(int i, int j) {
            return gyy[i * m + j];
        }

        @Override
        double xy(int i, int j) {
            return gxy[i * m + j];
        }

        @Override
        public void close() {
            px.close();
            py.close();
            out.close();
        }
    }

    private static final class DoubleGram extends Gram {
        private final double[] gxx;
        private final double[] gyy;
        private final double[] gxy;
        private final DoublePointer px;
        private final DoublePointer py;
        private final DoublePointer out;

        DoubleGram(int m, int d) {
            super(m, d);
            gxx = new double[m * m];
            gyy = new double[m * m];
            gxy = new double[m * m];
            px = new DoublePointer((long) m * d);
            py = new DoublePointer((long) m * d);
            out = new DoublePointer((long) m * m);
        }

        void load(double[] x, int[] permX, double[] y, int[] permY) {
            for (int i = 0; i < m; i++) {
                px.position((long) i * d).put(x, permX[i] * d, d);
                py.position((long) i * d).put(y, permY[i] * d, d);
            }
            px.position(0);
            py.position(0);
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, m, d, 1.0, px, d, 0.0, out, m);
            out.get(gxx);
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, m, d, 1.0, py, d, 0.0, out, m);
            out.get(gyy);
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, m, d, 1.0, px, d, py, d, 0.0, out, m);
            out.get(gxy);
        }

        @Override
        double xx(int i, int j) {
            return gxx[i * m + j];
        }

        @Override
        double yy(int i, int j) {
            return gyy[i * m + j];
        }

        @Override
        double xy(int i, int j) {
            return gxy[i * m + j];
        }

        @Override
        public void close() {
            px.close();
            py.close();
            out.close();
        }
    }
}
