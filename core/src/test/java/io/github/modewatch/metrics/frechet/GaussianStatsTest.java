package io.github.modewatch.metrics.frechet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link GaussianStats} copies its arrays in and out ({@code dup}), accepts float32, float64, integer and view
 * inputs alike, and compares by value exactly (not with ND4J's 1e-5 tolerance).
 */
class GaussianStatsTest {
    // values exactly representable in float32, so every input type holds the same numbers
    private static final double[] MEAN = {0.5, -1.25, 3};
    private static final double[][] COV = {{2, 0.5, 0}, {0.5, 1, -0.25}, {0, -0.25, 4}};

    private static GaussianStats reference() {
        return GaussianStats.of(Nd4j.createFromArray(MEAN), Nd4j.createFromArray(COV), 100);
    }

    @Test
    void arraysAreCopiedIn() {
        INDArray mean = Nd4j.createFromArray(MEAN);
        INDArray cov = Nd4j.createFromArray(COV);
        GaussianStats s = GaussianStats.of(mean, cov, 100);
        mean.putScalar(0, 99);
        cov.putScalar(1, 1, 99);
        assertThat(s.mean()).containsExactly(MEAN);
        assertThat(s.covariance()).isDeepEqualTo(COV);
        assertThat(s).isEqualTo(reference());
    }

    @Test
    void arraysAreCopiedOut() {
        GaussianStats s = reference();
        s.mean()[0] = 99;
        s.covariance()[1][1] = 99;
        assertThat(s.mean()).containsExactly(MEAN);
        assertThat(s.covariance()).isDeepEqualTo(COV);
    }

    @Test
    void float32Float64IntegerAndViewInputsGiveEqualStats() {
        GaussianStats f64 = reference();
        GaussianStats f32 = GaussianStats.of(
                Nd4j.createFromArray(MEAN).castTo(DataType.FLOAT),
                Nd4j.createFromArray(COV).castTo(DataType.FLOAT),
                100);
        assertThat(f32).isEqualTo(f64).hasSameHashCodeAs(f64);

        GaussianStats ints = GaussianStats.of(
                Nd4j.createFromArray(new int[] {1, -2, 3}),
                Nd4j.createFromArray(new int[][] {{2, 1, 0}, {1, 1, 0}, {0, 0, 4}}),
                7);
        GaussianStats doubles = GaussianStats.of(
                Nd4j.createFromArray(new double[] {1, -2, 3}),
                Nd4j.createFromArray(new double[][] {{2, 1, 0}, {1, 1, 0}, {0, 0, 4}}),
                7);
        assertThat(ints).isEqualTo(doubles).hasSameHashCodeAs(doubles);

        // views: the mean is a row of a larger matrix, the covariance a strided block of a larger one, F order
        INDArray bigMean = Nd4j.zeros(DataType.DOUBLE, 3, 3);
        bigMean.putRow(1, Nd4j.createFromArray(MEAN));
        INDArray bigCov = Nd4j.zeros(DataType.DOUBLE, 5, 5).dup('f');
        bigCov.get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(2, 5)).assign(Nd4j.createFromArray(COV));
        INDArray covView = bigCov.get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(2, 5));
        assertThat(covView.isView()).isTrue();
        INDArray bigCovBefore = bigCov.dup();
        GaussianStats views = GaussianStats.of(bigMean.getRow(1), covView, 100);
        assertThat(views).isEqualTo(f64).hasSameHashCodeAs(f64);
        assertThat(bigCov).as("the larger array behind the view is untouched").isEqualTo(bigCovBefore);
    }

    @Test
    void statsOfFloat32AndFloat64SamplesAndOfAViewAreEqual() {
        double[][] rows = {{0, 1}, {2, 0.5}, {4, -1}, {1.5, 3}, {-2, 0.25}};
        INDArray f64 = Nd4j.createFromArray(rows);
        GaussianStats expected = GaussianStats.of(f64);
        assertThat(GaussianStats.of(f64.castTo(DataType.FLOAT))).isEqualTo(expected);
        INDArray padded = Nd4j.zeros(DataType.DOUBLE, 7, 4);
        padded.get(NDArrayIndex.interval(1, 6), NDArrayIndex.interval(1, 3)).assign(f64);
        INDArray view = padded.get(NDArrayIndex.interval(1, 6), NDArrayIndex.interval(1, 3));
        assertThat(GaussianStats.of(view)).isEqualTo(expected);
        // the unbiased variance of the first column by hand: mean 1.1, squared deviations sum to 20.2 -> 20.2 / 4
        assertThat(expected.covariance()[0][0]).isCloseTo(5.05, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void equalityIsExactNotWithinNd4jsTolerance() {
        double[][] nudged = {COV[0].clone(), COV[1].clone(), COV[2].clone()};
        nudged[2][2] = Math.nextUp(nudged[2][2]);
        GaussianStats other = GaussianStats.of(Nd4j.createFromArray(MEAN), Nd4j.createFromArray(nudged), 100);
        assertThat(Nd4j.createFromArray(nudged).equals(Nd4j.createFromArray(COV)))
                .as("ND4J's INDArray.equals calls these equal (tolerance 1e-5)")
                .isTrue();
        assertThat(other).isNotEqualTo(reference());
        assertThat(GaussianStats.of(Nd4j.createFromArray(MEAN), Nd4j.createFromArray(COV), 0))
                .isNotEqualTo(reference());
        assertThat(reference()).isEqualTo(reference()).hasSameHashCodeAs(reference());
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    /** A d x d covariance (identity plus a small symmetric band), d spanning several of the check's tiles. */
    private static double[][] band(int d) {
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            c[i][i] = 2;
            if (i + 1 < d) {
                c[i][i + 1] = 0.25;
                c[i + 1][i] = 0.25;
            }
        }
        return c;
    }

    private GaussianStats saveAndLoad(double[][] covariance) {
        java.nio.file.Path file = tmp.resolve("stats.npz");
        GaussianStats.of(new double[covariance.length], covariance, 0).save(file);
        return GaussianStats.load(file, "--real-stats");
    }

    @Test
    void loadingNamesTheFirstAsymmetricPairInRowOrderWhereverItLies() {
        double[][] c = band(150);
        c[140][3] = 0.5; // lower triangle, far tile: first in row order is (3, 140)
        c[100][120] = 0.75; // upper triangle, a later row
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> saveAndLoad(c))
                .hasMessageContaining("'sigma' is not symmetric (sigma[3][140] = 0.0 but sigma[140][3] = 0.5)");
    }

    @Test
    void loadingAcceptsAsymmetryWithinFloat32Rounding() {
        double[][] c = band(150);
        c[149][0] = 1e-6; // within 1e-5 of the largest variance (2)
        assertThat(saveAndLoad(c).covariance()).isDeepEqualTo(c);
    }
}
