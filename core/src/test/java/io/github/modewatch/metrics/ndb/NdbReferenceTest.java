package io.github.modewatch.metrics.ndb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.internal.data.KnownMixture;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NdbReferenceTest {

    @Test
    void ringWithDroppedModesIsFlagged() {
        // PacGAN ring-8; a generator that covers only 5 of the 8 modes.
        NdbReference bins = NdbReference.fit(GaussianMixtures.ring8(8_000, 1), 16);
        INDArray generated = GaussianMixtures.sample(
                GaussianMixtures.keep(GaussianMixtures.ringMeans(), 0, 1, 2, 4, 6),
                GaussianMixtures.RING_STD,
                2_000,
                2);

        NdbResult result = bins.evaluate(generated, 0.05);

        // 3 of 8 modes missing: every bin on a missing mode is empty in the generated set, every other bin is
        // over-filled by 8/5, so (nearly) all bins differ.
        assertThat(result.ndbFraction()).isGreaterThan(0.5);
        assertThat(result.js()).isGreaterThan(0.1);
        long missingBins =
                Arrays.stream(result.generatedProportions()).filter(p -> p == 0).count();
        assertThat(missingBins).isGreaterThanOrEqualTo(3);
    }

    @Test
    void gridWithFiveDroppedModesIsFlagged() {
        NdbReference bins = NdbReference.fit(GaussianMixtures.grid25(10_000, 3), 25);
        int[] kept =
                java.util.stream.IntStream.range(0, 25).filter(i -> i % 5 != 0).toArray(); // drop 5 modes
        INDArray generated = GaussianMixtures.sample(
                GaussianMixtures.keep(GaussianMixtures.gridMeans(), kept), GaussianMixtures.GRID_STD, 5_000, 4);

        NdbResult result = bins.evaluate(generated, 0.05);

        boolean[] different = result.different();
        double[] z = result.zScores();
        int missing = 0;
        for (int b = 0; b < result.bins(); b++) {
            if (result.generatedProportions()[b] == 0) {
                missing++;
                assertThat(different[b])
                        .as("empty generated bin %d is different", b)
                        .isTrue();
                assertThat(z[b]).as("a missing mode has positive z").isPositive();
            }
        }
        assertThat(missing).isEqualTo(5);
        assertThat(result.ndb()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void samplesOfTheReferenceDistributionGiveNdbNearAlphaAcrossSeeds() {
        // Calibration: under the null, each bin is flagged with probability ~alpha, so NDB/K averages ~alpha.
        int seeds = 12;
        double sum = 0;
        double max = 0;
        for (int seed = 0; seed < seeds; seed++) {
            NdbReference bins = NdbReference.fit(
                    GaussianMixtures.ring8(10_000, 100 + seed),
                    NdbOptions.of(20).withSeed(seed),
                    Progress.NONE);
            NdbResult result = bins.evaluate(GaussianMixtures.ring8(2_000, 200 + seed), 0.05);
            sum += result.ndbFraction();
            max = Math.max(max, result.ndbFraction());
        }
        double mean = sum / seeds;
        assertThat(mean).as("mean NDB/K over %d seeds", seeds).isBetween(0.0, 0.10);
        assertThat(max).as("worst seed's NDB/K").isLessThanOrEqualTo(0.25);
    }

    @Test
    void ndbFractionStaysInUnitIntervalAndJsBelowLn2ForArbitraryGenerators() {
        NdbReference bins = NdbReference.fit(GaussianMixtures.grid25(3_000, 5), 30);
        for (int seed = 0; seed < 20; seed++) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            int modes = 1 + random.nextInt(25);
            int[] kept = random.ints(0, 25).distinct().limit(modes).toArray();
            INDArray generated = GaussianMixtures.sample(
                    GaussianMixtures.keep(GaussianMixtures.gridMeans(), kept),
                    random.nextDouble(),
                    1 + random.nextInt(500),
                    seed);
            NdbResult r = bins.evaluate(generated, 0.05);
            assertThat(r.ndbFraction()).isBetween(0.0, 1.0);
            assertThat(r.js()).isBetween(0.0, Math.log(2) + 1e-12);
            assertThat(Arrays.stream(r.generatedProportions()).sum()).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void binsAreSortedBySizeAndProportionsComeFromTheAssignmentRule() {
        NdbReference bins = NdbReference.fit(GaussianMixtures.ring8(4_000, 6), 10);
        double[] p = bins.proportions();
        for (int b = 1; b < p.length; b++) {
            assertThat(p[b]).isLessThanOrEqualTo(p[b - 1]);
        }
        int[] labels = bins.assign(GaussianMixtures.ring8(4_000, 6));
        double[] recomputed = new double[bins.bins()];
        for (int label : labels) {
            recomputed[label] += 1.0 / labels.length;
        }
        assertThat(recomputed).containsExactly(p, within(1e-12));
    }

    @Test
    void centersAreMemberMeansOverAllDimensionsWhileAssignmentUsesTheSubset() {
        // Two well separated clusters in 12 dims; K-means sees only 3 of them.
        double[][] means = {new double[12], new double[12]};
        Arrays.fill(means[1], 10.0);
        INDArray samples = GaussianMixtures.sample(means, 0.1, 400, 8);
        NdbReference bins = NdbReference.fit(samples, NdbOptions.of(2).withMaxDims(3), Progress.NONE);

        assertThat(bins.dims()).hasSize(3);
        int[] labels = bins.assign(samples);
        for (int b = 0; b < 2; b++) {
            double[] memberMean = new double[12];
            int count = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == b) {
                    count++;
                    for (int j = 0; j < 12; j++) {
                        memberMean[j] += samples.getDouble(i, j);
                    }
                }
            }
            for (int j = 0; j < 12; j++) {
                memberMean[j] /= count;
            }
            assertThat(bins.centers()[b]).containsExactly(memberMean, within(1e-9));
        }
    }

    @Test
    void highDimensionalDataUsesASixthOfTheDimensionsByDefault() {
        assertThat(NdbOptions.of(10).usedDimensions(1000)).isEqualTo(1000);
        assertThat(NdbOptions.of(10).usedDimensions(1001)).isEqualTo(166);
        assertThat(NdbOptions.of(10).usedDimensions(12_288)).isEqualTo(2_048);
        assertThat(NdbOptions.of(10).withMaxDims(50).usedDimensions(12_288)).isEqualTo(50);
        INDArray samples = Nd4j.rand(DataType.FLOAT, 300, 1200);
        NdbReference bins = NdbReference.fit(samples, NdbOptions.of(3), Progress.NONE);
        assertThat(bins.dims()).hasSize(200).doesNotHaveDuplicates().isSorted();
        assertThat(bins.centers()[0]).hasSize(1200);
    }

    @Test
    void savedAndLoadedBinsEvaluateAndReadBackAsTheFittedOnes(@TempDir Path tmp) {
        // d = 1,200 > 1,000: a sixth of the dimensions is used, so loaded bins keep only those columns until the
        // whole K x d array is asked for; K x d float64 centres of 64 KiB and more are read where they lie in the file
        for (boolean whiten : new boolean[] {false, true}) {
            INDArray real = Nd4j.rand(DataType.FLOAT, 400, 1200).muli(3);
            NdbReference fitted = NdbReference.fit(real, NdbOptions.of(8).withWhiten(whiten), Progress.NONE);
            Path file = tmp.resolve("bins-" + whiten + ".npz");
            fitted.save(file);
            NdbReference loaded = NdbReference.load(file);
            INDArray generated = Nd4j.rand(DataType.DOUBLE, 300, 1200).muli(3).addi(0.2);
            assertThat(loaded.evaluate(generated, 0.05)).isEqualTo(fitted.evaluate(generated, 0.05));
            assertThat(loaded.assign(real)).isEqualTo(fitted.assign(real));
            assertThat(loaded.bins()).isEqualTo(fitted.bins());
            double[][] fittedCenters = fitted.centers();
            double[][] loadedCenters = loaded.centers();
            for (int b = 0; b < fittedCenters.length; b++) {
                assertThat(loadedCenters[b]).containsExactly(fittedCenters[b]);
            }
            assertThat(loaded.toArrays().get("centers"))
                    .isEqualTo(fitted.toArrays().get("centers"));
        }
    }

    @Test
    void loadedBinsWithANonFiniteCentreValueAreRefusedNamingTheRowEvenInAnUnusedColumn(@TempDir Path tmp) {
        NdbReference fitted = NdbReference.fit(Nd4j.rand(DataType.DOUBLE, 400, 1200), NdbOptions.of(8), Progress.NONE);
        int unused = IntStream.range(0, 1200)
                .filter(j -> Arrays.binarySearch(fitted.dims(), j) < 0)
                .findFirst()
                .orElseThrow();
        java.util.Map<String, INDArray> arrays = fitted.toArrays();
        arrays.get("centers").putScalar(5, unused, Double.POSITIVE_INFINITY);
        Path file = tmp.resolve("bad.npz");
        io.github.modewatch.io.Npz.write(file, arrays);
        assertThatThrownBy(() -> NdbReference.load(file))
                .isInstanceOf(io.github.modewatch.io.InvalidInputException.class)
                .hasMessageContaining("bad.npz")
                .hasMessageContaining("'centers' holds Infinity (row 5)");
    }

    @Test
    void whiteningUsesPopulationStdPlusEpsilon() {
        INDArray samples = Nd4j.createFromArray(new double[][] {{1, 10}, {3, 10}, {5, 10}, {7, 10}});
        NdbReference bins = NdbReference.fit(samples, NdbOptions.of(2).withWhiten(true), Progress.NONE);
        assertThat(bins.mean()).containsExactly(new double[] {4, 10}, within(1e-12));
        // population std of {1,3,5,7} is sqrt(5); a constant column gets std 0 + 1e-6
        assertThat(bins.std()).containsExactly(new double[] {Math.sqrt(5) + 1e-6, 1e-6}, within(1e-12));
        assertThat(samples.toDoubleMatrix())
                .as("input after fit")
                .isDeepEqualTo(new double[][] {{1, 10}, {3, 10}, {5, 10}, {7, 10}});
        // the two clusters are {1, 3} and {5, 7} (two bins of equal size, so either may come first)
        int[] labels = bins.assign(samples);
        assertThat(labels[1]).isEqualTo(labels[0]);
        assertThat(labels[3]).isEqualTo(labels[2]).isNotEqualTo(labels[0]);
    }

    /**
     * Four clusters far apart compared with their spread, with columns on scales 1 and 1,000 (whitening brings both
     * to about 1; without it the spread of the large column outweighs the small column's gap and K-means cuts the
     * clusters differently) and known weights 0.4 / 0.3 / 0.2 / 0.1 as exact row counts. The oracle is the mixture itself:
     * every true cluster must become one bin holding exactly its rows, bins sorted by weight, centres the whitened
     * member means, and the caller's matrix must be bit for bit what it was (ce4ccb3: a float64 input was
     * overwritten with (x - mean)^2 while whitening, and the bins were fitted on that).
     */
    @ParameterizedTest(name = "{0} input")
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT", "DOUBLE"})
    void whitenedFitRecoversKnownClustersAndLeavesTheInputBitIdentical(DataType type) {
        double[][] means = {{-1, -1000}, {1, -1000}, {-1, 1000}, {1, 1000}};
        double[] spread = {0.05, 50};
        int[] counts = {800, 600, 400, 200};
        KnownMixture mixture = KnownMixture.draw(means, spread, counts, 11);
        INDArray samples = mixture.samples().castTo(type);
        double[] before = samples.dup().data().asDouble();

        NdbReference bins =
                NdbReference.fit(samples, NdbOptions.of(4).withWhiten(true).withSeed(2), Progress.NONE);

        // whitening statistics, computed here in plain double from the input's own values
        int n = mixture.rows();
        double[] mean = new double[2];
        double[] std = new double[2];
        for (int j = 0; j < 2; j++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += before[2 * i + j];
            }
            mean[j] = sum / n;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                squares += (before[2 * i + j] - mean[j]) * (before[2 * i + j] - mean[j]);
            }
            std[j] = Math.sqrt(squares / n) + NdbReference.WHITENING_EPSILON;
        }
        assertThat(bins.mean()).containsExactly(mean, within(1e-9));
        assertThat(bins.std()).containsExactly(std, within(1e-9));

        // every cluster is exactly one bin; weights 0.4 > 0.3 > 0.2 > 0.1 put cluster i in bin i
        int[] labels = bins.assign(samples);
        for (int i = 0; i < n; i++) {
            assertThat(labels[i])
                    .as("bin of row %d (cluster %d)", i, mixture.modes()[i])
                    .isEqualTo(mixture.modes()[i]);
        }
        assertThat(bins.proportions()).containsExactly(new double[] {0.4, 0.3, 0.2, 0.1}, within(1e-12));

        // centres: whitened member means (exact oracle), and near the true means once un-whitened
        double[][] x = KnownMixture.whitened(samples, mean, std);
        for (int b = 0; b < 4; b++) {
            double[] memberMean = new double[2];
            for (int i = 0; i < n; i++) {
                if (mixture.modes()[i] == b) {
                    memberMean[0] += x[i][0] / counts[b];
                    memberMean[1] += x[i][1] / counts[b];
                }
            }
            assertThat(bins.centers()[b]).as("centre of bin %d", b).containsExactly(memberMean, within(1e-9));
            for (int j = 0; j < 2; j++) {
                double unwhitened = bins.centers()[b][j] * std[j] + mean[j];
                // 6 standard errors of a mean of counts[b] draws
                assertThat(unwhitened)
                        .as("bin %d, column %d", b, j)
                        .isCloseTo(means[b][j], within(6 * spread[j] / Math.sqrt(counts[b])));
            }
        }

        // a fresh draw of the same mixture lands in the same bins in the known shares: nothing differs
        NdbResult fresh = bins.evaluate(
                KnownMixture.draw(means, spread, new int[] {400, 300, 200, 100}, 12)
                        .samples()
                        .castTo(type),
                0.05);
        assertThat(fresh.generatedProportions()).containsExactly(new double[] {0.4, 0.3, 0.2, 0.1}, within(1e-12));
        assertThat(fresh.ndb()).isZero();

        assertThat(samples.dataType()).isEqualTo(type);
        double[] after = samples.data().asDouble();
        int firstChanged = IntStream.range(0, before.length)
                .filter(i -> Double.doubleToRawLongBits(after[i]) != Double.doubleToRawLongBits(before[i]))
                .findFirst()
                .orElse(-1);
        assertThat(firstChanged)
                .as("first input value the fit changed (-1 = none)")
                .isEqualTo(-1);
    }

    @Test
    void sameSeedGivesTheSameBins() {
        INDArray samples = GaussianMixtures.grid25(2_000, 9);
        NdbReference a = NdbReference.fit(samples, NdbOptions.of(20).withSeed(5), Progress.NONE);
        NdbReference b = NdbReference.fit(samples, NdbOptions.of(20).withSeed(5), Progress.NONE);
        assertThat(a.centers()).isDeepEqualTo(b.centers());
        assertThat(a.proportions()).containsExactly(b.proportions());
    }

    @Test
    void smileAndBlasEnginesReachSimilarObjectives() {
        INDArray samples = GaussianMixtures.grid25(3_000, 10);
        // modes 2 apart with std 0.05: every row's mode is its nearest grid mean (20 std away from any other's
        // boundary), and the partition into modes is the K-means optimum
        double[][] means = GaussianMixtures.gridMeans();
        int[] modes = new int[3_000];
        int[] counts = new int[25];
        for (int i = 0; i < 3_000; i++) {
            modes[i] = (int) Math.round((samples.getDouble(i, 0) + 4) / 2) * 5
                    + (int) Math.round((samples.getDouble(i, 1) + 4) / 2);
            counts[modes[i]]++;
        }
        KnownMixture grid = new KnownMixture(samples, modes, means, counts);
        NdbReference lloyd = NdbReference.fit(samples, NdbOptions.of(25), Progress.NONE);
        NdbReference smile =
                NdbReference.fit(samples, NdbOptions.of(25).withEngine(new SmileKMeans(300)), Progress.NONE);
        assertThat(lloyd.fitSummary().converged()).isTrue();
        double optimum = grid.trueObjective(samples, new double[2], new double[] {1, 1}, new int[] {0, 1});
        assertThat(lloyd.fitSummary().objective())
                .as("Lloyd vs the true partition's objective")
                .isCloseTo(optimum, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(lloyd.proportions())
                .as("one bin per mode, largest first")
                .containsExactly(
                        Arrays.stream(counts)
                                .boxed()
                                .sorted(java.util.Comparator.reverseOrder())
                                .mapToDouble(c -> c / 3_000.0)
                                .toArray(),
                        within(1e-12));
        assertThat(lloyd.fitSummary().objective())
                .isLessThanOrEqualTo(smile.fitSummary().objective() * 1.05);
        assertThat(smile.fitSummary().objective())
                .isLessThanOrEqualTo(lloyd.fitSummary().objective() * 1.5);
    }

    @Test
    void moreBinsThanSamplesIsRefusedWithTheFix() {
        assertThatThrownBy(() -> NdbReference.fit(GaussianMixtures.ring8(10, 1), 11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bins = 11")
                .hasMessageContaining("10");
    }

    @Test
    void widthMismatchIsRefused() {
        NdbReference bins = NdbReference.fit(GaussianMixtures.ring8(100, 1), 2);
        assertThatThrownBy(() -> bins.evaluate(Nd4j.zeros(DataType.DOUBLE, 5, 3), 0.05))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 features")
                .hasMessageContaining("2");
    }

    @Test
    void alphaOutsideTheUnitIntervalIsRefused() {
        NdbReference bins = NdbReference.fit(GaussianMixtures.ring8(100, 1), 2);
        assertThatThrownBy(() -> bins.evaluate(GaussianMixtures.ring8(10, 2), 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha = 1.5");
    }

    @Test
    void optionsRejectNonsenseWithTheRuleAndFix() {
        assertThatThrownBy(() -> NdbOptions.of(0))
                .hasMessageContaining("bins = 0")
                .hasMessageContaining(">= 1");
        assertThatThrownBy(() -> new LloydKMeans(0)).hasMessageContaining("maxIterations = 0");
    }
}
