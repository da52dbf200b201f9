package io.github.modewatch.metrics.features;

import io.github.modewatch.io.NpyArray;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A feature matrix copied out of an {@link INDArray} (never modified; views and any numeric type accepted) into
 * row-major Java arrays: the values in float64 ({@code exact}), their squared row norms, and, on request, a
 * float32 copy in native memory for OpenBLAS. Integer inputs are converted to float64, as scikit-learn does.
 */
final class FeatureRows {
    final int rows;
    final int dims;
    /** True when the input was float32 (scikit-learn then returns float32 distances). */
    final boolean float32;
    /** Row-major values in float64 (float32 inputs widened exactly). */
    final double[] exact;
    /** Squared Euclidean norm of each row, in float64. */
    final double[] squaredNorms;

    private FeatureRows(int rows, int dims, boolean float32, double[] exact) {
        this.rows = rows;
        this.dims = dims;
        this.float32 = float32;
        this.exact = exact;
        this.squaredNorms = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            int o = i * dims;
            for (int c = 0; c < dims; c++) {
                double v = exact[o + c];
                s += v * v;
            }
            squaredNorms[i] = s;
        }
    }

    /**
     * Copies {@code features} (n x d). {@code name} (e.g. "real") prefixes error messages.
     *
     * @throws IllegalArgumentException for a non-matrix, an empty one, more than 2^31-1 values, or NaN/infinity
     */
    static FeatureRows of(INDArray features, String name) {
        if (features == null) {
            throw new IllegalArgumentException(
                    name + " features are null; pass an n x d matrix, one feature vector per row");
        }
        long[] shape = features.shape();
        if (features.rank() != 2 || shape[0] < 1 || shape[1] < 1) {
            throw new IllegalArgumentException(name + " features have shape " + Arrays.toString(shape)
                    + "; expected an n x d matrix with n, d >= 1, one feature vector per row");
        }
        if (shape[0] * shape[1] > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + " features have " + shape[0] * shape[1]
                    + " values; at most 2^31 - 9 are supported, use fewer rows");
        }
        int n = (int) shape[0];
        int d = (int) shape[1];
        boolean f32 = features.dataType() == DataType.FLOAT;
        INDArray src = features.dataType() == DataType.DOUBLE || f32 ? features : features.castTo(DataType.DOUBLE);
        double[] values = new double[n * d];
        if (f32) {
            float[][] m = src.toFloatMatrix();
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < d; c++) {
                    values[i * d + c] = m[i][c];
                }
            }
        } else {
            double[][] m = src.toDoubleMatrix();
            for (int i = 0; i < n; i++) {
                System.arraycopy(m[i], 0, values, i * d, d);
            }
        }
        requireFinite(values, d, name + " features");
        return new FeatureRows(n, d, f32, values);
    }

    /** Copies a .npy matrix read without ND4J (float32, float64, int32 or int64); see {@link #of(INDArray, String)}. */
    static FeatureRows of(NpyArray features, String name) {
        String where = requireMatrix(features, name);
        int d = (int) features.columns();
        double[] values = features.toDoubles();
        requireFinite(values, d, where);
        return new FeatureRows((int) features.rows(), d, features.type() == DataType.FLOAT, values);
    }

    /**
     * The values of a float32 .npy matrix as they are (no float64 copy, no row norms): what KID's float32 path
     * needs. {@code name} (e.g. "real") prefixes error messages, as in {@link #of(NpyArray, String)}.
     */
    static float[] floats(NpyArray features, String name) {
        String where = requireMatrix(features, name);
        float[] values = features.toFloats();
        int d = (int) features.columns();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw nonFinite(where, values[i], i, d);
            }
        }
        return values;
    }

    /** Checks that {@code features} is a non-empty n x d matrix of at most 2^31 - 9 values; returns its name. */
    private static String requireMatrix(NpyArray features, String name) {
        if (features == null) {
            throw new IllegalArgumentException(
                    name + " features are null; pass an n x d matrix, one feature vector per row");
        }
        long[] shape = features.shape();
        String where = name + " features (" + features.name() + ")";
        if (features.rank() != 2 || shape[0] < 1 || shape[1] < 1) {
            throw new IllegalArgumentException(where + " have shape " + Arrays.toString(shape)
                    + "; expected an n x d matrix with n, d >= 1, one feature vector per row");
        }
        if (shape[0] * shape[1] > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    where + " have " + shape[0] * shape[1] + " values; at most 2^31 - 9 are supported, use fewer rows");
        }
        return where;
    }

    private static void requireFinite(double[] values, int d, String where) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw nonFinite(where, values[i], i, d);
            }
        }
    }

    /** The error for the non-finite {@code value} at flat index {@code i} of rows of width {@code d}. */
    private static IllegalArgumentException nonFinite(String where, double value, int i, int d) {
        return new IllegalArgumentException(
                where + ": " + value + " at row " + i / d + ", column " + i % d + "; expected finite numbers only");
    }

    /** The rows in float32, row-major. */
    float[] toFloats() {
        float[] f = new float[exact.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) exact[i];
        }
        return f;
    }

    /** The rows in float32, row-major, in native memory (the caller closes it). */
    FloatPointer toFloatPointer() {
        return new FloatPointer(toFloats());
    }

    /** The rows in float64, row-major, in native memory (the caller closes it). */
    DoublePointer toDoublePointer() {
        return new DoublePointer(exact);
    }

    /** Largest row norm (not squared). */
    double maxNorm() {
        double m = 0;
        for (double s : squaredNorms) {
            m = Math.max(m, s);
        }
        return Math.sqrt(m);
    }

    /** x_i . y_j in float64, summed in column order. */
    static double dot(FeatureRows a, int i, FeatureRows b, int j) {
        double s = 0;
        int oa = i * a.dims;
        int ob = j * b.dims;
        for (int c = 0; c < a.dims; c++) {
            s += a.exact[oa + c] * b.exact[ob + c];
        }
        return s;
    }

    static void requireSameWidth(FeatureRows real, FeatureRows generated) {
        requireSameWidth(real.dims, generated.dims);
    }

    static void requireSameWidth(long realDims, long generatedDims) {
        if (realDims != generatedDims) {
            throw new IllegalArgumentException("generated features have " + generatedDims + " columns, real ones "
                    + realDims + "; both sets must come from the same feature extractor (same width)");
        }
    }
}
