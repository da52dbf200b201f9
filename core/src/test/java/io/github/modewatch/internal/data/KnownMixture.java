package io.github.modewatch.internal.data;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A test oracle: samples of a Gaussian mixture with an exact number of rows per mode (so the mode weights are known
 * exactly, with no sampling error), rows in a seeded random order, and the mode every row was drawn from.
 *
 * @param samples n x d samples (float64), one per row
 * @param modes   the mode of every row
 * @param means   the modes' means
 * @param counts  rows per mode
 */
public record KnownMixture(INDArray samples, int[] modes, double[][] means, int[] counts) {

    /** counts[i] rows around means[i], column j with standard deviation std[j]. */
    public static KnownMixture draw(double[][] means, double[] std, int[] counts, long seed) {
        int d = means[0].length;
        int n = java.util.Arrays.stream(counts).sum();
        int[] modes = new int[n];
        for (int mode = 0, row = 0; mode < counts.length; mode++) {
            for (int c = 0; c < counts[mode]; c++) {
                modes[row++] = mode;
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates: modes interleaved, as a sampler would give them
            int j = random.nextInt(i + 1);
            int t = modes[i];
            modes[i] = modes[j];
            modes[j] = t;
        }
        double[] data = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                data[i * d + j] = means[modes[i]][j] + std[j] * GaussianMixtures.gaussian(random);
            }
        }
        return new KnownMixture(Nd4j.create(data, new long[] {n, d}, DataType.DOUBLE), modes, means, counts);
    }

    /** The same standard deviation in every column. */
    public static KnownMixture draw(double[][] means, double std, int[] counts, long seed) {
        double[] stds = new double[means[0].length];
        java.util.Arrays.fill(stds, std);
        return draw(means, stds, counts, seed);
    }

    public int rows() {
        return modes.length;
    }

    /** counts[mode] / rows. */
    public double weight(int mode) {
        return (double) counts[mode] / rows();
    }

    /**
     * The K-means objective (sum of squared distances to the own mode's member mean) of the partition into the true
     * modes, over columns {@code dims} after (x - mean) / std: the optimum K-means should reach when the modes are far
     * apart compared with their spread. {@code input} is {@link #samples()} as given to the fit (e.g. cast to float32).
     */
    public double trueObjective(INDArray input, double[] mean, double[] std, int[] dims) {
        double[][] sums = new double[counts.length][dims.length];
        double[][] x = whitened(input, mean, std);
        for (int i = 0; i < rows(); i++) {
            for (int j = 0; j < dims.length; j++) {
                sums[modes[i]][j] += x[i][dims[j]];
            }
        }
        double objective = 0;
        for (int i = 0; i < rows(); i++) {
            for (int j = 0; j < dims.length; j++) {
                double diff = x[i][dims[j]] - sums[modes[i]][j] / counts[modes[i]];
                objective += diff * diff;
            }
        }
        return objective;
    }

    /** {@code input}'s rows as doubles, (x - mean) / std per column. */
    public static double[][] whitened(INDArray input, double[] mean, double[] std) {
        double[][] rows = input.castTo(DataType.DOUBLE).toDoubleMatrix();
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (row[j] - mean[j]) / std[j];
            }
        }
        return rows;
    }
}
