package io.github.modewatch.metrics.features;

/**
 * Precision, recall, density and coverage of a generated feature set against a real one (see {@link Prdc}).
 * The radius arrays are copied in and out.
 *
 * @param precision share of generated points inside at least one real point's k-NN ball, 0..1
 * @param recall share of real points inside at least one generated point's k-NN ball, 0..1
 * @param density mean number of real balls a generated point falls in, divided by k; 0..M/k, about 1 when the
 *     two distributions are equal
 * @param coverage share of real points whose ball holds at least one generated point, 0..1
 * @param k the k of the k-NN radii
 * @param realRadii distance of each real point to its k-th nearest real neighbour (itself excluded), in feature units
 * @param generatedRadii the same for each generated point among the generated ones
 */
public record PrdcResult(
        double precision,
        double recall,
        double density,
        double coverage,
        int k,
        double[] realRadii,
        double[] generatedRadii) {
    public PrdcResult {
        realRadii = realRadii.clone();
        generatedRadii = generatedRadii.clone();
    }

    @Override
    public double[] realRadii() {
        return realRadii.clone();
    }

    @Override
    public double[] generatedRadii() {
        return generatedRadii.clone();
    }

    /** Number of real rows. */
    public int realSize() {
        return realRadii.length;
    }

    /** Number of generated rows. */
    public int generatedSize() {
        return generatedRadii.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrdcResult r
                && Double.compare(precision, r.precision) == 0
                && Double.compare(recall, r.recall) == 0
                && Double.compare(density, r.density) == 0
                && Double.compare(coverage, r.coverage) == 0
                && k == r.k
                && java.util.Arrays.equals(realRadii, r.realRadii)
                && java.util.Arrays.equals(generatedRadii, r.generatedRadii);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(
                precision,
                recall,
                density,
                coverage,
                k,
                java.util.Arrays.hashCode(realRadii),
                java.util.Arrays.hashCode(generatedRadii));
    }

    @Override
    public String toString() {
        return "PrdcResult[precision=" + precision + ", recall=" + recall + ", density=" + density + ", coverage="
                + coverage + ", k=" + k + ", realSize=" + realSize() + ", generatedSize=" + generatedSize() + "]";
    }
}
