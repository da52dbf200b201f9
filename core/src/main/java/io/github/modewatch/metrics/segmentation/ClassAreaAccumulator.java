package io.github.modewatch.metrics.segmentation;

import java.util.Arrays;
import java.util.List;

/**
 * Streams label maps (one class index per pixel) into the running mean and covariance of per-image class area
 * fractions, in percent (x100) as in FSD (Bau et al., ICCV 2019), without keeping the images.
 *
 * <p>Updates are Welford's / Chan's: after each image, mean and the co-moment matrix M2 are updated as
 * delta = x - mean; mean += delta / n; M2 += delta (x - mean)^T, numerically stable for long streams.
 * Not thread-safe: use one per thread and {@link #merge} them, or synchronise.
 */
public final class ClassAreaAccumulator {
    private final List<String> classes;
    private final int c;
    private long n;
    private final double[] mean;
    private final double[] m2; // c x c, row-major

    /** @param classes class names, index = label value; at least one */
    public ClassAreaAccumulator(List<String> classes) {
        if (classes == null || classes.isEmpty()) {
            throw new IllegalArgumentException(
                    "classes is empty: pass the segmenter's class names (label value = index)");
        }
        this.classes = List.copyOf(classes);
        this.c = classes.size();
        this.mean = new double[c];
        this.m2 = new double[c * c];
    }

    /**
     * Adds one image's label map.
     *
     * @param labels class index per pixel, each in [0, classes); at least one pixel
     */
    public void add(int[] labels) {
        add(areaFractions(labels, c));
    }

    /** Adds one image's class area fractions (percent, summing to 100). */
    public void add(double[] fractionsPercent) {
        if (fractionsPercent.length != c) {
            throw new IllegalArgumentException("got " + fractionsPercent.length + " class fractions, expected " + c);
        }
        n++;
        double[] delta = new double[c];
        for (int i = 0; i < c; i++) {
            delta[i] = fractionsPercent[i] - mean[i];
            mean[i] += delta[i] / n;
        }
        for (int i = 0; i < c; i++) {
            if (delta[i] == 0) {
                continue;
            }
            int row = i * c;
            for (int j = 0; j < c; j++) {
                m2[row + j] += delta[i] * (fractionsPercent[j] - mean[j]);
            }
        }
    }

    /** Adds everything another accumulator over the same classes has seen (Chan et al.'s parallel update). */
    public void merge(ClassAreaAccumulator other) {
        if (!other.classes.equals(classes)) {
            throw new IllegalArgumentException("cannot merge accumulators over different classes");
        }
        if (other.n == 0) {
            return;
        }
        long total = n + other.n;
        double[] delta = new double[c];
        for (int i = 0; i < c; i++) {
            delta[i] = other.mean[i] - mean[i];
        }
        double w = (double) n * other.n / total;
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                m2[i * c + j] += other.m2[i * c + j] + delta[i] * delta[j] * w;
            }
        }
        for (int i = 0; i < c; i++) {
            mean[i] += delta[i] * other.n / total;
        }
        n = total;
    }

    /** Images seen. */
    public long count() {
        return n;
    }

    /** The statistics so far; needs at least 2 images for a covariance. */
    public SegmentationStats stats() {
        if (n < 2) {
            throw new IllegalStateException(
                    "only " + n + " images accumulated: FSD needs at least 2 (thousands in practice)");
        }
        double[][] cov = new double[c][c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                cov[i][j] = m2[i * c + j] / (n - 1);
            }
        }
        return new SegmentationStats(classes, mean.clone(), cov, n);
    }

    /** Per-class share of pixels of one label map, percent. */
    public static double[] areaFractions(int[] labels, int classes) {
        if (labels.length == 0) {
            throw new IllegalArgumentException("empty label map: an image needs at least one pixel");
        }
        long[] counts = new long[classes];
        for (int label : labels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " outside [0, " + classes + "): the segmenter "
                        + "returned a class index it did not declare");
            }
            counts[label]++;
        }
        double[] f = new double[classes];
        for (int i = 0; i < classes; i++) {
            f[i] = 100.0 * counts[i] / labels.length;
        }
        return f;
    }

    @Override
    public String toString() {
        return "ClassAreaAccumulator" + classes + " n=" + n + " mean=" + Arrays.toString(mean);
    }
}
