package io.github.modewatch.metrics.features;

import java.util.Arrays;
import java.util.List;

/**
 * Kernel Inception Distance (see {@link Kid}): mean and standard deviation of the unbiased MMD^2 over subsets.
 * Units: those of the kernel, i.e. squared (gamma x.y + coef)^degree values; KID is often printed x 1,000.
 *
 * @param kid mean MMD^2 over the subsets; may be negative (unbiased estimator)
 * @param kidStd population standard deviation (ddof 0, as torch-fidelity and clean-fid) of the subset values
 * @param subsetValues MMD^2 of each subset (copied in and out)
 * @param subsetSize rows per set in each subset, after any shrinking
 * @param degree polynomial degree
 * @param gamma the gamma used (1/d by default)
 * @param coef constant term
 * @param realSize rows of the real set
 * @param generatedSize rows of the generated set
 * @param warnings messages for the user (e.g. the subset size was shrunk), unmodifiable
 */
public record KidResult(
        double kid,
        double kidStd,
        double[] subsetValues,
        int subsetSize,
        int degree,
        double gamma,
        double coef,
        int realSize,
        int generatedSize,
        List<String> warnings) {
    public KidResult {
        subsetValues = subsetValues.clone();
        warnings = List.copyOf(warnings);
    }

    @Override
    public double[] subsetValues() {
        return subsetValues.clone();
    }

    /** Number of subsets. */
    public int subsets() {
        return subsetValues.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KidResult r
                && Double.compare(kid, r.kid) == 0
                && Double.compare(kidStd, r.kidStd) == 0
                && Arrays.equals(subsetValues, r.subsetValues)
                && subsetSize == r.subsetSize
                && degree == r.degree
                && Double.compare(gamma, r.gamma) == 0
                && Double.compare(coef, r.coef) == 0
                && realSize == r.realSize
                && generatedSize == r.generatedSize
                && warnings.equals(r.warnings);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(
                kid,
                kidStd,
                Arrays.hashCode(subsetValues),
                subsetSize,
                degree,
                gamma,
                coef,
                realSize,
                generatedSize,
                warnings);
    }

    @Override
    public String toString() {
        return "KidResult[kid=" + kid + ", kidStd=" + kidStd + ", subsets=" + subsets() + ", subsetSize=" + subsetSize
                + ", degree=" + degree + ", gamma=" + gamma + ", coef=" + coef + ", realSize=" + realSize
                + ", generatedSize=" + generatedSize + ", warnings=" + warnings + "]";
    }
}
