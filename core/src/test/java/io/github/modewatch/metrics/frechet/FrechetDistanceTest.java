package io.github.modewatch.metrics.frechet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.modewatch.Fixtures;
import io.github.modewatch.internal.linalg.LinearAlgebra;
import io.github.modewatch.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one Fréchet algorithm, on every linear-algebra backend (OpenBLAS called directly, ND4J), against closed
 * forms and scipy.
 */
class FrechetDistanceTest {

    static List<LinearAlgebra> backends() {
        return List.of(LinearAlgebra.openBlas(), LinearAlgebra.nd4j());
    }

    private static GaussianStats gaussian(double[] mean, double[][] cov) {
        return GaussianStats.of(mean, cov, 0);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void oneDimensionalGaussiansMatchTheClosedForm(LinearAlgebra algebra) {
        // d^2(N(m1, s1^2), N(m2, s2^2)) = (m1 - m2)^2 + (s1 - s2)^2 (Dowson & Landau 1982)
        FrechetResult r = FrechetDistance.between(
                gaussian(new double[] {1.0}, new double[][] {{4.0}}),
                gaussian(new double[] {-2.0}, new double[][] {{0.25}}),
                algebra);
        assertThat(r.meanTerm()).isCloseTo(9.0, within(1e-12));
        assertThat(r.covarianceTerm()).isCloseTo(Math.pow(2.0 - 0.5, 2), within(1e-12));
        assertThat(r.distance()).isCloseTo(9.0 + 2.25, within(1e-12));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void diagonalCovariancesGiveSumOfSquaredStdDifferences(LinearAlgebra algebra) {
        // For commuting (diagonal) S1, S2: Tr(S1 + S2 - 2 sqrt(S1 S2)) = sum_i (sqrt(a_i) - sqrt(b_i))^2
        double[] a = {1, 4, 9, 0.01};
        double[] b = {4, 4, 1, 0.09};
        double expected = 0;
        double[][] sa = new double[4][4];
        double[][] sb = new double[4][4];
        for (int i = 0; i < 4; i++) {
            sa[i][i] = a[i];
            sb[i][i] = b[i];
            expected += Math.pow(Math.sqrt(a[i]) - Math.sqrt(b[i]), 2);
        }
        FrechetResult r = FrechetDistance.between(gaussian(new double[4], sa), gaussian(new double[4], sb), algebra);
        assertThat(r.covarianceTerm()).isCloseTo(expected, within(1e-10));
        assertThat(r.meanTerm()).isZero();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void matchesScipySqrtmRouteOnNumpyWrittenStats(LinearAlgebra algebra) throws IOException {
        // Oracle: numpy/scipy (scipy.linalg.sqrtm route as in pytorch-fid), computed by make_fixtures.py.
        double expected = Double.parseDouble(
                Files.readString(Fixtures.numpy("stats_expected.txt")).strip());
        FrechetResult fromStats = FrechetDistance.between(
                GaussianStats.load(Fixtures.numpy("stats_a.npz"), ""),
                GaussianStats.load(Fixtures.numpy("stats_b.npz"), ""),
                algebra);
        assertThat(fromStats.distance()).isCloseTo(expected, within(1e-9 * expected));
        INDArray x = Npy.read(Fixtures.numpy("samples_a.npy"));
        INDArray y = Npy.read(Fixtures.numpy("samples_b.npy"));
        assertThat(FrechetDistance.between(GaussianStats.of(x), GaussianStats.of(y), algebra)
                        .distance())
                .isCloseTo(expected, within(1e-9 * expected));
    }

    /**
     * Dense, correlated covariances with a closed form: for S2 = c^2 S1, (S1 S2)^(1/2) = c S1, so the covariance
     * term is (1 - c)^2 Tr(S1). S1 full rank takes the Cholesky route; S1 of rank 3 in 6 dimensions (both
     * singular) the eigen route.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void denseScaledCovariancesMatchTheClosedFormOnEveryRoute(LinearAlgebra algebra) {
        SplittableRandom random = new SplittableRandom(5);
        for (int rank : new int[] {6, 3}) {
            double[][] a = new double[6][rank];
            for (double[] row : a) {
                for (int j = 0; j < rank; j++) {
                    row[j] = random.nextGaussian();
                }
            }
            double[][] s1 = new double[6][6];
            double[][] s2 = new double[6][6];
            double c = 1.7;
            double trace = 0;
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    for (int l = 0; l < rank; l++) {
                        s1[i][j] += a[i][l] * a[j][l];
                    }
                    s2[i][j] = c * c * s1[i][j];
                }
                trace += s1[i][i];
            }
            FrechetResult r =
                    FrechetDistance.between(gaussian(new double[6], s1), gaussian(new double[6], s2), algebra);
            // the eigen route takes square roots of S1's zero eigenvalues (~1e-16 after rounding, ~1e-8 as roots)
            double tolerance = rank == 6 ? 1e-10 : 1e-6;
            assertThat(r.covarianceTerm())
                    .as("rank %d", rank)
                    .isCloseTo((1 - c) * (1 - c) * trace, within(tolerance * trace));
        }
    }

    @Test
    void differentWidthsAreRefused() {
        GaussianStats one = gaussian(new double[] {0}, new double[][] {{1}});
        GaussianStats two = gaussian(new double[] {0, 0}, new double[][] {{1, 0}, {0, 1}});
        assertThatThrownBy(() -> FrechetDistance.between(one, two)).hasMessageStartingWith("dimensions differ: 1 vs 2");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void toleratesRankDeficientCovarianceOfAClassThatNeverOccurs(LinearAlgebra algebra) {
        // Segmentation tallies: class 2 never occurs, so its row and column of the covariance are 0.
        double[][] cov = {{2, 0.5, 0}, {0.5, 1, 0}, {0, 0, 0}};
        FrechetResult same = FrechetDistance.between(
                gaussian(new double[] {50, 50, 0}, cov), gaussian(new double[] {50, 50, 0}, cov), algebra);
        assertThat(same.distance()).isCloseTo(0.0, within(1e-9));
        assertThat(Double.isFinite(same.distance())).isTrue();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void singularFirstCovarianceStillMatchesTheClosedForm(LinearAlgebra algebra) {
        // S1 is singular (Cholesky of S1 fails), S2 is positive definite: the product is factored through S2.
        double[] a = {0, 4, 9};
        double[] b = {4, 4, 1};
        assertThat(FrechetDistance.between(diagonal(a), diagonal(b), algebra).covarianceTerm())
                .isCloseTo(diagonalCovarianceTerm(a, b), within(1e-10));
        assertThat(FrechetDistance.between(diagonal(b), diagonal(a), algebra).covarianceTerm())
                .isCloseTo(diagonalCovarianceTerm(a, b), within(1e-10));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void bothCovariancesSingularFallBackToTheEigenRoute(LinearAlgebra algebra) {
        double[] a = {0, 4, 1};
        double[] b = {1, 0, 1};
        FrechetResult r = FrechetDistance.between(diagonal(a), diagonal(b), algebra);
        assertThat(r.covarianceTerm()).isCloseTo(diagonalCovarianceTerm(a, b), within(1e-10));
        assertThat(r.clampedEigenvalueMass()).isLessThan(1e-12);
    }

    private static GaussianStats diagonal(double[] variances) {
        double[][] cov = new double[variances.length][variances.length];
        for (int i = 0; i < variances.length; i++) {
            cov[i][i] = variances[i];
        }
        return gaussian(new double[variances.length], cov);
    }

    private static double diagonalCovarianceTerm(double[] a, double[] b) {
        double expected = 0;
        for (int i = 0; i < a.length; i++) {
            expected += Math.pow(Math.sqrt(a[i]) - Math.sqrt(b[i]), 2);
        }
        return expected;
    }

    @RepeatedTest(10)
    void isNonNegativeSymmetricAndZeroForIdenticalSets(RepetitionInfo info) {
        SplittableRandom random = new SplittableRandom(info.getCurrentRepetition());
        int d = 1 + random.nextInt(12);
        INDArray x = randomSamples(random, 40 + random.nextInt(100), d);
        INDArray y = randomSamples(random, 40 + random.nextInt(100), d);
        FrechetResult xy = FrechetDistance.between(x, y);
        FrechetResult yx = FrechetDistance.between(y, x);
        assertThat(xy.distance()).isGreaterThanOrEqualTo(0.0);
        assertThat(xy.distance()).isCloseTo(yx.distance(), within(1e-9 * Math.max(1, xy.distance())));
        assertThat(FrechetDistance.between(x, x).distance())
                .isCloseTo(0.0, within(1e-9 * x.norm2Number().doubleValue()));
    }

    private static INDArray randomSamples(SplittableRandom random, int n, int d) {
        double[][] rows = new double[n][d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            scale[j] = 0.1 + 3 * random.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            double shared = random.nextGaussian();
            for (int j = 0; j < d; j++) {
                rows[i][j] = scale[j] * (random.nextGaussian() + 0.5 * shared) + j;
            }
        }
        return Nd4j.createFromArray(rows);
    }
}
