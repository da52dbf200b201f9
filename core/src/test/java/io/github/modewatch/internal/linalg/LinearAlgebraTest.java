package io.github.modewatch.internal.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each backend's operations against products written out in plain Java (the definitions). */
class LinearAlgebraTest {

    static Stream<Arguments> cases() {
        return Stream.of(LinearAlgebra.openBlas(), LinearAlgebra.nd4j())
                .flatMap(b -> Stream.of(1, 7, 64).map(n -> Arguments.of(b, n)));
    }

    private static double[] product(double[] a, boolean ta, double[] b, boolean tb, int n) { // column-major
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int l = 0; l < n; l++) {
                    s += (ta ? a[i * n + l] : a[l * n + i]) * (tb ? b[l * n + j] : b[j * n + l]);
                }
                c[j * n + i] = s;
            }
        }
        return c;
    }

    @ParameterizedTest(name = "{0}, n = {1}")
    @MethodSource("cases")
    void congruenceIsLTransposedWLAndIgnoresTheUpperTriangleOfL(LinearAlgebra algebra, int n) {
        SplittableRandom random = new SplittableRandom(n);
        double[] lower = new double[n * n];
        double[] garbage = new double[n * n];
        double[] w = new double[n * n];
        for (int col = 0; col < n; col++) {
            for (int row = 0; row < n; row++) {
                w[col * n + row] = random.nextGaussian();
                if (row >= col) {
                    lower[col * n + row] = random.nextGaussian();
                    garbage[col * n + row] = lower[col * n + row];
                } else {
                    garbage[col * n + row] = 1e6; // the upper triangle must be ignored
                }
            }
        }
        double[] expected = product(lower, true, product(w, false, lower, false, n), false, n);
        try (LinearAlgebra.Square l = algebra.square(garbage, n);
                LinearAlgebra.Square got = algebra.square(w, n)) {
            algebra.congruence(l, got);
            double[] g = got.toArray();
            for (int i = 0; i < n * n; i++) {
                assertThat(g[i]).isCloseTo(expected[i], within(1e-10 * Math.max(1, Math.abs(expected[i]))));
            }
        }
    }

    @ParameterizedTest(name = "{0}, n = {1}")
    @MethodSource("cases")
    void choleskyEigenvaluesAndProductsMatchTheirDefinitions(LinearAlgebra algebra, int n) {
        SplittableRandom random = new SplittableRandom(100 + n);
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextGaussian();
        }
        double[] spd = product(a, false, a, true, n); // A A^T + n I: symmetric positive definite
        for (int i = 0; i < n; i++) {
            spd[i * n + i] += n;
        }
        try (LinearAlgebra.Square s = algebra.square(spd, n)) {
            assertThat(algebra.cholesky(s)).isTrue();
            double[] l = s.toArray();
            for (int col = 0; col < n; col++) {
                for (int row = 0; row < col; row++) {
                    l[col * n + row] = 0; // potrf leaves the upper triangle undefined
                }
            }
            double[] back = product(l, false, l, true, n);
            for (int i = 0; i < n * n; i++) {
                assertThat(back[i]).isCloseTo(spd[i], within(1e-9 * n));
            }
        }
        double trace = 0;
        double frobenius = 0;
        for (int i = 0; i < n; i++) {
            trace += spd[i * n + i];
            for (int j = 0; j < n; j++) {
                frobenius += spd[i * n + j] * spd[i * n + j];
            }
        }
        try (LinearAlgebra.Square s = algebra.square(spd, n)) {
            double[] lambda = algebra.eigenvalues(s);
            // sum of eigenvalues = trace, sum of squares = squared Frobenius norm (symmetric matrix)
            assertThat(java.util.Arrays.stream(lambda).sum()).isCloseTo(trace, within(1e-9 * trace));
            assertThat(java.util.Arrays.stream(lambda).map(x -> x * x).sum())
                    .isCloseTo(frobenius, within(1e-9 * frobenius));
        }
        try (LinearAlgebra.Square s = algebra.square(spd, n)) {
            double[] lambda = algebra.eigenvectors(s);
            double[] v = s.toArray();
            double[] av = product(spd, false, v, false, n);
            for (int col = 0; col < n; col++) {
                for (int row = 0; row < n; row++) { // A v = lambda v, column by column
                    assertThat(av[col * n + row]).isCloseTo(lambda[col] * v[col * n + row], within(1e-8 * trace));
                }
            }
        }
        double[] b = a.clone();
        try (LinearAlgebra.Square x = algebra.square(a, n);
                LinearAlgebra.Square y = algebra.square(b, n);
                LinearAlgebra.Square p = algebra.multiply(x, true, y, false)) {
            double[] expected = product(a, true, b, false, n);
            double[] got = p.toArray();
            for (int i = 0; i < n * n; i++) {
                assertThat(got[i]).isCloseTo(expected[i], within(1e-10 * n));
            }
        }
    }

    @ParameterizedTest(name = "{0}, n = {1}")
    @MethodSource("cases")
    void aMatrixThatIsNotPositiveDefiniteIsReportedNotFactored(LinearAlgebra algebra, int n) {
        double[] ones = new double[n * n];
        java.util.Arrays.fill(ones, 1.0);
        ones[0] = n == 1 ? -1.0 : 1.0; // n = 1: a negative number; otherwise the rank-1 all-ones matrix
        try (LinearAlgebra.Square s = algebra.square(ones, n)) {
            assertThat(algebra.cholesky(s)).isFalse();
        }
    }

    @Test
    void dotsAreRowTimesCenterProductsOnBothBackends() {
        SplittableRandom random = new SplittableRandom(9);
        int m = 303; // more than one chunk of the CPU kernel, and a last chunk that is not a multiple of 4
        // small and odd shapes, and a block of more rows and dimensions than one chunk of the CPU kernel
        for (int[] shape : new int[][] {{5, 3}, {8, 8}, {1, 1}, {13, 10}, {130, 101}}) {
            int rows = shape[0];
            int k = shape[1];
            double[] x = random.doubles(rows * m, -2, 2).toArray();
            double[] c = random.doubles(k * m, -2, 2).toArray();
            for (LinearAlgebra algebra : List.of(LinearAlgebra.openBlas(), LinearAlgebra.nd4j())) {
                double[] dots = new double[rows * k];
                algebra.dots(x, rows, c, k, m, dots);
                for (int i = 0; i < rows; i++) {
                    for (int b = 0; b < k; b++) {
                        double expected = 0;
                        for (int j = 0; j < m; j++) {
                            expected += x[i * m + j] * c[b * m + j];
                        }
                        assertThat(dots[i * k + b])
                                .as("%s, %d x %d row %d centre %d", algebra.name(), rows, k, i, b)
                                .isCloseTo(expected, within(1e-12));
                        if (algebra == LinearAlgebra.openBlas()) { // the CPU kernel sums in order: same bits
                            assertThat(Double.doubleToRawLongBits(dots[i * k + b]))
                                    .as("bits, %d x %d row %d centre %d", rows, k, i, b)
                                    .isEqualTo(Double.doubleToRawLongBits(expected));
                        }
                    }
                }
            }
        }
    }

    @Test
    void theProcessBackendIsOpenBlasOnThisCpuBuildUnlessForced() {
        // the test JVM has nd4j-native, not nd4j-cuda, on its class path
        assertThat(LinearAlgebra.get().name())
                .isEqualTo(
                        System.getProperty("modewatch.linalg", "").isBlank()
                                ? "openblas"
                                : System.getProperty("modewatch.linalg"));
    }
}
