package io.github.modewatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.modewatch.metrics.frechet.FrechetResult;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.monitor.Evaluation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void binomialTailMatchesExactArithmetic() {
        // Oracle: Python, exact fractions: sum(comb(n, i) p^i (1-p)^(n-i) for i in range(x, n + 1)), p = 1/20.
        assertThat(Verdict.binomialUpperTail(20, 0.05, 4)).isCloseTo(0.01590152601976356, within(1e-14));
        assertThat(Verdict.binomialUpperTail(20, 0.05, 3)).isCloseTo(0.07548367378849634, within(1e-14));
        assertThat(Verdict.binomialUpperTail(100, 0.05, 10)).isCloseTo(0.028188294163416106, within(1e-13));
        assertThat(Verdict.binomialUpperTail(20, 0.05, 0)).isEqualTo(1.0);
        assertThat(Verdict.binomialUpperTail(20, 0.05, 21)).isEqualTo(0.0);
    }

    @Test
    void manyDifferentBinsWithNoneMissingReadAsSharesThatDifferListingUnderAndOverGeneratedBins() {
        // 20 bins, 14 differ: bins 0-3 over-generated (z < 0), bins 4-13 under-generated (z > 0); same shares in
        // this fixture, so no bin is all but gone
        NdbResult ndb = ndb(20, 14, i -> i < 4 ? -5.0 : 5.0);
        Evaluation e = evaluation(ndb, null, Double.NaN);
        String verdict = Verdict.of(Optional.of(e));

        assertThat(verdict).startsWith("bin shares differ, none missing: 14 of 20 bins differ (about 1 expected by "
                + "chance at alpha 0.05)");
        assertThat(verdict).contains("under-generated: bins 4, 5, 6, 7, 8, 9, 10, 11 and 2 more");
        assertThat(verdict).doesNotContain("missing (");
        assertThat(verdict).contains("over-generated: bins 0, 1, 2, 3");
        assertThat(Verdict.alarming(Optional.of(e))).isFalse();
        assertThat(Verdict.boxClass(Optional.of(e))).isEqualTo("warn");
    }

    @Test
    void binsBelowAQuarterOfTheirShareAreMissingTheRestUnderGenerated() {
        // 4 bins of 25%: bin 0 generated at 50% (over), bin 1 at 24.9% of its share (missing), bin 2 at 25% of it
        // (not below a quarter: under-generated), bin 3 at 0 (missing). All differ.
        double[] ref = {0.25, 0.25, 0.25, 0.25};
        double[] gen = {0.5 + 0.25 - 0.06225 - 0.0625, 0.06225, 0.0625, 0.0};
        NdbResult ndb = new NdbResult(4, 4, 0.3, 0.05, 10_000, 2_000, ref, gen, new double[] {-9, 9, 9, 9},
                new double[] {1e-9, 1e-9, 1e-9, 1e-9}, new boolean[] {true, true, true, true});

        assertThat(ndb.missingBins()).containsExactly(1, 3);
        assertThat(ndb.missingReferenceShare()).isEqualTo(0.5);
        assertThat(Verdict.alarming(Optional.of(evaluation(ndb, null, Double.NaN)))).isTrue();
        assertThat(Verdict.boxClass(Optional.of(evaluation(ndb, null, Double.NaN)))).isEqualTo("alarm");
        assertThat(Verdict.of(Optional.of(evaluation(ndb, null, Double.NaN)))).isEqualTo("mode collapse likely: 4 of 4 "
                + "bins differ (about 0.2 expected by chance at alpha 0.05); missing (under 1/4 of their share): bins 1, "
                + "3 (50.0% of the reference samples); under-generated: bin 2; over-generated: bin 0");
    }

    @Test
    void aBinThatDoesNotDifferIsNeverMissingHoweverSmallItsShare() {
        NdbResult ndb = new NdbResult(2, 0, 0.0, 0.05, 100, 10, new double[] {0.99, 0.01}, new double[] {1.0, 0.0},
                new double[] {0, 1}, new double[] {1, 0.3}, new boolean[] {false, false});

        assertThat(ndb.missingBins()).isEmpty();
        assertThat(ndb.missingReferenceShare()).isZero();
    }

    @Test
    void differentBinsWithinChanceAreNoSignOfCollapse() {
        // P(Binomial(20, 0.05) >= 3) = 0.075 > 0.01: three different bins happen by chance.
        NdbResult ndb = ndb(20, 3, i -> 3.0);
        Evaluation e = evaluation(ndb, null, Double.NaN);

        assertThat(Verdict.of(Optional.of(e))).startsWith("no sign of mode collapse: 3 of 20 bins differ");
        assertThat(Verdict.alarming(Optional.of(e))).isFalse();
        assertThat(Verdict.boxClass(Optional.of(e))).isEqualTo("ok");
        assertThat(Verdict.of(Optional.of(evaluation(ndb(20, 1, i -> 3.0), null, Double.NaN))))
                .contains("1 of 20 bins differs").contains("under-generated: bin 0");
    }

    @Test
    void fsdIsJudgedAgainstItsNoiseFloorAndNamesTheMostUnderGeneratedClass() {
        FsdResult fsd = new FsdResult(new FrechetResult(12.0, 10.0, 2.0, 0, 3), List.of("sky", "person", "car"),
                new double[] {90, 2, 8}, new double[] {98, 0, 2}, 1000, 500);

        String high = Verdict.of(Optional.of(evaluation(null, fsd, 3.0)));
        assertThat(high).isEqualTo("segment statistics differ: FSD 12 is 4x its noise floor 3; "
                + "most under-generated class: person (-100%)");
        assertThat(Verdict.of(Optional.of(evaluation(null, fsd, 8.0)))).startsWith("FSD 12 is within 2x its noise floor 8");
        assertThat(Verdict.of(Optional.of(evaluation(null, fsd, Double.NaN))))
                .startsWith("FSD 12 (no noise floor to compare with)");
    }

    @Test
    void noEvaluationSaysSo() {
        assertThat(Verdict.of(Optional.empty())).startsWith("no evaluation yet");
        assertThat(Verdict.alarming(Optional.empty())).isFalse();
        assertThat(Verdict.boxClass(Optional.empty())).isEqualTo("none");
        assertThat(Verdict.of(Optional.of(evaluation(null, null, Double.NaN)))).contains("neither NDB nor FSD");
    }

    @Test
    void numbersAreFormattedCompactlyInTheRootLocale() {
        assertThat(Verdict.format(3)).isEqualTo("3");
        assertThat(Verdict.format(0.05)).isEqualTo("0.05");
        assertThat(Verdict.format(41.1912)).isEqualTo("41.19");
        assertThat(Verdict.format(0.000123456)).isEqualTo("0.000123");
        assertThat(Verdict.format(1234.56)).isEqualTo("1234.6");
        assertThat(Verdict.format(Double.NaN)).isEqualTo("n/a");
    }

    /** K bins of which the first {@code ndb} differ, with the given z per bin. */
    static NdbResult ndb(int k, int ndb, java.util.function.IntToDoubleFunction z) {
        double[] p = new double[k];
        java.util.Arrays.fill(p, 1.0 / k);
        double[] zs = new double[k];
        double[] pv = new double[k];
        boolean[] different = new boolean[k];
        for (int i = 0; i < k; i++) {
            zs[i] = i < ndb ? z.applyAsDouble(i) : 0.0;
            pv[i] = i < ndb ? 1e-6 : 1.0;
            different[i] = i < ndb;
        }
        return new NdbResult(k, ndb, 0.1, 0.05, 10_000, 2_000, p, p, zs, pv, different);
    }

    static Evaluation evaluation(NdbResult ndb, FsdResult fsd, double noiseFloor) {
        return new Evaluation(100, Instant.parse("2025-01-01T00:00:00Z"), Duration.ofSeconds(1), ndb, fsd, noiseFloor);
    }
}
