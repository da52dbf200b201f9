package io.github.modewatch.metrics.segmentation;

import io.github.modewatch.metrics.frechet.FrechetResult;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Fréchet Segmentation Distance of generated images against reference images (Bau et al., "Seeing What a GAN
 * Cannot Generate", ICCV 2019), with the per-class statistics that say which classes the GAN under-generates.
 *
 * <p>The arrays are copied in and out; equality is by value and exact (arrays element by element with
 * {@link Arrays#equals(double[], double[])}, so NaN equals NaN).
 *
 * @param frechet         the distance between the Gaussians of class area fractions (percent)
 * @param classes         class names
 * @param referenceMean   mean area fraction per class in reference images, percent
 * @param generatedMean   mean area fraction per class in generated images, percent
 * @param referenceCount  reference images
 * @param generatedCount  generated images
 */
public record FsdResult(
        FrechetResult frechet,
        List<String> classes,
        double[] referenceMean,
        double[] generatedMean,
        long referenceCount,
        long generatedCount) {

    public FsdResult {
        classes = List.copyOf(classes);
        referenceMean = referenceMean.clone();
        generatedMean = generatedMean.clone();
    }

    public double distance() {
        return frechet.distance();
    }

    @Override
    public double[] referenceMean() {
        return referenceMean.clone();
    }

    @Override
    public double[] generatedMean() {
        return generatedMean.clone();
    }

    /**
     * Relative delta per class, (generated - reference) / reference: -1 = never generated, 0 = as often as in
     * the data, +1 = twice as much. NaN for a class absent from the reference.
     */
    public double[] relativeDeltas() {
        double[] d = new double[classes.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = referenceMean[i] > 0 ? (generatedMean[i] - referenceMean[i]) / referenceMean[i] : Double.NaN;
        }
        return d;
    }

    /** Class indices ordered by reference share, largest first: the order of Fig. 1a of Bau et al. */
    public int[] classesByReferenceShare() {
        return java.util.stream.IntStream.range(0, classes.size())
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -referenceMean[i])
                        .thenComparingInt(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    @Override
    public String toString() {
        return "FsdResult[fsd=" + frechet.distance() + ", classes=" + classes + ", deltas="
                + Arrays.toString(relativeDeltas()) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FsdResult r
                && frechet.equals(r.frechet)
                && classes.equals(r.classes)
                && Arrays.equals(referenceMean, r.referenceMean)
                && Arrays.equals(generatedMean, r.generatedMean)
                && referenceCount == r.referenceCount
                && generatedCount == r.generatedCount;
    }

    @Override
    public int hashCode() {
        int h = java.util.Objects.hash(frechet, classes, referenceCount, generatedCount);
        h = 31 * h + Arrays.hashCode(referenceMean);
        return 31 * h + Arrays.hashCode(generatedMean);
    }
}
