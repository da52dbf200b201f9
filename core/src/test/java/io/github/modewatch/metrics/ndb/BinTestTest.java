package io.github.modewatch.metrics.ndb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BinTestTest {

    @Test
    void pooledZScoreMatchesHandComputedValue() {
        // Oracle: by hand (and scipy 1.17): p = (0.2*1000 + 0.1*500)/1500 = 1/6,
        // se = sqrt(1/6 * 5/6 * (1/1000 + 1/500)) = 0.0204124..., z = 0.1 / se = 4.898979485566356
        double z = BinTest.zScore(0.2, 1000, 0.1, 500);
        assertThat(z).isCloseTo(4.898979485566356, within(1e-12));
        // Oracle: scipy.stats.norm: 2 * norm.cdf(-4.898979485566356) = 9.633570086430965e-07
        assertThat(BinTest.twoSidedPValue(z)).isCloseTo(9.633570086430965e-07, within(1e-18));
    }

    @Test
    void zIsPositiveWhenTheGeneratorUnderProducesABin() {
        assertThat(BinTest.zScore(0.3, 100, 0.1, 100)).isPositive();
        assertThat(BinTest.zScore(0.1, 100, 0.3, 100)).isNegative();
    }

    @Test
    void pValueAtTheCriticalValueIsAlpha() {
        // Oracle: z_{0.975} = 1.959963984540054, 2 * norm.cdf(-z) = 0.05 (scipy)
        assertThat(BinTest.twoSidedPValue(1.959963984540054)).isCloseTo(0.05, within(1e-12));
        assertThat(BinTest.twoSidedPValue(-1.959963984540054)).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void farTailPValueKeepsRelativePrecision() {
        // Oracle: scipy 2 * norm.cdf(-12) = 3.552964224155306e-33 (1 - cdf would round to 0)
        assertThat(BinTest.twoSidedPValue(12.0)).isCloseTo(3.552964224155306e-33, within(1e-40));
    }

    @Test
    void emptyBinInBothSetsIsNotDifferent() {
        double z = BinTest.zScore(0.0, 2000, 0.0, 500);
        assertThat(z).isZero();
        assertThat(BinTest.twoSidedPValue(z)).isEqualTo(1.0);
    }

    @Test
    void jensenShannonMatchesScipy() {
        // Oracle: scipy.spatial.distance.jensenshannon(p, q) ** 2 (natural log)
        assertThat(BinTest.jensenShannon(new double[] {0.5, 0.5}, new double[] {0.9, 0.1}))
                .isCloseTo(0.10174922507919676, within(1e-14));
        assertThat(BinTest.jensenShannon(new double[] {0.2, 0.3, 0.5, 0}, new double[] {0.1, 0.1, 0.4, 0.4}))
                .isCloseTo(0.1760703169231662, within(1e-14));
    }

    @Test
    void jensenShannonOfDisjointHistogramsIsLn2() {
        assertThat(BinTest.jensenShannon(new double[] {1, 0}, new double[] {0, 1}))
                .isCloseTo(Math.log(2), within(1e-15));
    }

    @Test
    void jensenShannonIsBetweenZeroAndLn2AndSymmetricForRandomHistograms() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 500; trial++) {
            int k = 1 + random.nextInt(50);
            double[] p = randomHistogram(random, k);
            double[] q = randomHistogram(random, k);
            double js = BinTest.jensenShannon(p, q);
            assertThat(js).isBetween(0.0, Math.log(2) + 1e-12);
            assertThat(BinTest.jensenShannon(q, p)).isCloseTo(js, within(1e-12));
            assertThat(BinTest.jensenShannon(p, p)).isCloseTo(0.0, within(1e-15));
        }
    }

    @Test
    void histogramsOfDifferentLengthAreRefused() {
        assertThatThrownBy(() -> BinTest.jensenShannon(new double[] {1}, new double[] {0.5, 0.5}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same bins");
    }

    private static double[] randomHistogram(SplittableRandom random, int k) {
        double[] h = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            h[i] = random.nextInt(4) == 0 ? 0 : random.nextDouble();
            sum += h[i];
        }
        if (sum == 0) {
            h[0] = sum = 1;
        }
        for (int i = 0; i < k; i++) {
            h[i] /= sum;
        }
        return h;
    }
}
