package io.github.modewatch.metrics.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PrdcTest {
    static double[][] gaussian(int n, int d, double shift, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int c = 0; c < d; c++) {
                row[c] = r.nextGaussian() + shift;
            }
        }
        return x;
    }

    /**
     * The definitions of Naeem et al. 2020 (eqs. 1-4) written out directly: distances sum_c (x_c - y_c)^2 in double,
     * radius = k-th smallest distance to the others by sorting, strict comparisons, no GEMM.
     */
    static double[] bruteForce(double[][] real, double[][] gen, int k) {
        double[] rr = radii(real, k);
        double[] rg = radii(gen, k);
        int n = real.length;
        int m = gen.length;
        boolean[] precise = new boolean[m];
        long inside = 0;
        int recalled = 0;
        int covered = 0;
        for (int i = 0; i < n; i++) {
            boolean rec = false;
            double min = Double.POSITIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                double dist = dist(real[i], gen[j]);
                min = Math.min(min, dist);
                if (dist < rr[i]) {
                    precise[j] = true;
                    inside++;
                }
                rec |= dist < rg[j];
            }
            recalled += rec ? 1 : 0;
            covered += min < rr[i] ? 1 : 0;
        }
        int p = 0;
        for (boolean b : precise) {
            p += b ? 1 : 0;
        }
        return new double[] {
            (double) p / m, (double) recalled / n, (double) inside / ((double) k * m), (double) covered / n
        };
    }

    static double[] radii(double[][] x, int k) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] d = new double[x.length - 1];
            int t = 0;
            for (int j = 0; j < x.length; j++) {
                if (j != i) {
                    d[t++] = dist(x[i], x[j]);
                }
            }
            Arrays.sort(d);
            r[i] = d[k - 1];
        }
        return r;
    }

    static double dist(double[] a, double[] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) {
            s += (a[c] - b[c]) * (a[c] - b[c]);
        }
        return Math.sqrt(s);
    }

    static double[] values(PrdcResult r) {
        return new double[] {r.precision(), r.recall(), r.density(), r.coverage()};
    }

    /**
     * d = 2,048 with generated points placed at distance r_i (1 +- 1e-9) from real points x_i, r_i being x_i's k-NN
     * radius: far below the float32 GEMM's rounding of squared distances (about 1e-6 relative here), so every one
     * of these comparisons must be decided again in float64. The oracle ({@link #bruteForce}) sums squared
     * differences in double.
     */
    @Test
    void comparisonsCloserToTheRadiusThanFloat32RoundingAreDecidedExactly() {
        int k = 5;
        double[][] real = gaussian(300, 2048, 0, 1);
        double[] r = radii(real, k);
        double[][] gen = new double[240][];
        double[][] dirs = gaussian(240, 2048, 0, 2);
        for (int j = 0; j < gen.length; j++) {
            int i = (j * 7) % real.length;
            double norm = 0;
            for (double v : dirs[j]) {
                norm += v * v;
            }
            double scale = r[i] * (1 + (j % 2 == 0 ? -1e-9 : 1e-9)) / Math.sqrt(norm);
            gen[j] = new double[2048];
            for (int c = 0; c < 2048; c++) {
                gen[j][c] = real[i][c] + scale * dirs[j][c];
            }
        }
        double[] expected = bruteForce(real, gen, k);
        PrdcResult got = Prdc.compute(Nd4j.createFromArray(real), Nd4j.createFromArray(gen), new PrdcOptions(k));
        assertThat(values(got)).containsExactly(expected, within(1e-12));
        assertThat(got.realRadii()).containsExactly(r, within(1e-9));
        // the construction puts half of the generated points just inside their real point's ball
        assertThat(got.precision()).isGreaterThanOrEqualTo(0.5);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void identicalSetsGiveOneForEveryMetric(long seed) {
        // each real ball holds its centre and its k-1 strictly nearer neighbours: density = N k / (k N) = 1
        INDArray x = Nd4j.createFromArray(gaussian(200, 8, 0, seed));
        PrdcResult r = Prdc.compute(x, x.dup(), new PrdcOptions(4));
        assertThat(values(r)).containsExactly(new double[] {1, 1, 1, 1}, within(1e-12));
    }

    @Test
    void aCollapsedGeneratorHasHighPrecisionAndLowRecallAndCoverage() {
        double[][] real = gaussian(400, 4, 0, 5);
        double[][] gen = new double[400][];
        double[][] near = gaussian(400, 4, 0, 6);
        for (int j = 0; j < gen.length; j++) { // every generated point close to the first real point
            gen[j] = new double[4];
            for (int c = 0; c < 4; c++) {
                gen[j][c] = real[0][c] + 0.05 * near[j][c];
            }
        }
        PrdcResult r = Prdc.compute(Nd4j.createFromArray(real), Nd4j.createFromArray(gen));
        assertThat(r.precision()).isGreaterThan(0.9);
        assertThat(r.recall()).isLessThan(0.05);
        assertThat(r.coverage()).isLessThan(0.05);
        assertThat(values(r)).containsExactly(bruteForce(real, gen, 5), within(1e-12));
    }

    @Test
    void floatIntegerAndDoubleInputsOfTheSameValuesAgree() {
        double[][] real = new double[50][3];
        double[][] gen = new double[40][3];
        Random r = new Random(9);
        for (double[] row : real) {
            for (int c = 0; c < 3; c++) {
                row[c] = r.nextInt(100);
            }
        }
        for (double[] row : gen) {
            for (int c = 0; c < 3; c++) {
                row[c] = r.nextInt(100) + 0.5;
            }
        }
        INDArray rd = Nd4j.createFromArray(real);
        INDArray gd = Nd4j.createFromArray(gen);
        double[] expected = values(Prdc.compute(rd, gd, new PrdcOptions(3)));
        assertThat(expected).containsExactly(bruteForce(real, gen, 3), within(1e-12));
        assertThat(values(Prdc.compute(rd.castTo(DataType.FLOAT), gd.castTo(DataType.FLOAT), new PrdcOptions(3))))
                .containsExactly(expected, within(1e-12));
        assertThat(values(Prdc.compute(rd.castTo(DataType.INT), gd, new PrdcOptions(3))))
                .containsExactly(expected, within(1e-12));
    }

    @Test
    void inputsAreNotModifiedAndResultsCopyTheirArrays() {
        INDArray x = Nd4j.createFromArray(gaussian(30, 5, 0, 3)).castTo(DataType.FLOAT);
        INDArray y = Nd4j.createFromArray(gaussian(20, 5, 0.5, 4));
        INDArray x0 = x.dup();
        INDArray y0 = y.dup();
        PrdcResult r = Prdc.compute(x, y);
        assertThat(x).isEqualTo(x0);
        assertThat(y).isEqualTo(y0);
        double first = r.realRadii()[0];
        r.realRadii()[0] = -1;
        assertThat(r.realRadii()[0]).isEqualTo(first);
        assertThat(r.realSize()).isEqualTo(30);
        assertThat(r.generatedSize()).isEqualTo(20);
    }

    @Test
    void badOptionsAndShapesGiveOneClearMessage() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 3);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 10, 3);
        assertThatThrownBy(() -> Prdc.compute(x, y, new PrdcOptions(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "k = 5 with 5 real rows: k must be below the row count of each set (a point's k-th neighbour"
                                + " excludes itself); use fewer neighbours or more rows");
        assertThatThrownBy(() -> Prdc.compute(x, Nd4j.rand(DataType.DOUBLE, 10, 4), new PrdcOptions(2)))
                .hasMessageContaining("generated features have 4 columns, real ones 3");
        assertThatThrownBy(() -> new PrdcOptions(0)).hasMessageStartingWith("k = 0: must be >= 1");
        INDArray nan = y.dup();
        nan.putScalar(3, 1, Double.NaN);
        assertThatThrownBy(() -> Prdc.compute(x, nan, new PrdcOptions(2)))
                .hasMessage("generated features: NaN at row 3, column 1; expected finite numbers only");
    }
}
