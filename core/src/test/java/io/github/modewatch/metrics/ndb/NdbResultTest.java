package io.github.modewatch.metrics.ndb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link NdbResult} copies its arrays in and out and compares them by value, exactly. */
class NdbResultTest {
    private static final double[] REF = {0.4, 0.3, 0.2, 0.1};
    private static final double[] GEN = {0.05, 0.35, 0.3, 0.3};
    private static final double[] Z = {6.1, -0.9, -2.3, -4.4};
    private static final double[] P = {1e-9, 0.37, 0.02, 1e-5};
    private static final boolean[] DIFF = {true, false, true, true};

    /** A result built from fresh copies of the arrays above, after {@code change} has modified them. */
    private static NdbResult result(Consumer<Object[]> change) {
        Object[] arrays = {REF.clone(), GEN.clone(), Z.clone(), P.clone(), DIFF.clone()};
        change.accept(arrays);
        return new NdbResult(
                4,
                3,
                0.21,
                0.05,
                4000,
                1000,
                (double[]) arrays[0],
                (double[]) arrays[1],
                (double[]) arrays[2],
                (double[]) arrays[3],
                (boolean[]) arrays[4]);
    }

    private static NdbResult result() {
        return result(a -> {});
    }

    @Test
    void arraysAreCopiedIn() {
        double[] ref = REF.clone();
        boolean[] different = DIFF.clone();
        NdbResult r = new NdbResult(4, 3, 0.21, 0.05, 4000, 1000, ref, GEN.clone(), Z.clone(), P.clone(), different);
        ref[0] = 99;
        different[1] = true;
        assertThat(r.referenceProportions()).containsExactly(REF);
        assertThat(r.different()).containsExactly(DIFF);
        assertThat(r.missingBins()).containsExactly(0);
    }

    @Test
    void arraysAreCopiedOut() {
        NdbResult r = result();
        r.referenceProportions()[0] = 99;
        r.generatedProportions()[0] = 99;
        r.zScores()[0] = 99;
        r.pValues()[0] = 99;
        r.different()[1] = true;
        assertThat(r).isEqualTo(result());
        assertThat(r.referenceProportions()).containsExactly(REF);
        assertThat(r.generatedProportions()).containsExactly(GEN);
        assertThat(r.zScores()).containsExactly(Z);
        assertThat(r.pValues()).containsExactly(P);
        assertThat(r.different()).containsExactly(DIFF);
    }

    @Test
    void equalValuesInDistinctArraysAreEqualWithEqualHashCodes() {
        NdbResult a = result();
        NdbResult b = result();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).hasToString(b.toString());
        assertThat(a.toString()).contains("referenceProportions=[0.4, 0.3, 0.2, 0.1]");
        NdbResult nanA = result(x -> ((double[]) x[2])[1] = Double.NaN);
        NdbResult nanB = result(x -> ((double[]) x[2])[1] = Double.NaN);
        assertThat(nanA)
                .as("NaN z-scores (a bin empty in both sets) compare equal")
                .isEqualTo(nanB)
                .hasSameHashCodeAs(nanB);
    }

    @Test
    void anyDifferingArrayElementMakesResultsUnequal() {
        NdbResult base = result();
        for (int i = 0; i < 4; i++) {
            int array = i;
            NdbResult nudged = result(x -> {
                double[] d = (double[]) x[array];
                d[2] = Math.nextUp(d[2]); // one ulp: exact comparison, no tolerance
            });
            assertThat(nudged).as("array %d changed by one ulp", array).isNotEqualTo(base);
        }
        assertThat(result(x -> ((boolean[]) x[4])[1] = true)).isNotEqualTo(base);
        assertThat(new NdbResult(4, 3, 0.21, 0.01, 4000, 1000, REF, GEN, Z, P, DIFF))
                .isNotEqualTo(base);
    }
}
