package io.github.modewatch.metrics.segmentation;

import io.github.modewatch.metrics.frechet.FrechetDistance;
import io.github.modewatch.metrics.frechet.GaussianStats;
import java.util.List;

/**
 * Mean and covariance of per-image class area fractions (percent) over a set of images, with the class names.
 * Immutable; arrays are copied in and out.
 *
 * @param classes    class names, index = label value
 * @param mean       mean area fraction per class, percent
 * @param covariance c x c covariance (n - 1) of the fractions
 * @param count      images
 */
public record SegmentationStats(List<String> classes, double[] mean, double[][] covariance, long count) {

    public SegmentationStats {
        classes = List.copyOf(classes);
        if (mean.length != classes.size() || covariance.length != classes.size()) {
            throw new IllegalArgumentException("mean has " + mean.length + " and covariance " + covariance.length
                    + " rows for " + classes.size() + " classes: they must agree");
        }
        mean = mean.clone();
        double[][] copy = new double[covariance.length][];
        for (int i = 0; i < copy.length; i++) {
            if (covariance[i].length != classes.size()) {
                throw new IllegalArgumentException(
                        "covariance row " + i + " has " + covariance[i].length + " values, expected " + classes.size());
            }
            copy[i] = covariance[i].clone();
        }
        covariance = copy;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[][] covariance() {
        double[][] copy = new double[covariance.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = covariance[i].clone();
        }
        return copy;
    }

    /** As a Gaussian for {@link FrechetDistance}. */
    public GaussianStats toGaussian() {
        return GaussianStats.of(mean, covariance, count);
    }

    /**
     * FSD of generated images (this = reference) with per-class deltas.
     *
     * @param generated statistics of generated images over the same classes
     */
    public FsdResult compare(SegmentationStats generated) {
        if (!generated.classes.equals(classes)) {
            throw new IllegalArgumentException("generated statistics are over classes " + generated.classes
                    + " but the reference is over " + classes + ": use the same segmenter for both");
        }
        return new FsdResult(
                FrechetDistance.between(generated.toGaussian(), toGaussian()),
                classes,
                mean,
                generated.mean,
                count,
                generated.count);
    }
}
