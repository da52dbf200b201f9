package io.github.modewatch.metrics.features;

/**
 * Options of {@link Prdc}: {@code k}, the neighbour whose distance is a point's radius (5 in the prdc paper's
 * experiments, clovaai's README and StudioGAN). Each set needs more than {@code k} rows.
 *
 * @param k the k of the k-th nearest neighbour, &gt;= 1
 */
public record PrdcOptions(int k) {
    /** k = 5, as Naeem et al. 2020 recommend. */
    public static final int DEFAULT_K = 5;

    public PrdcOptions {
        if (k < 1) {
            throw new IllegalArgumentException(
                    "k = " + k + ": must be >= 1; the radius of a point is the distance to its"
                            + " k-th nearest neighbour, e.g. k = " + DEFAULT_K);
        }
    }

    /** k = 5. */
    public static PrdcOptions defaults() {
        return new PrdcOptions(DEFAULT_K);
    }
}
