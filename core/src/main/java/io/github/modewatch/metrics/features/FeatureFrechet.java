package io.github.modewatch.metrics.features;

import io.github.modewatch.metrics.frechet.FrechetDistance;
import io.github.modewatch.metrics.frechet.FrechetResult;
import io.github.modewatch.metrics.frechet.GaussianStats;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fréchet distance between the Gaussians fitted to two feature matrices (FID when the features are Inception
 * pool3 activations, Heusel et al. 2017): ||mu_r - mu_g||^2 + Tr(S_r + S_g - 2 (S_r S_g)^(1/2)), units = squared
 * feature units. A thin entry point over {@link FrechetDistance} and {@link GaussianStats#of} (means, unbiased
 * covariances in float64), so FSD and FID share one implementation.
 */
public final class FeatureFrechet {
    private FeatureFrechet() {}

    /**
     * @throws IllegalArgumentException when the widths differ or a set has fewer than 2 rows
     */
    public static FrechetResult between(INDArray real, INDArray generated) {
        for (INDArray a : new INDArray[] {real, generated}) {
            if (a == null || a.rank() != 2 || a.rows() < 2) {
                throw new IllegalArgumentException((a == real ? "real" : "generated") + " features have shape "
                        + (a == null ? "null" : java.util.Arrays.toString(a.shape()))
                        + "; expected n x d with n >= 2 (a covariance needs two rows)");
            }
        }
        if (real.columns() != generated.columns()) {
            throw new IllegalArgumentException("generated features have " + generated.columns() + " columns, real ones "
                    + real.columns() + "; both sets must come from the same feature extractor (same width)");
        }
        return FrechetDistance.between(GaussianStats.of(real), GaussianStats.of(generated));
    }
}
