package io.github.modewatch.metrics.frechet;

import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.io.NpyArray;
import io.github.modewatch.io.Npz;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mean and covariance of a sample set: the Gaussian a Fréchet distance compares. Immutable, with value
 * {@code equals}/{@code hashCode}; float64 arrays, copied in and out.
 *
 * <p>Held as plain Java arrays rather than ND4J arrays, so that statistics read from files and compared by
 * {@link FrechetDistance} never start ND4J (see {@link io.github.modewatch.internal.linalg.LinearAlgebra}).
 *
 * <p>The saved form is the {@code mu} (d) / {@code sigma} (d x d) .npz that pytorch-fid and clean-fid write,
 * plus {@code n} (int64 scalar) when known.
 */
public final class GaussianStats {
    private final double[] mean; // d
    private final double[] covariance; // d x d, row-major
    private final long count;

    /** Takes ownership of the arrays (callers pass fresh copies). */
    private GaussianStats(double[] mean, double[] covariance, long count) {
        int d = mean.length;
        if (d < 1 || covariance.length != (long) d * d) {
            throw new IllegalArgumentException("covariance has " + covariance.length + " values but mean has " + d
                    + ": expected a d x d covariance for a d-vector mean (d >= 1)");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count = " + count + ": must be >= 0 (0 = unknown)");
        }
        this.mean = mean;
        this.covariance = covariance;
        this.count = count;
    }

    /**
     * Statistics from a mean and a covariance.
     *
     * @param mean       d values
     * @param covariance d x d, unbiased (n - 1)
     * @param count      samples the statistics came from; 0 when unknown (e.g. read from a pytorch-fid file)
     */
    public static GaussianStats of(double[] mean, double[][] covariance, long count) {
        if (mean == null || covariance == null) {
            throw new IllegalArgumentException("mean and covariance must not be null");
        }
        int d = mean.length;
        double[] flat = new double[d * d];
        if (covariance.length != d) {
            throw new IllegalArgumentException("covariance has " + covariance.length + " rows but mean has " + d
                    + " values: expected a d x d covariance for a d-vector mean");
        }
        for (int i = 0; i < d; i++) {
            if (covariance[i].length != d) {
                throw new IllegalArgumentException(
                        "covariance row " + i + " has " + covariance[i].length + " values; expected d = " + d);
            }
            System.arraycopy(covariance[i], 0, flat, i * d, d);
        }
        return new GaussianStats(mean.clone(), flat, count);
    }

    /** The same from ND4J arrays (any floating or integer type, views allowed); the arrays are copied. */
    public static GaussianStats of(INDArray mean, INDArray covariance, long count) {
        if (mean == null || covariance == null) {
            throw new IllegalArgumentException("mean and covariance must not be null");
        }
        if (covariance.rank() != 2 || covariance.rows() != mean.length() || covariance.columns() != mean.length()) {
            throw new IllegalArgumentException("covariance has shape " + Arrays.toString(covariance.shape())
                    + " but mean has " + mean.length() + " values: expected a d x d covariance for a d-vector mean");
        }
        return new GaussianStats(
                mean.castTo(DataType.DOUBLE).dup('c').data().asDouble(),
                covariance.castTo(DataType.DOUBLE).dup('c').data().asDouble(),
                count);
    }

    /**
     * Mean and unbiased covariance of the rows of {@code samples} (n x d, n &gt;= 2), computed in float64 as one
     * GEMM of the centred data (ND4J: on the GPU with its CUDA backend).
     */
    public static GaussianStats of(INDArray samples) {
        if (samples == null || samples.rank() != 2 || samples.rows() < 2 || samples.columns() < 1) {
            throw new IllegalArgumentException("samples must be an n x d matrix with n >= 2, got "
                    + (samples == null ? "null" : "shape " + Arrays.toString(samples.shape())));
        }
        INDArray x = samples.castTo(DataType.DOUBLE);
        INDArray mu = x.mean(0);
        INDArray centred = (x == samples ? x.dup() : x).subiRowVector(mu);
        INDArray cov = Nd4j.gemm(centred, centred, true, false).divi(samples.rows() - 1);
        return new GaussianStats(
                mu.dup('c').data().asDouble(), cov.dup('c').data().asDouble(), samples.rows());
    }

