package io.github.modewatch.metrics.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.modewatch.metrics.frechet.FrechetResult;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FeatureFrechetTest {
    /** Dowson & Landau 1982 in one dimension: FD = (mu1 - mu2)^2 + (sigma1 - sigma2)^2 (sample std, n - 1). */
    @Test
    void oneDimensionalFeaturesGiveTheClosedForm() {
        double[] a = {1, 2, 4, 7};
        double[] b = {0, 3, 3, 10, 9};
        double[][] ac = new double[a.length][1];
        double[][] bc = new double[b.length][1];
        for (int i = 0; i < a.length; i++) {
            ac[i][0] = a[i];
        }
        for (int i = 0; i < b.length; i++) {
            bc[i][0] = b[i];
        }
        double expected = Math.pow(mean(a) - mean(b), 2) + Math.pow(std(a) - std(b), 2);

        FrechetResult r64 = FeatureFrechet.between(Nd4j.createFromArray(ac), Nd4j.createFromArray(bc));
        FrechetResult r32 = FeatureFrechet.between(
                Nd4j.createFromArray(ac).castTo(DataType.FLOAT),
                Nd4j.createFromArray(bc).castTo(DataType.INT));

        assertThat(r64.distance()).isCloseTo(expected, within(1e-10));
        assertThat(r32.distance()).isCloseTo(expected, within(1e-10));
        assertThat(r64.meanTerm()).isCloseTo(Math.pow(mean(a) - mean(b), 2), within(1e-12));
    }

    @Test
    void aColumnViewGivesTheSameDistanceAsItsCopy() {
        INDArray big = Nd4j.rand(DataType.DOUBLE, 40, 6);
        INDArray view = big.get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4));
        INDArray other = Nd4j.rand(DataType.DOUBLE, 30, 3).addi(0.2);
        assertThat(FeatureFrechet.between(view, other).distance())
                .isCloseTo(FeatureFrechet.between(view.dup(), other).distance(), within(1e-12));
    }

    @Test
    void mismatchedWidthsAndSingleRowsAreRefused() {
        assertThatThrownBy(() -> FeatureFrechet.between(Nd4j.rand(5, 3), Nd4j.rand(5, 4)))
                .hasMessageContaining("generated features have 4 columns, real ones 3");
        assertThatThrownBy(() -> FeatureFrechet.between(Nd4j.rand(1, 3), Nd4j.rand(5, 3)))
                .hasMessageContaining("real features have shape [1, 3]; expected n x d with n >= 2");
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
