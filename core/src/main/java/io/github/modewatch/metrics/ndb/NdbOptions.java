package io.github.modewatch.metrics.ndb;

/**
 * How to build NDB bins.
 *
 * @param bins      K, the number of bins; the NDB paper uses 100 and advises ~500 reference samples per bin
 * @param whiten    standardise each dimension by the reference mean and population std + 1e-6 before binning
 * @param maxDims   dimensions K-means may use; 0 = automatic: all of them up to 1000, d/6 random ones above
 *                  (as the paper's reference code does)
 * @param seed      seed for the random dimension subset and the K-means seeding
 * @param engine    the K-means implementation
 */
public record NdbOptions(int bins, boolean whiten, int maxDims, long seed, KMeansEngine engine) {

    /** Generous cap: Lloyd normally stops well before, when no assignment changes. */
    public static final int DEFAULT_MAX_ITERATIONS = 300;

    public NdbOptions {
        if (bins < 1) {
            throw new IllegalArgumentException("bins = " + bins + ": must be >= 1; the NDB paper uses 100");
        }
        if (maxDims < 0) {
            throw new IllegalArgumentException(
                    "maxDims = " + maxDims + ": must be >= 0; pass 0 to choose automatically (d/6 when d > 1000)");
        }
        if (engine == null) {
            throw new IllegalArgumentException("engine is null: pass new LloydKMeans(300) or new SmileKMeans(300)");
        }
    }

    /** K bins, no whitening, automatic dimensions, seed 0, the BLAS-backed Lloyd engine. */
    public static NdbOptions of(int bins) {
        return new NdbOptions(bins, false, 0, 0L, new LloydKMeans(DEFAULT_MAX_ITERATIONS));
    }

    public NdbOptions withWhiten(boolean value) {
        return new NdbOptions(bins, value, maxDims, seed, engine);
    }

    public NdbOptions withMaxDims(int value) {
        return new NdbOptions(bins, whiten, value, seed, engine);
    }

    public NdbOptions withSeed(long value) {
        return new NdbOptions(bins, whiten, maxDims, value, engine);
    }

    public NdbOptions withEngine(KMeansEngine value) {
        return new NdbOptions(bins, whiten, maxDims, seed, value);
    }

    /** Dimensions K-means uses for d-dimensional data under these options. */
    public int usedDimensions(int d) {
        if (maxDims > 0) {
            return Math.min(d, maxDims);
        }
        return d > 1000 ? d / 6 : d;
    }
}
