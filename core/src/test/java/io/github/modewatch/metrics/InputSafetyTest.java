package io.github.modewatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modewatch.internal.data.Scenes;
import io.github.modewatch.metrics.frechet.FrechetDistance;
import io.github.modewatch.metrics.frechet.GaussianStats;
import io.github.modewatch.metrics.ndb.NdbOptions;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.metrics.ndb.Progress;
import io.github.modewatch.metrics.segmentation.ClassAreaAccumulator;
import io.github.modewatch.metrics.segmentation.FsdReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every metric entry point that takes an array leaves it bit-identical: float32 and float64, a standalone
 * matrix and a view into a larger one (where an in-place op would also corrupt the rows around the view).
 *
 * <p>Why: {@code castTo} and {@code get(...)} return the caller's own array or a view of it when nothing needs
 * converting, so an in-place op after them writes into user data. That is how whitened NDB overwrote float64
 * references with {@code (x - mean)^2} while every float32 test passed.
 */
class InputSafetyTest {
    private static final int N = 300;
    private static final int D = 6;

    /** An input to protect: the array handed to the method, and the whole buffer it lives in. */
    record Input(String name, INDArray array, INDArray backing) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> inputs() {
        List<Arguments> out = new ArrayList<>();
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            out.add(Arguments.of(standalone(type, 11)));
            out.add(Arguments.of(view(type, 11)));
        }
        return out.stream();
    }

    /** Clustered rows (4 separated blobs) so that K-means and the Frechet code have real work to do. */
    static INDArray clustered(DataType type, int rows, int cols, long seed) {
        INDArray x = Nd4j.getRandomFactory()
                .getNewRandomInstance(seed)
                .nextGaussian(new long[] {rows, cols})
                .castTo(DataType.DOUBLE);
        for (int i = 0; i < rows; i++) {
            x.getRow(i).addi(3.0 * (i % 4));
        }
        return x.castTo(type).dup('c');
    }

    static Input standalone(DataType type, long seed) {
        INDArray x = clustered(type, N, D, seed);
        return new Input(type + " standalone", x, x);
    }

    static Input view(DataType type, long seed) {
        INDArray big = clustered(type, N + 9, D + 4, seed);
        INDArray v = big.get(NDArrayIndex.interval(5, 5 + N), NDArrayIndex.interval(2, 2 + D));
        assertThat(v.isView()).isTrue();
        return new Input(type + " view of a larger array", v, big);
    }

    private static void assertUnchangedBy(Input input, Consumer<INDArray> call) {
        double[] before = input.backing().dup('c').data().asDouble();
        DataType type = input.array().dataType();
        call.accept(input.array());
        assertThat(input.array().dataType()).isEqualTo(type);
        double[] after = input.backing().dup('c').data().asDouble();
        assertThat(Arrays.equals(before, after))
                .as("%s changed by the call", input)
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void ndbFitLeavesItsSamplesUntouched(Input input) {
        for (boolean whiten : new boolean[] {false, true}) {
            for (int maxDims : new int[] {0, 3}) {
                NdbOptions options =
                        NdbOptions.of(8).withWhiten(whiten).withMaxDims(maxDims).withSeed(3);
                assertUnchangedBy(input, x -> NdbReference.fit(x, options, Progress.NONE));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void ndbEvaluateAndAssignLeaveTheGeneratedSamplesUntouched(Input input) {
        NdbReference whitened = NdbReference.fit(
                clustered(DataType.FLOAT, 2_000, D, 5),
                NdbOptions.of(8).withWhiten(true).withSeed(1),
                Progress.NONE);
        NdbReference plain = NdbReference.fit(
                clustered(DataType.DOUBLE, 2_000, D, 5), NdbOptions.of(8).withSeed(1), Progress.NONE);
        for (NdbReference ref : List.of(whitened, plain)) {
            assertUnchangedBy(input, x -> ref.evaluate(x, 0.05));
            assertUnchangedBy(input, ref::assign);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void frechetStatisticsAndDistanceLeaveTheirSamplesUntouched(Input input) {
        assertUnchangedBy(input, GaussianStats::of);
        INDArray other = clustered(input.array().dataType(), N, D, 99);
        assertUnchangedBy(input, x -> FrechetDistance.between(x, other));
        assertUnchangedBy(input, x -> FrechetDistance.between(other, x));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void gaussianStatsFromArraysCopiesThemIn(Input input) {
        INDArray mean = input.array().getRow(0); // a view in both cases
        INDArray cov = Nd4j.eye(D).castTo(input.array().dataType());
        GaussianStats stats = GaussianStats.of(mean, cov, 10);
        double[] before = input.backing().dup('c').data().asDouble();
        stats.mean()[0] += 1; // a reader's write reaches neither the statistics nor the input
        stats.covariance()[0][0] *= 2;
        assertThat(Arrays.equals(before, input.backing().dup('c').data().asDouble()))
                .isTrue();
        assertThat(stats.mean()).containsExactly(mean.castTo(DataType.DOUBLE).toDoubleVector());
        assertThat(stats.covariance()[0][0]).isEqualTo(1.0);
        assertThat(stats)
                .isEqualTo(GaussianStats.of(
                        mean.castTo(DataType.DOUBLE).toDoubleVector(),
                        cov.castTo(DataType.DOUBLE).toDoubleMatrix(),
                        10))
                .hasSameHashCodeAs(GaussianStats.of(
                        mean.castTo(DataType.DOUBLE).toDoubleVector(),
                        cov.castTo(DataType.DOUBLE).toDoubleMatrix(),
                        10));
    }

    static Stream<Arguments> imageInputs() {
        List<Arguments> out = new ArrayList<>();
        INDArray images = Scenes.generate(40, 7).images(); // n x (3 H W), the segmenter's layout
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            INDArray own = images.castTo(type).dup('c');
            out.add(Arguments.of(new Input(type + " images", own, own)));
            INDArray big = images.castTo(type).dup('c');
            INDArray v = big.get(NDArrayIndex.interval(3, 35), NDArrayIndex.all());
            out.add(Arguments.of(new Input(type + " images, view of a larger batch", v, big)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageInputs")
    void fsdReferenceAndSegmenterLeaveTheirImagesUntouched(Input input) {
        var segmenter = Scenes.segmenter(32, 32);
        assertUnchangedBy(input, segmenter::segment);
        assertUnchangedBy(input, images -> FsdReference.of(segmenter, images));
    }

    @Test
    void classAreaAccumulatorCopiesTheArraysItIsGiven() {
        ClassAreaAccumulator acc = new ClassAreaAccumulator(List.of("a", "b", "c"));
        int[] labels = {0, 1, 1, 2, 2, 2};
        double[] fractions = {10, 30, 60};
        acc.add(labels.clone());
        acc.add(fractions);
        acc.add(new double[] {20, 20, 60});
        assertThat(labels).containsExactly(0, 1, 1, 2, 2, 2);
        assertThat(fractions).containsExactly(10, 30, 60);
        double[] mean = acc.stats().mean();
        fractions[0] = 1_000; // a later write by the caller does not reach the statistics
        mean[1] = -1; // nor does a write to what stats() handed out
        assertThat(acc.stats().mean()[0])
                .isCloseTo((100.0 / 6 + 10 + 20) / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(acc.stats().mean()[1]).isGreaterThan(0);
    }
}
