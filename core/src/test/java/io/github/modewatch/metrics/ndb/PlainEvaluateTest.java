package io.github.modewatch.metrics.ndb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.io.Npy;
import io.github.modewatch.io.NpyArray;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link NdbReference#evaluate(NpyArray, double)} (plain Java, no ND4J: the command line's path) against the
 * GEMM path {@link NdbReference#evaluate(INDArray, double)} on the same samples.
 */
class PlainEvaluateTest {
    @TempDir
    Path tmp;

    /** A 2-D .npy of {@code samples} in {@code type}, read back without ND4J. */
    private NpyArray raw(INDArray samples, DataType type, String name) {
        Path file = tmp.resolve(name);
        Npy.write(file, samples.castTo(type));
        return Npy.readRaw(file);
    }

    @ParameterizedTest(name = "{0} bins, {1} rows x {2} dims, max dims {3}, whiten {4}, {5}")
    @CsvSource({
        "7, 1003, 40, 40, false, FLOAT",      // K and rows not multiples of the 4 x 4 block, all dims
        "13, 517, 60, 9, true, DOUBLE",       // a random subset of the dims, whitened
        "4, 130, 1203, 0, true, FLOAT",       // d > 1000: the reference code's d/6 dims
        "1, 5, 3, 3, false, DOUBLE",          // a single bin, fewer rows than a block
    })
    void plainPathGivesTheGemmPathsResult(int k, int rows, int dims, int maxDims, boolean whiten, DataType type) {
        INDArray real = Nd4j.rand(DataType.DOUBLE, 4 * rows, dims).muli(3);
        NdbOptions options = NdbOptions.of(k).withWhiten(whiten).withSeed(3);
        NdbReference bins = NdbReference.fit(real, maxDims > 0 ? options.withMaxDims(maxDims) : options, Progress.NONE);
        INDArray generated = Nd4j.rand(DataType.DOUBLE, rows, dims).muli(3.3).subi(0.2).castTo(type);

        NdbResult gemm = bins.evaluate(generated, 0.05);
        NdbResult plain = bins.evaluate(raw(generated, type, "gen.npy"), 0.05);

        assertThat(plain.generatedProportions()).containsExactly(gemm.generatedProportions());
        assertThat(plain.ndb()).isEqualTo(gemm.ndb());
        assertThat(plain.js()).isEqualTo(gemm.js());
        assertThat(plain.zScores()).containsExactly(gemm.zScores());
        assertThat(plain.generatedSize()).isEqualTo(rows);
        assertThat(plain.referenceSize()).isEqualTo(4L * rows);
    }

    @Test
    void droppedModesAreFlaggedTheSameWay() {
        NdbReference bins = NdbReference.fit(GaussianMixtures.ring8(4_000, 1), 8);
        INDArray collapsed = GaussianMixtures.ring8(1_000, 2).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 250),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();

        NdbResult plain = bins.evaluate(raw(collapsed, DataType.FLOAT, "few.npy"), 0.05);

        assertThat(plain.ndb()).isEqualTo(bins.evaluate(collapsed.castTo(DataType.FLOAT), 0.05).ndb());
    }

    @Test
    void aNaNEvenInAColumnTheBinsDoNotUseIsRefusedWithItsRow() {
        INDArray real = Nd4j.rand(DataType.DOUBLE, 400, 12);
        NdbReference bins = NdbReference.fit(real, NdbOptions.of(3).withMaxDims(2).withSeed(1), Progress.NONE);
        int unused = java.util.stream.IntStream.range(0, 12).filter(j -> java.util.Arrays.binarySearch(bins.dims(), j) < 0)
                .findFirst().orElseThrow();
        INDArray generated = Nd4j.rand(DataType.DOUBLE, 50, 12);
        generated.putScalar(new long[] {37, unused}, Double.POSITIVE_INFINITY);

        assertThatThrownBy(() -> bins.evaluate(raw(generated, DataType.DOUBLE, "inf.npy"), 0.05))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("inf.npy").hasMessageContaining("row 37").hasMessageContaining("finite");
    }

    @Test
    void widthAndAlphaAreChecked() {
        NdbReference bins = NdbReference.fit(Nd4j.rand(DataType.DOUBLE, 100, 4), 2);
        NpyArray narrow = raw(Nd4j.rand(DataType.DOUBLE, 10, 3), DataType.DOUBLE, "narrow.npy");
        NpyArray fine = raw(Nd4j.rand(DataType.DOUBLE, 10, 4), DataType.DOUBLE, "fine.npy");

        assertThatThrownBy(() -> bins.evaluate(narrow, 0.05)).hasMessageContaining("3 features").hasMessageContaining("4");
        assertThatThrownBy(() -> bins.evaluate(fine, 1.0)).hasMessageStartingWith("alpha = 1.0");
    }
}