    /** The mean, d values (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The covariance, d x d (a copy). */
    public double[][] covariance() {
        int d = dims();
        double[][] out = new double[d][];
        for (int i = 0; i < d; i++) {
            out[i] = Arrays.copyOfRange(covariance, i * d, (i + 1) * d);
        }
        return out;
    }

    /** Samples behind the statistics; 0 when unknown. */
    public long count() {
        return count;
    }

    /** d. */
    public int dims() {
        return mean.length;
    }

    /** The mean itself, for {@link FrechetDistance} (not copied: never modify). */
    double[] meanValues() {
        return mean;
    }

    /** The covariance itself, row-major (not copied: never modify). */
    double[] covarianceValues() {
        return covariance;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianStats g
                && count == g.count
                && Arrays.equals(mean, g.mean)
                && Arrays.equals(covariance, g.covariance);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(mean) + Arrays.hashCode(covariance)) + Long.hashCode(count);
    }

    @Override
    public String toString() {
        return "GaussianStats[d=" + dims() + ", count=" + count + "]";
    }

    /** The pytorch-fid form: {@code mu}, {@code sigma}, plus {@code n} when known. */
    public Map<String, INDArray> toArrays() {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("mu", Nd4j.create(mean.clone(), new long[] {dims()}, DataType.DOUBLE));
        arrays.put("sigma", Nd4j.create(covariance.clone(), new long[] {dims(), dims()}, DataType.DOUBLE));
        if (count > 0) {
            arrays.put("n", Nd4j.scalar(count));
        }
        return arrays;
    }

    public void save(Path file) {
        Npz.write(file, toArrays());
    }

    /**
     * Reads {@code mu} and {@code sigma} from an .npz ({@code np.savez} or {@code np.savez_compressed}, as
     * pytorch-fid and clean-fid write them), and {@code n} when present. Does not start ND4J.
     *
     * @param flag names the command-line flag in messages, e.g. {@code --real-stats}; may be empty
     * @throws InvalidInputException naming the file, the array, the value and what is expected
     */
    public static GaussianStats load(Path file, String flag) {
        String where = (flag.isEmpty() ? "" : flag + " ") + file;
        Map<String, NpyArray> arrays;
        try {
            arrays = Npz.open(file);
        } catch (InvalidInputException e) {
            throw new InvalidInputException((flag.isEmpty() ? "" : flag + " ") + e.getMessage(), e);
        }
        String expected = "expected 'mu' (d) and 'sigma' (d x d), as pytorch-fid / clean-fid save them";
        NpyArray mu = Npz.require(arrays, "mu", Path.of(where), expected);
        NpyArray sigma = Npz.require(arrays, "sigma", Path.of(where), expected);
        long[] muShape = mu.shape();
        long[] sigmaShape = sigma.shape();
        if (mu.rank() > 2 || mu.length() < 1 || (mu.rank() == 2 && muShape[0] != 1 && muShape[1] != 1)) {
            throw new InvalidInputException(where + ": 'mu' has shape " + Arrays.toString(muShape) + "; " + expected);
        }
        if (sigma.rank() != 2 || sigmaShape[0] != mu.length() || sigmaShape[1] != mu.length()) {
            throw new InvalidInputException(where + ": 'sigma' has shape " + Arrays.toString(sigmaShape)
                    + " but 'mu' has " + mu.length() + " values; " + expected);
        }
        double[] m = mu.toDoubles();
        double[] c = sigma.toDoubles();
        for (double[] values : new double[][] {m, c}) {
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    throw new InvalidInputException(
                            where + ": 'mu' or 'sigma' holds NaN or infinite values; expected " + "finite numbers");
                }
            }
        }
        requireCovarianceShape(c, m.length, where);
        long n = arrays.containsKey("n") ? (long) arrays.get("n").getDouble(0) : 0;
        return new GaussianStats(m, c, Math.max(0, n));
    }

    /**
     * Fails unless the covariance is positive semi-definite: its smallest eigenvalue must not be below
     * {@code -1e-3} times its largest absolute eigenvalue (rounding of a float32 PSD matrix stays far above).
     * Costs an eigenvalue decomposition (d^3), which is why loading does not run it; the command line runs it when
     * the distance had to clamp eigenvalues, to name the file at fault.
     *
     * @param where names the file in the message, e.g. {@code --real-stats real.npz}
     */
    public void requirePositiveSemiDefinite(String where) {
        io.github.modewatch.internal.linalg.LinearAlgebra algebra =
                io.github.modewatch.internal.linalg.LinearAlgebra.get();
        double[] lambda;
        try (io.github.modewatch.internal.linalg.LinearAlgebra.Square a = algebra.square(covariance.clone(), dims())) {
            lambda = algebra.eigenvalues(a);
        }
        double min = Double.POSITIVE_INFINITY;
        double largest = 0;
        for (double l : lambda) {
            min = Math.min(min, l);
            largest = Math.max(largest, Math.abs(l));
        }
        if (min < -1e-3 * largest) {
            throw new InvalidInputException(where + ": 'sigma' is not positive semi-definite (smallest eigenvalue "
                    + String.format(java.util.Locale.ROOT, "%.6g", min) + ", largest in magnitude "
                    + String.format(java.util.Locale.ROOT, "%.6g", largest) + "); a covariance matrix has no "
                    + "negative eigenvalues: " + COVARIANCE_FIX);
        }
    }

    /** What the messages about a bad 'sigma' suggest. */
    private static final String COVARIANCE_FIX =
            "save the covariance of the features, e.g. numpy.cov(features, " + "rowvar=False), as pytorch-fid does";

    /**
     * A covariance matrix is symmetric with a non-negative diagonal: the O(d^2) part of positive
     * semi-definiteness, checked on every load (the eigenvalue check is {@link #requirePositiveSemiDefinite}).
     * Symmetry is checked to 1e-5 of the largest variance, so float32 rounding passes.
     */
    /** Side of the square tiles {@link #symmetricWithin} compares, so that both triangles are read from cache. */
    private static final int TILE = 64;

    /**
     * Whether |c[i][j] - c[j][i]| &lt;= tolerance for every pair, compared tile by tile: reading the lower triangle
     * column by column in a row-major d x d matrix would touch a new cache line (and, at d = 2,048, a new page)
     * for every value.
     */
    private static boolean symmetricWithin(double[] c, int d, double tolerance) {
        for (int ib = 0; ib < d; ib += TILE) {
            int iEnd = Math.min(d, ib + TILE);
            for (int jb = ib; jb < d; jb += TILE) {
                int jEnd = Math.min(d, jb + TILE);
                for (int i = ib; i < iEnd; i++) {
                    for (int j = Math.max(jb, i + 1); j < jEnd; j++) {
                        if (Math.abs(c[i * d + j] - c[j * d + i]) > tolerance) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    private static void requireCovarianceShape(double[] c, int d, String where) {
        double maxVariance = 0;
        for (int i = 0; i < d; i++) {
            double v = c[i * d + i];
            if (v < 0) {
                throw new InvalidInputException(
                        where + ": 'sigma' has a negative variance on its diagonal (sigma[" + i + "][" + i + "] = " + v
                                + "); a covariance matrix is positive semi-definite: " + COVARIANCE_FIX);
            }
            maxVariance = Math.max(maxVariance, v);
        }
        double tolerance = 1e-5 * maxVariance;
        if (symmetricWithin(c, d, tolerance)) {
            return;
        }
        for (int i = 0; i < d; i++) { // row by row, to name the first pair that differs
            for (int j = i + 1; j < d; j++) {
                double upper = c[i * d + j];
                double lower = c[j * d + i];
                if (Math.abs(upper - lower) > tolerance) {
                    throw new InvalidInputException(where + ": 'sigma' is not symmetric (sigma[" + i + "][" + j + "] = "
                            + upper + " but sigma[" + j + "][" + i + "] = " + lower + "); a covariance matrix is "
                            + "symmetric: " + COVARIANCE_FIX);
                }
            }
        }
    }
}
