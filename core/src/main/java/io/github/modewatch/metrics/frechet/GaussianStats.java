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
 * and {@code dup()}ed in and out (float32 input is widened, views are copied).
 *
 * <p>Equality is by value and exact: equal counts, and every float64 value of the mean and the covariance equal
 * ({@link Arrays#equals(double[], double[])}: NaN equals NaN). ND4J's own {@code INDArray.equals} is not used
 * because it compares with a tolerance of 1e-5, which would make unequal statistics equal and break
 * {@link #hashCode()}'s contract.
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

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianStats g && count == g.count
                && Arrays.equals(mean.toDoubleVector(), g.mean.toDoubleVector())
                && Arrays.equals(covariance.shape(), g.covariance.shape())
                && Arrays.equals(flat(covariance), flat(g.covariance));
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(count);
        h = 31 * h + Arrays.hashCode(mean.toDoubleVector());
        return 31 * h + Arrays.hashCode(flat(covariance));
    }

    @Override
    public String toString() {
        return "GaussianStats[dims=" + dims() + ", count=" + count + "]";
    }

    /**
     * The covariance's values in row-major order. (Not {@code ravel('c')}: in ND4J 1.0.0-M2.1 it passes the order
     * character to {@code reshape} as a dimension and throws.)
     */
    private static double[] flat(INDArray covariance) {
        double[][] rows = covariance.toDoubleMatrix();
        int d = rows.length;
        double[] flat = new double[d * d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return flat;
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
     * <p>Not copied in or out, unlike the other result records: this is the zero-copy hand-off from the
     * {@code .npz} reader to the BLAS routines of {@link PlainFrechet}, where the covariance is d x d (32 MiB at
     * d = 2,048) and a copy each way would cost time in the measured {@code fsd --real-stats} path. Callers must
     * not modify the arrays they pass or get. Equality is by value and exact ({@link Arrays#equals(double[],
     * double[])}).
     *
     * @param count samples behind the statistics, 0 when unknown
     */
    public record Arrays64(double[] mean, double[] covariance, long count) {
        public int dims() {
            return mean.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Arrays64 a && count == a.count && Arrays.equals(mean, a.mean)
                    && Arrays.equals(covariance, a.covariance);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Long.hashCode(count) + Arrays.hashCode(mean)) + Arrays.hashCode(covariance);
        }

        @Override
        public String toString() {
            return "GaussianStats.Arrays64[dims=" + dims() + ", count=" + count + "]";
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
        long n = arrays.containsKey("n") ? (long) arrays.get("n").getDouble(0) : 0;
        return new Arrays64(m, c, Math.max(0, n));
    }
}
