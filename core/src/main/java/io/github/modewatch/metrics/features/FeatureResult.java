package io.github.modewatch.metrics.features;

import io.github.modewatch.metrics.frechet.FrechetResult;
import java.util.Optional;

/**
 * The feature metrics of one generated set against a {@link FeatureReference}. Immutable (its parts copy their
 * arrays).
 *
 * @param extractor         the {@link FeatureExtractor#name()} the features came from: record it with every score
 * @param frechet           Fréchet distance of the Gaussians fitted to the two feature sets (FID with Inception
 *                          pool3 features), squared feature units
 * @param frechetNoiseFloor the same distance between two disjoint random parts of the reference at the generated
 *                          sample size: what a generator that sampled the data itself would still show; NaN when the
 *                          reference holds statistics only
 * @param kid               KID, or null when the reference has no feature rows or KID is switched off
 * @param prdc              precision/recall/density/coverage, or null likewise
 */
public record FeatureResult(
        String extractor, FrechetResult frechet, double frechetNoiseFloor, KidResult kid, PrdcResult prdc) {
    public FeatureResult {
        if (extractor == null || frechet == null) {
            throw new IllegalArgumentException("extractor name and Fréchet result must not be null");
        }
    }

    public Optional<KidResult> kidResult() {
        return Optional.ofNullable(kid);
    }

    public Optional<PrdcResult> prdcResult() {
        return Optional.ofNullable(prdc);
    }
}
