package io.github.modewatch.metrics.ndb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.internal.data.KnownMixture;
import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.io.Npy;
import io.github.modewatch.io.NpyArray;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NDB's one nearest-bin rule ({@link NearestCenter}) on its two row sources: a .npy read without ND4J
 * ({@link NdbReference#evaluate(NpyArray, double)}, the command line's) and an ND4J array
 * ({@link NdbReference#evaluate(INDArray, double)}, the listener's), against a brute-force oracle (squared L2
 * distance to every bin written out here) and known mixtures.
 */
class PlainEvaluateTest {
    @TempDir
    Path tmp;

    /** A 2-D .npy of {@code samples} in {@code type}, read back without ND4J. */
    private NpyArray raw(INDArray samples, DataType type, String name) {
        Path file = tmp.resolve(name);
        Npy.write(file, samples.castTo(type));
        return Npy.open(file);
    }

    @ParameterizedTest(name = "{0} bins, {1} rows x {2} dims, max dims {3}, whiten {4}, {5}")
    @CsvSource({
        "7, 1003, 40, 40, false, FLOAT", // K and rows not multiples of the 4 x 4 block, all dims
        "13, 517, 60, 9, true, DOUBLE", // a random subset of the dims, whitened
        "4, 130, 1203, 0, true, FLOAT", // d > 1000: the reference code's d/6 dims
        "1, 5, 3, 3, false, DOUBLE", // a single bin, fewer rows than a block
    })
    void bothSourcesGiveTheBruteForceNearestBins(
            int k, int rows, int dims, int maxDims, boolean whiten, DataType type) {
        INDArray real = Nd4j.rand(DataType.DOUBLE, 4 * rows, dims).muli(3);
        NdbOptions options = NdbOptions.of(k).withWhiten(whiten).withSeed(3);
        NdbReference bins = NdbReference.fit(real, maxDims > 0 ? options.withMaxDims(maxDims) : options, Progress.NONE);
        INDArray generated =
                Nd4j.rand(DataType.DOUBLE, rows, dims).muli(3.3).subi(0.2).castTo(type);

        NdbResult gemm = bins.evaluate(generated, 0.05);
        NdbResult plain = bins.evaluate(raw(generated, type, "gen.npy"), 0.05);

        assertThat(gemm.generatedProportions()).containsExactly(bruteForceShares(bins, generated));
        assertThat(plain.generatedProportions()).containsExactly(gemm.generatedProportions());
        assertThat(plain.ndb()).isEqualTo(gemm.ndb());
        assertThat(plain.js()).isEqualTo(gemm.js());
        assertThat(plain.zScores()).containsExactly(gemm.zScores());
        assertThat(plain.generatedSize()).isEqualTo(rows);
        assertThat(plain.referenceSize()).isEqualTo(4L * rows);
    }

    /** Share of rows per bin by the definition: argmin over bins of sum over used dims of (whitened x - c)^2. */
    private static double[] bruteForceShares(NdbReference bins, INDArray samples) {
        double[][] centers = bins.centers();
        double[] mean = bins.mean();
        double[] std = bins.std();
        int[] used = bins.dims();
        double[][] x = samples.castTo(DataType.DOUBLE).toDoubleMatrix();
        long[] counts = new long[bins.bins()];
        for (double[] row : x) {
            int best = -1;
            double min = Double.POSITIVE_INFINITY;
            for (int b = 0; b < centers.length; b++) {
                double dist = 0;
                for (int j : used) {
                    double diff = (row[j] - mean[j]) / std[j] - centers[b][j];
                    dist += diff * diff;
                }
                if (dist < min) {
                    min = dist;
                    best = b;
                }
            }
            counts[best]++;
        }
        double[] shares = new double[counts.length];
        for (int b = 0; b < counts.length; b++) {
            shares[b] = (double) counts[b] / x.length;
        }
        return shares;
    }

    /**
     * The comparison above holds even for bad bins, so here the bins themselves are checked against known clusters:
     * six far-apart Gaussian clusters in 12 dims with exact row counts (weights known exactly). K-means must reach
     * the objective of the true partition (the optimum for clusters this far apart), and both paths must bin a fresh
     * draw of the mixture into exactly the known weights.
     */
    @ParameterizedTest(name = "whiten {0}, max dims {1}")
    @CsvSource({"false, 0", "true, 0", "true, 5"})
    void binsOfKnownClustersReachTheTrueObjectiveAndBothPathsGiveTheKnownWeights(boolean whiten, int maxDims) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(21);
        double[][] means = new double[6][12];
        for (double[] mean : means) {
            for (int j = 0; j < 12; j++) {
                mean[j] = 5 * (random.nextDouble() - 0.5) * (j + 1); // columns on different scales
            }
        }
        int[] counts = {700, 500, 400, 250, 100, 50};
        KnownMixture real = KnownMixture.draw(means, 0.05, counts, 22);
        INDArray pristine = real.samples().dup(); // the oracle must not read an input the fit may have changed
        NdbOptions options = NdbOptions.of(6).withWhiten(whiten).withSeed(23);
        NdbReference bins =
                NdbReference.fit(real.samples(), maxDims > 0 ? options.withMaxDims(maxDims) : options, Progress.NONE);

        double optimum = real.trueObjective(pristine, bins.mean(), bins.std(), bins.dims());
        assertThat(bins.fitSummary().objective())
                .as("K-means objective vs the true partition's")
                .isCloseTo(optimum, org.assertj.core.data.Percentage.withPercentage(1));
        double[] weights = {0.35, 0.25, 0.2, 0.125, 0.05, 0.025};
        assertThat(bins.proportions()).containsExactly(weights, org.assertj.core.api.Assertions.within(1e-12));

        INDArray fresh = KnownMixture.draw(means, 0.05, new int[] {350, 250, 200, 125, 50, 25}, 24)
                .samples();
        NdbResult gemm = bins.evaluate(fresh, 0.05);
        NdbResult plain = bins.evaluate(raw(fresh, DataType.DOUBLE, "fresh.npy"), 0.05);
        assertThat(gemm.generatedProportions()).containsExactly(weights, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(plain.generatedProportions()).containsExactly(gemm.generatedProportions());
        assertThat(plain.ndb()).isZero();
    }

    /**
     * Ring-8 with exactly 500 reference rows per mode (K = 8: a bin per mode); the generator drops modes 6 and 7 and
     * puts their share on mode 5, leaving modes 0-4 at exactly their reference share. So exactly three bins differ:
     * mode 5's (over-filled, z &lt; 0) and modes 6 and 7's (empty, z &gt; 0); the other five have z = 0.
     */
    @Test
    void droppedModesAreFlaggedTheSameWay() {
        double[][] ring = GaussianMixtures.ringMeans();
        NdbReference bins = NdbReference.fit(
                KnownMixture.draw(
                                ring, GaussianMixtures.RING_STD, new int[] {500, 500, 500, 500, 500, 500, 500, 500}, 1)
                        .samples(),
                8);
        int[] binOfMode = bins.assign(Nd4j.createFromArray(ring));
        assertThat(binOfMode).as("one bin per mode").doesNotHaveDuplicates();
        INDArray collapsed = KnownMixture.draw(
                        ring, GaussianMixtures.RING_STD, new int[] {125, 125, 125, 125, 125, 375, 0, 0}, 2)
                .samples();

        NdbResult plain = bins.evaluate(raw(collapsed, DataType.FLOAT, "few.npy"), 0.05);
        NdbResult gemm = bins.evaluate(collapsed.castTo(DataType.FLOAT), 0.05);

        for (NdbResult r : List.of(plain, gemm)) {
            assertThat(r.ndb()).isEqualTo(3);
            for (int mode = 0; mode < 8; mode++) {
                int b = binOfMode[mode];
                assertThat(r.different()[b]).as("bin of mode %d differs", mode).isEqualTo(mode >= 5);
                assertThat(r.generatedProportions()[b])
                        .as("share of mode %d", mode)
                        .isEqualTo(mode < 5 ? 0.125 : mode == 5 ? 0.375 : 0.0);
                if (mode < 5) {
                    assertThat(r.zScores()[b]).as("z of mode %d", mode).isZero();
                }
            }
            assertThat(r.zScores()[binOfMode[5]]).isNegative();
            assertThat(r.zScores()[binOfMode[6]]).isPositive();
            assertThat(r.zScores()[binOfMode[7]]).isPositive();
        }
        assertThat(plain.zScores()).containsExactly(gemm.zScores());
    }

    @Test
    void aNaNEvenInAColumnTheBinsDoNotUseIsRefusedWithItsRow() {
        INDArray real = Nd4j.rand(DataType.DOUBLE, 400, 12);
        NdbReference bins =
                NdbReference.fit(real, NdbOptions.of(3).withMaxDims(2).withSeed(1), Progress.NONE);
        int unused = java.util.stream.IntStream.range(0, 12)
                .filter(j -> java.util.Arrays.binarySearch(bins.dims(), j) < 0)
                .findFirst()
                .orElseThrow();
        INDArray generated = Nd4j.rand(DataType.DOUBLE, 50, 12);
        generated.putScalar(new long[] {37, unused}, Double.POSITIVE_INFINITY);

        assertThatThrownBy(() -> bins.evaluate(raw(generated, DataType.DOUBLE, "inf.npy"), 0.05))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("inf.npy")
                .hasMessageContaining("row 37")
                .hasMessageContaining("finite");
    }

    @Test
    void widthAndAlphaAreChecked() {
        NdbReference bins = NdbReference.fit(Nd4j.rand(DataType.DOUBLE, 100, 4), 2);
        NpyArray narrow = raw(Nd4j.rand(DataType.DOUBLE, 10, 3), DataType.DOUBLE, "narrow.npy");
        NpyArray fine = raw(Nd4j.rand(DataType.DOUBLE, 10, 4), DataType.DOUBLE, "fine.npy");

        assertThatThrownBy(() -> bins.evaluate(narrow, 0.05))
                .hasMessageContaining("3 features")
                .hasMessageContaining("4");
        assertThatThrownBy(() -> bins.evaluate(fine, 1.0)).hasMessageStartingWith("alpha = 1.0");
    }
}
