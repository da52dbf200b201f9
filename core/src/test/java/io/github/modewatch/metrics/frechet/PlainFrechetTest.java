package io.github.modewatch.metrics.frechet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link PlainFrechet} (OpenBLAS without ND4J: the CLI's stats route) against {@link FrechetDistance}. */
class PlainFrechetTest {

    private static GaussianStats.Arrays64 arrays(GaussianStats s) {
        return new GaussianStats.Arrays64(s.mean().toDoubleVector(), s.covariance().dup('c').data().asDouble(), s.count());
    }

    private static GaussianStats random(int n, int d, long seed, double shift) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.DOUBLE, n, d).addi(shift);
        x.getColumn(0).muli(3);   // unequal variances
        return GaussianStats.of(x);
    }

    @Test
    void givesFrechetDistancesCholeskyRouteResult() {
        GaussianStats a = random(400, 60, 1, 0.0);
        GaussianStats b = random(300, 60, 2, 0.3);

        FrechetResult expected = FrechetDistance.between(a, b);
        FrechetResult plain = PlainFrechet.between(arrays(a), arrays(b)).orElseThrow();

        assertThat(plain.distance()).isCloseTo(expected.distance(), within(1e-10 * expected.distance()));
        assertThat(plain.meanTerm()).isCloseTo(expected.meanTerm(), within(1e-12 * expected.meanTerm()));
        assertThat(plain.covarianceTerm()).isCloseTo(expected.covarianceTerm(), within(1e-10 * expected.covarianceTerm()));
        assertThat(plain.dims()).isEqualTo(60);
    }

    @Test
    void identicalStatisticsGiveZeroAndOneDimensionalGaussiansTheClosedForm() {
        GaussianStats a = random(200, 10, 3, 0.0);
        assertThat(PlainFrechet.between(arrays(a), arrays(a)).orElseThrow().distance()).isCloseTo(0.0, within(1e-9));

        // d = 1: (m1 - m2)^2 + (s1 - s2)^2 with variances s1^2 = 4, s2^2 = 9
        GaussianStats.Arrays64 p = new GaussianStats.Arrays64(new double[] {1}, new double[] {4}, 0);
        GaussianStats.Arrays64 q = new GaussianStats.Arrays64(new double[] {3}, new double[] {9}, 0);
        assertThat(PlainFrechet.between(p, q).orElseThrow().distance()).isCloseTo(4.0 + 1.0, within(1e-12));
    }

    @Test
    void factorsTheOtherCovarianceWhenTheFirstIsSingularAndGivesUpWhenBothAre() {
        GaussianStats.Arrays64 singular = new GaussianStats.Arrays64(new double[] {0, 0}, new double[] {1, 1, 1, 1}, 0);
        GaussianStats.Arrays64 regular = new GaussianStats.Arrays64(new double[] {0, 0}, new double[] {2, 0, 0, 3}, 0);

        Optional<FrechetResult> oneSingular = PlainFrechet.between(singular, regular);
        FrechetResult expected = FrechetDistance.between(
                new GaussianStats(Nd4j.createFromArray(0.0, 0.0), Nd4j.createFromArray(new double[][] {{1, 1}, {1, 1}}), 0),
                new GaussianStats(Nd4j.createFromArray(0.0, 0.0), Nd4j.createFromArray(new double[][] {{2, 0}, {0, 3}}), 0));
        assertThat(oneSingular).isPresent();
        assertThat(oneSingular.get().distance()).isCloseTo(expected.distance(), within(1e-9));
        assertThat(PlainFrechet.between(singular, singular)).isEmpty();
    }

    @Test
    void differentWidthsAreRefused() {
        GaussianStats.Arrays64 one = new GaussianStats.Arrays64(new double[] {0}, new double[] {1}, 0);
        GaussianStats.Arrays64 two = new GaussianStats.Arrays64(new double[] {0, 0}, new double[] {1, 0, 0, 1}, 0);
        assertThatThrownBy(() -> PlainFrechet.between(one, two)).hasMessageStartingWith("dimensions differ: 1 vs 2");
    }
}
