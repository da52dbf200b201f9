package io.github.modewatch.metrics.ndb;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A K-means implementation used to build NDB bins.
 *
 * <p>Implementations must be deterministic for a given seed and run until the assignments stop
 * changing (or the engine's iteration cap is hit, which {@link Clustering#converged()} reports).
 * NDB only needs the final labels: bin centers are recomputed by {@link NdbReference} as member means over
 * all dimensions, as in the NDB paper's reference code.
 */
public interface KMeansEngine {

    /**
     * Clusters the rows of {@code data}.
     *
     * @param data  n x m matrix, one sample per row (already whitened and restricted to the used dimensions)
     * @param k     number of clusters, 1 <= k <= n
     * @param seed  seed of the engine's own random generator
     * @param progress receives one call per iteration; may be {@link Progress#NONE}
     */
    Clustering cluster(INDArray data, int k, long seed, Progress progress);

    /** A short name for logs and reports, e.g. {@code "lloyd-nd4j"}. */
    String name();

    /**
     * Outcome of a K-means run.
     *
     * @param labels     cluster index of each row, in [0, k)
     * @param objective  sum of squared distances of rows to their cluster center (the K-means objective)
     * @param iterations Lloyd iterations run
     * @param converged  true when the assignments stopped changing before the iteration cap
     */
    record Clustering(int[] labels, double objective, int iterations, boolean converged) {
        public Clustering {
            labels = labels.clone();
        }

        @Override
        public int[] labels() {
            return labels.clone();
        }
    }
}
