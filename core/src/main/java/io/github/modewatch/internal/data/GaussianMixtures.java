package io.github.modewatch.internal.data;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The 2-D mode-dropping benchmarks of PacGAN (Lin et al., "PacGAN: The power of two samples in generative
 * adversarial networks", NeurIPS 2018): ring-8, eight Gaussians with means (cos 2 pi i/8, sin 2 pi i/8) and
 * std 0.01, and grid-25, 25 Gaussians with means {-4,-2,0,2,4}^2 and std 0.05. Modes are equally likely.
 *
 * <p>Draws use their own seeded generator (never ND4J's global one).
 */
public final class GaussianMixtures {
    public static final double RING_STD = 0.01;
    public static final double GRID_STD = 0.05;

    private GaussianMixtures() {}

    /** The 8 ring means, mode i at angle 2 pi i / 8. */
    public static double[][] ringMeans() {
        double[][] means = new double[8][];
        for (int i = 0; i < 8; i++) {
            double angle = 2 * Math.PI * i / 8;
            means[i] = new double[] {Math.cos(angle), Math.sin(angle)};
        }
        return means;
    }

    /** The 25 grid means, mode 5 i + j at (-4 + 2 i, -4 + 2 j). */
    public static double[][] gridMeans() {
        double[][] means = new double[25][];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                means[5 * i + j] = new double[] {-4 + 2 * i, -4 + 2 * j};
            }
        }
        return means;
    }

    /** n ring-8 samples (n x 2, float64). */
    public static INDArray ring8(int n, long seed) {
        return sample(ringMeans(), RING_STD, n, seed);
    }

    /** n grid-25 samples (n x 2, float64). */
    public static INDArray grid25(int n, long seed) {
        return sample(gridMeans(), GRID_STD, n, seed);
    }

    /** n samples from an equal-weight isotropic Gaussian mixture with the given means. */
    public static INDArray sample(double[][] means, double std, int n, long seed) {
        if (means.length == 0) {
            throw new IllegalArgumentException("means is empty: a mixture needs at least one mode");
        }
        if (n < 0) {
            throw new IllegalArgumentException("n = " + n + ": must be >= 0");
        }
        int d = means[0].length;
        SplittableRandom random = new SplittableRandom(seed);
        double[] data = new double[n * d];
        for (int i = 0; i < n; i++) {
            double[] mean = means[random.nextInt(means.length)];
            for (int j = 0; j < d; j++) {
                data[i * d + j] = mean[j] + std * gaussian(random);
            }
        }
        return Nd4j.create(data, new long[] {n, d}, DataType.DOUBLE);
    }

    /** Standard normal by Box-Muller (SplittableRandom has no nextGaussian on Java 17). */
    static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Keeps only the modes whose index is listed: a generator that dropped the others. */
    public static double[][] keep(double[][] means, int... modes) {
        double[][] kept = new double[modes.length][];
        for (int i = 0; i < modes.length; i++) {
            kept[i] = means[modes[i]].clone();
        }
        return kept;
    }
}
