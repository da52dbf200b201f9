package io.github.modewatch.metrics.frechet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.modewatch.io.Npy;
import io.github.modewatch.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FrechetDistanceTest {

    private static GaussianStats gaussian(double[] mean, double[][] cov) {
        return new GaussianStats(Nd4j.createFromArray(mean), Nd4j.createFromArray(cov), 0);
    }

    @Test
    void oneDimensionalGaussiansMatchTheClosedForm() {
        // d^2(N(m1, s1^2), N(m2, s2^2)) = (m1 - m2)^2 + (s1 - s2)^2 (Dowson & Landau 1982)
        FrechetResult r = FrechetDistance.between(gaussian(new double[] {1.0}, new double[][] {{4.0}}),
                gaussian(new double[] {-2.0}, new double[][] {{0.25}}));
        assertThat(r.meanTerm()).isCloseTo(9.0, within(1e-12));
        assertThat(r.covarianceTerm()).isCloseTo(Math.pow(2.0 - 0.5, 2), within(1e-12));
        assertThat(r.distance()).isCloseTo(9.0 + 2.25, within(1e-12));
    }

    @Test
    void diagonalCovariancesGiveSumOfSquaredStdDifferences() {
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
        FrechetResult r = FrechetDistance.between(gaussian(new double[4], sa), gaussian(new double[4], sb));
        assertThat(r.covarianceTerm()).isCloseTo(expected, within(1e-10));
        assertThat(r.meanTerm()).isZero();
    }

    @Test
    void matchesScipySqrtmRouteOnNumpyWrittenStats() throws IOException {
        // Oracle: numpy/scipy (scipy.linalg.sqrtm route as in pytorch-fid), computed by make_fixtures.py.
        double expected = Double.parseDouble(Files.readString(Fixtures.numpy("stats_expected.txt")).strip());
        FrechetResult fromStats = FrechetDistance.between(GaussianStats.load(Fixtures.numpy("stats_a.npz"), ""),
                GaussianStats.load(Fixtures.numpy("stats_b.npz"), ""));
        assertThat(fromStats.distance()).isCloseTo(expected, within(1e-9 * expected));
        INDArray x = Npy.read(Fixtures.numpy("samples_a.npy"));
        INDArray y = Npy.read(Fixtures.numpy("samples_b.npy"));
        assertThat(FrechetDistance.between(x, y).distance()).isCloseTo(expected, within(1e-9 * expected));
    }

    @Test
    void toleratesRankDeficientCovarianceOfAClassThatNeverOccurs() {
        // Segmentation tallies: class 2 never occurs, so its row and column of the covariance are 0.
        double[][] cov = {{2, 0.5, 0}, {0.5, 1, 0}, {0, 0, 0}};
        FrechetResult same = FrechetDistance.between(gaussian(new double[] {50, 50, 0}, cov),
                gaussian(new double[] {50, 50, 0}, cov));
        assertThat(same.distance()).isCloseTo(0.0, within(1e-9));
        assertThat(Double.isFinite(same.distance())).isTrue();
    }

    @Test
    void singularFirstCovarianceStillMatchesTheClosedForm() {
        // S1 is singular (Cholesky of S1 fails), S2 is positive definite: the product is factored through S2.
        double[] a = {0, 4, 9};
        double[] b = {4, 4, 1};
        assertThat(FrechetDistance.between(diagonal(a), diagonal(b)).covarianceTerm())
                .isCloseTo(diagonalCovarianceTerm(a, b), within(1e-10));
        assertThat(FrechetDistance.between(diagonal(b), diagonal(a)).covarianceTerm())
                .isCloseTo(diagonalCovarianceTerm(a, b), within(1e-10));
    }

    @Test
    void bothCovariancesSingularFallBackToTheEigenRoute() {
        double[] a = {0, 4, 1};
        double[] b = {1, 0, 1};
        FrechetResult r = FrechetDistance.between(diagonal(a), diagonal(b));
        assertThat(r.covarianceTerm()).isCloseTo(diagonalCovarianceTerm(a, b), within(1e-10));
        assertThat(r.clampedEigenvalueMass()).isLessThan(1e-12);
    }

    @RepeatedTest(5)
    void cpuTriangularProductEqualsTheGeneralProduct(RepetitionInfo info) {
        SplittableRandom random = new SplittableRandom(100 + info.getCurrentRepetition());
        int n = 1 + random.nextInt(70);
        double[][] lower = new double[n][n];
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                w[i][j] = random.nextGaussian();
                if (j <= i) {
                    lower[i][j] = random.nextGaussian();
                }
            }
        }
        INDArray l = Nd4j.createFromArray(lower);
        INDArray expected = Nd4j.gemm(l, Nd4j.gemm(Nd4j.createFromArray(w), l, false, false), true, false);
        INDArray lf = l.dup('f');
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                lf.putScalar(i, j, 1e6);   // the upper triangle must be ignored
            }
        }
        INDArray got = Nd4j.createFromArray(w).dup('f');
        CpuTriangularProduct.congruence(lf, got);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(got.getDouble(i, j)).isCloseTo(expected.getDouble(i, j),
                        within(1e-10 * Math.max(1, Math.abs(expected.getDouble(i, j)))));
            }
        }
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
        assertThat(FrechetDistance.between(x, x).distance()).isCloseTo(0.0, within(1e-9 * x.norm2Number().doubleValue()));
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
