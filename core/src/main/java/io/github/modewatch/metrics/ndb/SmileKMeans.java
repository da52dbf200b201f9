package io.github.modewatch.metrics.ndb;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import smile.clustering.KMeans;
import smile.math.MathEx;

/**
 * K-means by Smile's Lloyd algorithm ({@link KMeans#lloyd(double[][], int, int, double)}) with Smile's
 * k-means++ seeding.
 *
 * <p>Runs with tolerance 0, i.e. until the distortion stops decreasing, which is when the assignments stop
 * changing. Smile draws its seeds from its global generator, so this engine reseeds it with
 * {@link MathEx#setSeed(long)} under a class lock; it copies the data to the heap as {@code double[][]}.
 * Pure Java: slower than {@link LloydKMeans} on large inputs (see the README's benchmark).
 */
public final class SmileKMeans implements KMeansEngine {
    private static final Object SMILE_RNG_LOCK = new Object();
    private final int maxIterations;

    public SmileKMeans(int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException(
                    "maxIterations = " + maxIterations + ": must be >= 1; pass a generous cap such as 300");
        }
        this.maxIterations = maxIterations;
    }

    @Override
    public Clustering cluster(INDArray data, int k, long seed, Progress progress) {
        double[][] rows = data.castTo(DataType.DOUBLE).toDoubleMatrix();
        KMeans model;
        synchronized (SMILE_RNG_LOCK) {
            MathEx.setSeed(seed);
            model = KMeans.lloyd(rows, k, maxIterations, 0.0);
        }
        progress.update("k-means", 1, 1);
        // Smile does not report its iteration count; converged is unknown, reported as true when below the cap.
        return new Clustering(model.y, model.distortion, -1, true);
    }

    @Override
    public String name() {
        return "smile";
    }
}
