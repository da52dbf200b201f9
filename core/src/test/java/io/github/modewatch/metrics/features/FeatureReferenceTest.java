package io.github.modewatch.metrics.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.io.Npz;
import io.github.modewatch.metrics.frechet.FrechetResult;
import io.github.modewatch.metrics.frechet.GaussianStats;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link FeatureReference}: the cached real side of the feature metrics. Oracles: its comparison must give exactly
 * what the one implementation of each metric gives on the same rows ({@link FeatureFrechet}, {@link Kid},
 * {@link Prdc}, each tested against its reference elsewhere); the cache must round-trip; the noise floor must be the
 * Fréchet distance of a random split of the reference, so it is small for a same-distribution split and far below the
 * distance to a shifted distribution.
 */
class FeatureReferenceTest {
    @TempDir
    Path tmp;

    private static INDArray gaussian(long seed, int n, int d, double shift) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed); // held by ND4J's GC-based deallocator
        return Nd4j.randn(Nd4j.createUninitialized(DataType.DOUBLE, n, d), rng).addi(shift);
    }

    private static final KidOptions SMALL_KID =
            KidOptions.builder().subsets(5).subsetSize(100).seed(3).build();

    enum Input {
        FLOAT64,
        FLOAT32,
        INT32,
        VIEW
    }

    private static INDArray as(INDArray x, Input type) {
        return switch (type) {
            case FLOAT64 -> x.dup();
            case FLOAT32 -> x.castTo(DataType.FLOAT);
            case INT32 -> x.mul(10).castTo(DataType.INT);
            case VIEW -> {
                INDArray wide = Nd4j.zeros(DataType.DOUBLE, x.rows() + 7, x.columns() + 5);
                INDArray view =
                        wide.get(NDArrayIndex.interval(3, 3 + x.rows()), NDArrayIndex.interval(2, 2 + x.columns()));
                view.assign(x);
                yield view;
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Input.class)
    void compareGivesWhatEachMetricGivesOnTheSameRowsAndLeavesInputsAlone(Input type) {
        INDArray real = as(gaussian(1, 300, 6, 0), type);
        INDArray generated = as(gaussian(2, 200, 6, 0.3), type);
        INDArray realBefore = real.dup();
        INDArray generatedBefore = generated.dup();

        FeatureReference reference = FeatureReference.of(real).withKid(SMALL_KID);
        FeatureResult r = reference.compare("test-extractor", generated, 0.25);

        FrechetResult expected = FeatureFrechet.between(real, generated);
        assertThat(r.extractor()).isEqualTo("test-extractor");
        assertThat(r.frechet().distance()).isCloseTo(expected.distance(), within(1e-9 * expected.distance()));
        assertThat(r.frechetNoiseFloor()).isEqualTo(0.25);
        assertThat(r.kid()).isEqualTo(Kid.compute(real, generated, SMALL_KID));
        assertThat(r.prdc()).isEqualTo(Prdc.compute(real, generated, PrdcOptions.defaults()));
        assertThat(r.prdc().coverage()).isBetween(0.0, 1.0);
        // the inputs, including a view into a larger array, are bit-identical afterwards
        assertThat(real).isEqualTo(realBefore);
        assertThat(generated).isEqualTo(generatedBefore);
        assertThat(real.dataType()).isEqualTo(realBefore.dataType());
    }

    @Test
    void theRealRadiiKeptAcrossComparisonsGiveWhatAFreshComputationGives() {
        // prdc's real k-NN radii are computed once per distance mode (float32 when both sets are float32, as
        // scikit-learn rounds them, else float64): alternate generated sets and types on one reference
        INDArray real = gaussian(1, 300, 6, 0).castTo(DataType.FLOAT);
        FeatureReference reference = FeatureReference.of(real).withKid(SMALL_KID);
        for (int i = 0; i < 4; i++) {
            INDArray generated = gaussian(10 + i, 150, 6, 0.1 * i);
            if (i % 2 == 0) {
                generated = generated.castTo(DataType.FLOAT);
            }
            FeatureResult r = reference.compare("x", generated);
            assertThat(r.prdc()).as("comparison %d", i).isEqualTo(Prdc.compute(real, generated));
            assertThat(r.kid()).as("comparison %d", i).isEqualTo(Kid.compute(real, generated, SMALL_KID));
        }
    }

    @Test
    void theReferenceKeepsACopyNotTheCallersArray() {
        INDArray real = gaussian(1, 100, 4, 0);
        FeatureReference reference = FeatureReference.of(real);
        GaussianStats before = reference.stats();
        real.muli(1000); // the caller reuses its buffer
        INDArray generated = gaussian(2, 100, 4, 0);
        assertThat(reference.stats()).isEqualTo(before);
        assertThat(reference.compare("x", generated).frechet().distance()).isLessThan(1.0);
    }

    @Test
    void switchingMetricsOffSkipsThem() {
        FeatureReference reference =
                FeatureReference.of(gaussian(1, 100, 4, 0)).withoutKid().withoutPrdc();
        FeatureResult r = reference.compare("x", gaussian(2, 50, 4, 0));
        assertThat(r.kid()).isNull();
        assertThat(r.prdc()).isNull();
        assertThat(r.frechet().distance()).isPositive();
        assertThat(r.frechetNoiseFloor()).isNaN();
    }

    @Test
    void saveAndLoadRoundTripTheRowsAndStatistics() {
        INDArray real = gaussian(1, 120, 5, 0).castTo(DataType.FLOAT);
        FeatureReference reference = FeatureReference.of(real);
        Path file = tmp.resolve("ref.npz");
        reference.save(file);

        FeatureReference loaded = FeatureReference.load(file);
        assertThat(loaded.hasFeatureRows()).isTrue();
        assertThat(loaded.features()).isEqualTo(real);
        assertThat(loaded.stats()).isEqualTo(reference.stats());
        INDArray generated = gaussian(2, 80, 5, 0.5);
        assertThat(loaded.compare("x", generated).kid())
                .isEqualTo(reference.compare("x", generated).kid());
        assertThat(Npz.read(file).keySet()).containsExactly("features", "mu", "sigma", "n");
    }

    @Test
    void loadsPytorchFidStatisticsForTheFrechetDistanceOnly() {
        INDArray real = gaussian(1, 400, 3, 0);
        GaussianStats stats = GaussianStats.of(real);
        Path file = tmp.resolve("fid_stats.npz");
        Npz.write(
                file,
                Map.of("mu", Nd4j.createFromArray(stats.mean()), "sigma", Nd4j.createFromArray(stats.covariance())));

        FeatureReference loaded = FeatureReference.load(file);
        assertThat(loaded.hasFeatureRows()).isFalse();
        INDArray generated = gaussian(2, 300, 3, 1.0);
        FeatureResult r = loaded.compare("inception", generated);
        assertThat(r.frechet().distance())
                .isCloseTo(FeatureFrechet.between(real, generated).distance(), within(1e-9));
        assertThat(r.kid()).isNull();
        assertThat(r.prdc()).isNull();
        assertThat(loaded.noiseFloor(100, 1)).isNaN();
        assertThatThrownBy(() -> loaded.withKid(KidOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("statistics only");
    }

    @Test
    void aSavedReferenceIsASampleFileForTheCommandLine() {
        INDArray real = gaussian(1, 40, 3, 0).castTo(DataType.FLOAT);
        Path file = tmp.resolve("reference.npz");
        FeatureReference.of(real).save(file);
        assertThat(io.github.modewatch.io.SampleFiles.readSamples(file, "--real"))
                .isEqualTo(real);

        Path stats = tmp.resolve("stats.npz");
        GaussianStats.of(real).save(stats);
        assertThatThrownBy(() -> io.github.modewatch.io.SampleFiles.readSamples(stats, "--real"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--real ")
                .hasMessageContaining("holds mu, sigma")
                .hasMessageContaining("fsd --real-stats");
    }

    @Test
    void loadsCleanFidFeatureFilesAndRejectsOthersWithTheKeysFound() {
        INDArray real = gaussian(1, 50, 3, 0);
        Path feats = tmp.resolve("kid_feats.npz");
        Npz.write(feats, Map.of("feats", real));
        assertThat(FeatureReference.load(feats).features()).isEqualTo(real);

        Path other = tmp.resolve("other.npz");
        Npz.write(other, Map.of("weights", real));
        assertThatThrownBy(() -> FeatureReference.load(other))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds weights")
                .hasMessageContaining("'features'");
    }

    @Test
    void noiseFloorIsTheDistanceOfARandomSplitOfTheReference() {
        INDArray real = gaussian(1, 2_000, 8, 0);
        FeatureReference reference = FeatureReference.of(real);
        double floor = reference.noiseFloor(1_000, 7);

        assertThat(floor).isEqualTo(reference.noiseFloor(1_000, 7)); // seeded
        assertThat(floor).isNotEqualTo(reference.noiseFloor(1_000, 8));
        // two halves of one N(0, I_8) sample of 1,000 rows each: the mean term alone is about 2 d / n = 0.016
        assertThat(floor).isBetween(0.005, 0.1);
        double shifted =
                reference.compare("x", gaussian(2, 1_000, 8, 0.5)).frechet().distance();
        assertThat(shifted).isGreaterThan(20 * floor); // ||0.5 * 1||^2 = 2 for d = 8
        // a split larger than the reference falls back to halves
        assertThat(reference.noiseFloor(5_000, 7)).isBetween(0.005, 0.1);
    }

    @Test
    void extractsTheReferenceInBatchesAndChecksTheExtractor() {
        INDArray images = gaussian(1, 25, 12, 0);
        int[] calls = {0};
        FeatureExtractor firstFour = new FeatureExtractor() {
            @Override
            public String name() {
                return "first-four";
            }

            @Override
            public INDArray extract(INDArray batch) {
                calls[0]++;
                return batch.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4))
                        .dup();
            }
        };
        FeatureReference reference = FeatureReference.of(firstFour, images, 10);
        assertThat(calls[0]).isEqualTo(3);
        assertThat(reference.features()).isEqualTo(images.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4)));

        FeatureExtractor wrongRows = new FeatureExtractor() {
            @Override
            public String name() {
                return "wrong-rows";
            }

            @Override
            public INDArray extract(INDArray batch) {
                return Nd4j.zeros(DataType.FLOAT, 1, 3);
            }
        };
        assertThatThrownBy(() -> FeatureReference.of(wrongRows, images, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'wrong-rows' returned [1, 3] for 10 images");
    }

    @Test
    void badInputGetsOneClearMessage() {
        FeatureReference reference = FeatureReference.of(gaussian(1, 20, 4, 0));
        assertThatThrownBy(() -> reference.compare("x", gaussian(2, 20, 5, 0)))
                .hasMessageContaining("generated features have 5 columns, the reference 4");
        INDArray nan = gaussian(2, 20, 4, 0);
        nan.putScalar(3, 1, Double.NaN);
        assertThatThrownBy(() -> reference.compare("x", nan)).hasMessageContaining("1 NaN or infinite");
        assertThatThrownBy(() -> FeatureReference.of(Nd4j.zeros(DataType.FLOAT, 1, 4)))
                .hasMessageContaining("n >= 2");
        assertThatThrownBy(() -> reference.compare("x", gaussian(2, 5, 4, 0))).hasMessageContaining("k");
    }
}
