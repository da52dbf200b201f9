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
 * Mean and covariance of a sample set: the Gaussian a Fréchet distance compares. Immutable; arrays are float64
 * and {@code dup()}ed in and out.
 *
 * <p>The saved form is the {@code mu} (d) / {@code sigma} (d x d) .npz that pytorch-fid and clean-fid write,
 * plus {@code n} (int64 scalar) when known.
 *
 * @param mean       d
 * @param covariance d x d, unbiased (n - 1)
 * @param count      samples the statistics came from; 0 when unknown (e.g. read from a pytorch-fid file)
 */
public record GaussianStats(INDArray mean, INDArray covariance, long count) {

    public GaussianStats {
        if (mean == null || covariance == null) {
            throw new IllegalArgumentException("mean and covariance must not be null");
        }
        if (mean.length() < 1 || covariance.rank() != 2 || covariance.rows() != mean.length()
                || covariance.columns() != mean.length()) {
            throw new IllegalArgumentException("covariance has shape " + Arrays.toString(covariance.shape())
                    + " but mean has " + mean.length() + " values: expected a d x d covariance for a d-vector mean");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count = " + count + ": must be >= 0 (0 = unknown)");
        }
        mean = mean.castTo(DataType.DOUBLE).reshape(mean.length()).dup();
        covariance = covariance.castTo(DataType.DOUBLE).dup('c');
    }

    @Override
    public INDArray mean() {
        return mean.dup();
    }

    @Override
    public INDArray covariance() {
        return covariance.dup();
    }

    /** d. */
    public int dims() {
        return (int) mean.length();
    }

    /**
     * Mean and unbiased covariance of the rows of {@code samples} (n x d, n &gt;= 2), computed in float64 as one
     * GEMM of the centred data.
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
        return new GaussianStats(mu, cov, samples.rows());
    }

    /** The pytorch-fid form: {@code mu}, {@code sigma}, plus {@code n} when known. */
    public Map<String, INDArray> toArrays() {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("mu", mean.dup());
        arrays.put("sigma", covariance.dup());
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
     * pytorch-fid and clean-fid write them).
     *
     * @param flag names the command-line flag in messages, e.g. {@code --real-stats}; may be empty
     */
    public static GaussianStats load(Path file, String flag) {
        return loadArrays(file, flag).toStats();
    }

    /**
     * Mean and covariance as plain float64 arrays (covariance row-major d x d), read and checked without ND4J.
     *
     * @param count samples behind the statistics, 0 when unknown
     */
    public record Arrays64(double[] mean, double[] covariance, long count) {
        public int dims() {
            return mean.length;
        }

        /**
         * Fails unless the covariance is positive semi-definite: its smallest eigenvalue must not be below
         * {@code -1e-3} times its largest absolute eigenvalue (rounding of a float32 PSD matrix stays far above).
         * Costs an eigenvalue decomposition (d^3), which is why loading does not run it.
         *
         * @param where names the file in the message, e.g. {@code --real-stats real.npz}
         */
        public void requirePositiveSemiDefinite(String where) {
            double[] lambda = PlainFrechet.eigenvalues(covariance, dims());
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

        /** The same statistics as ND4J arrays. */
        public GaussianStats toStats() {
            return new GaussianStats(Nd4j.create(mean, new long[] {dims()}, DataType.DOUBLE),
                    Nd4j.create(covariance, new long[] {dims(), dims()}, DataType.DOUBLE), count);
        }
    }

    /** {@link #load(Path, String)} without ND4J: the same checks and messages, plain arrays. */
    public static Arrays64 loadArrays(Path file, String flag) {
        String where = (flag.isEmpty() ? "" : flag + " ") + file;
        Map<String, NpyArray> arrays;
        try {
            arrays = Npz.readRaw(file);
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
                    throw new InvalidInputException(where + ": 'mu' or 'sigma' holds NaN or infinite values; expected "
                            + "finite numbers");
                }
            }
        }
        requireCovarianceShape(c, m.length, where);
        long n = arrays.containsKey("n") ? (long) arrays.get("n").getDouble(0) : 0;
        return new Arrays64(m, c, Math.max(0, n));
    }

    /** What the messages about a bad 'sigma' suggest. */
    private static final String COVARIANCE_FIX = "save the covariance of the features, e.g. numpy.cov(features, "
            + "rowvar=False), as pytorch-fid does";

    /**
     * A covariance matrix is symmetric with a non-negative diagonal: the O(d^2) part of positive
     * semi-definiteness, checked on every load (the eigenvalue check is {@link Arrays64#requirePositiveSemiDefinite}).
     * Symmetry is checked to 1e-5 of the largest variance, so float32 rounding passes.
     */
    private static void requireCovarianceShape(double[] c, int d, String where) {
        double maxVariance = 0;
        for (int i = 0; i < d; i++) {
            double v = c[i * d + i];
            if (v < 0) {
                throw new InvalidInputException(where + ": 'sigma' has a negative variance on its diagonal (sigma[" + i
                        + "][" + i + "] = " + v + "); a covariance matrix is positive semi-definite: " + COVARIANCE_FIX);
            }
            maxVariance = Math.max(maxVariance, v);
        }
        double tolerance = 1e-5 * maxVariance;
        for (int i = 0; i < d; i++) {
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
