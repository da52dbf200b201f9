package io.github.modewatch.metrics.ndb;

/**
 * NDB of one generated sample set against reference bins (Richardson &amp; Weiss, NeurIPS 2018).
 *
 * <p>Arrays are in bin order (bin 0 is the largest reference bin) and are copied in and out. Equality is by
 * value and exact: two results are equal when every component is, arrays compared element by element with
 * {@link java.util.Arrays#equals(double[], double[])} (bit patterns: NaN equals NaN, 0.0 differs from -0.0).
 *
 * @param bins                  K, the number of bins
 * @param ndb                   number of statistically different bins (two-sided test at {@code alpha})
 * @param js                    Jensen-Shannon divergence of the two bin histograms, nats, in [0, ln 2]
 * @param alpha                 significance level of the per-bin test
 * @param referenceSize         reference samples the bins' proportions come from
 * @param generatedSize         generated samples evaluated
 * @param referenceProportions  share of reference samples in each bin (sums to 1)
 * @param generatedProportions  share of generated samples in each bin (sums to 1)
 * @param zScores               (p_ref - p_gen) / se per bin: negative = over-generated, positive = missing
 * @param pValues               two-sided p-value per bin
 * @param different             p-value &lt; alpha per bin
 */
public record NdbResult(
        int bins,
        int ndb,
        double js,
        double alpha,
        long referenceSize,
        long generatedSize,
        double[] referenceProportions,
        double[] generatedProportions,
        double[] zScores,
        double[] pValues,
        boolean[] different) {

    /**
     * A different bin whose generated share is below this fraction of its reference share is read as missing: the
     * generator has all but stopped producing that region of the data. This is ModeWatch's reading of NDB's
     * per-bin output (its proportion plot), not part of Richardson &amp; Weiss's NDB; it tells a generator that
     * gets shares somewhat wrong (NDB counts that too) from one that drops regions.
     */
    public static final double MISSING_SHARE = 0.25;

    /** {@link #MISSING_SHARE} as the fraction texts print, "1/4" (it is 1/n). */
    public static String missingShareFraction() {
        return "1/" + Math.round(1 / MISSING_SHARE);
    }

    public NdbResult {
        referenceProportions = referenceProportions.clone();
        generatedProportions = generatedProportions.clone();
        zScores = zScores.clone();
        pValues = pValues.clone();
        different = different.clone();
    }

    /** NDB / K, in [0, 1]; about alpha when generated and reference samples share a distribution. */
    public double ndbFraction() {
        return (double) ndb / bins;
    }

    /** Whether a bin differs and its generated share is below {@value #MISSING_SHARE} of its reference share. */
    public boolean isMissing(int bin) {
        return different[bin] && generatedProportions[bin] < MISSING_SHARE * referenceProportions[bin];
    }

    /** The {@link #isMissing(int) missing} bins, in bin order. */
    public int[] missingBins() {
        int[] missing = new int[bins];
        int count = 0;
        for (int b = 0; b < bins; b++) {
            if (isMissing(b)) {
                missing[count++] = b;
            }
        }
        return java.util.Arrays.copyOf(missing, count);
    }

    /** Reference share of the {@link #missingBins() missing bins}, in [0, 1]: how much of the data is missing. */
    public double missingReferenceShare() {
        double share = 0;
        for (int b : missingBins()) {
            share += referenceProportions[b];
        }
        return share;
    }

    @Override
    public double[] referenceProportions() {
        return referenceProportions.clone();
    }

    @Override
    public double[] generatedProportions() {
        return generatedProportions.clone();
    }

    @Override
    public double[] zScores() {
        return zScores.clone();
    }

    @Override
    public double[] pValues() {
        return pValues.clone();
    }

    @Override
    public boolean[] different() {
        return different.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NdbResult r
                && bins == r.bins
                && ndb == r.ndb
                && Double.compare(js, r.js) == 0
                && Double.compare(alpha, r.alpha) == 0
                && referenceSize == r.referenceSize
                && generatedSize == r.generatedSize
                && java.util.Arrays.equals(referenceProportions, r.referenceProportions)
                && java.util.Arrays.equals(generatedProportions, r.generatedProportions)
                && java.util.Arrays.equals(zScores, r.zScores)
                && java.util.Arrays.equals(pValues, r.pValues)
                && java.util.Arrays.equals(different, r.different);
    }

    @Override
    public int hashCode() {
        int h = java.util.Objects.hash(bins, ndb, js, alpha, referenceSize, generatedSize);
        h = 31 * h + java.util.Arrays.hashCode(referenceProportions);
        h = 31 * h + java.util.Arrays.hashCode(generatedProportions);
        h = 31 * h + java.util.Arrays.hashCode(zScores);
        h = 31 * h + java.util.Arrays.hashCode(pValues);
        return 31 * h + java.util.Arrays.hashCode(different);
    }

    @Override
    public String toString() {
        return "NdbResult[bins=" + bins + ", ndb=" + ndb + ", js=" + js + ", alpha=" + alpha + ", referenceSize="
                + referenceSize + ", generatedSize=" + generatedSize + ", referenceProportions="
                + java.util.Arrays.toString(referenceProportions) + ", generatedProportions="
                + java.util.Arrays.toString(generatedProportions) + ", zScores=" + java.util.Arrays.toString(zScores)
                + ", pValues=" + java.util.Arrays.toString(pValues) + ", different="
                + java.util.Arrays.toString(different) + "]";
    }
}
