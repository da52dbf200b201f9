package io.github.modewatch.metrics.features;

/**
 * Options of {@link Kid}; build with {@link #builder()}. Defaults: 100 subsets of 1,000 rows (torch-fidelity,
 * clean-fid, torchmetrics), kernel k(x, y) = (gamma x.y + coef)^degree with degree 3, gamma 1/d (d = feature
 * width; {@code gamma} here is {@code NaN} for that default), coef 1, seed 0.
 *
 * @param subsets number of subset pairs to average over, &gt;= 1
 * @param subsetSize rows drawn without replacement from each set per subset, &gt;= 2 (shrunk to the smaller set)
 * @param degree polynomial degree, &gt;= 1
 * @param gamma scale of the dot product, &gt; 0, or NaN for 1/d
 * @param coef constant term, finite
 * @param seed seed of the subset draws
 */
public record KidOptions(int subsets, int subsetSize, int degree, double gamma, double coef, long seed) {
    public static final int DEFAULT_SUBSETS = 100;
    public static final int DEFAULT_SUBSET_SIZE = 1000;
    public static final int DEFAULT_DEGREE = 3;
    public static final double DEFAULT_COEF = 1.0;

    public KidOptions {
        if (subsets < 1) {
            throw new IllegalArgumentException("subsets = " + subsets
                    + ": must be >= 1; KID averages MMD^2 over this many" + " random subsets, e.g. " + DEFAULT_SUBSETS);
        }
        if (subsetSize < 2) {
            throw new IllegalArgumentException("subset size = " + subsetSize
                    + ": must be >= 2; the unbiased MMD^2 needs" + " two rows per set, e.g. " + DEFAULT_SUBSET_SIZE);
        }
        if (degree < 1) {
            throw new IllegalArgumentException(
                    "degree = " + degree + ": must be >= 1; KID's polynomial kernel uses " + DEFAULT_DEGREE);
        }
        if (!Double.isNaN(gamma) && !(gamma > 0 && Double.isFinite(gamma))) {
            throw new IllegalArgumentException("gamma = " + gamma + ": must be a finite number > 0; leave it unset for"
                    + " 1/d, the usual choice");
        }
        if (!Double.isFinite(coef)) {
            throw new IllegalArgumentException("coef = " + coef + ": must be finite; the usual value is 1");
        }
    }

    /** The defaults (100 x 1,000, degree 3, gamma 1/d, coef 1, seed 0). */
    public static KidOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** gamma for features of width {@code dims}: the set value, or 1/dims. */
    public double gammaFor(int dims) {
        return Double.isNaN(gamma) ? 1.0 / dims : gamma;
    }

    /** Collects options; {@link #build()} validates them. */
    public static final class Builder {
        private int subsets = DEFAULT_SUBSETS;
        private int subsetSize = DEFAULT_SUBSET_SIZE;
        private int degree = DEFAULT_DEGREE;
        private double gamma = Double.NaN;
        private double coef = DEFAULT_COEF;
        private long seed;

        private Builder() {}

        public Builder subsets(int subsets) {
            this.subsets = subsets;
            return this;
        }

        public Builder subsetSize(int subsetSize) {
            this.subsetSize = subsetSize;
            return this;
        }

        public Builder degree(int degree) {
            this.degree = degree;
            return this;
        }

        /** gamma &gt; 0; NaN restores the default 1/d. */
        public Builder gamma(double gamma) {
            this.gamma = gamma;
            return this;
        }

        public Builder coef(double coef) {
            this.coef = coef;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public KidOptions build() {
            return new KidOptions(subsets, subsetSize, degree, gamma, coef, seed);
        }
    }
}
