package io.github.modewatch.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modewatch.FashionMnistFiles;
import io.github.modewatch.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * IDX reading. Oracle: the byte values written by src/test/resources/idx/make_idx_fixtures.py (listed in its
 * docstring; the file layout is the MNIST page's "file formats" section) scaled by hand as byte / 255; for the
 * Debian files, Python's own gzip + struct decoding (command in {@link #debianFashionMnistMatchesPythonsDecoding})
 * and the Fashion-MNIST README's split sizes (60,000 / 10,000, balanced classes).
 */
class IdxTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-images-idx3-ubyte", "tiny-images-idx3-ubyte.gz"})
    void imagesBecomeRowsOfPixelsOver255(String name) {
        INDArray x = SampleFiles.readSamples(Fixtures.idx(name), "--real");
        assertThat(x.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(x.shape()).containsExactly(3, 6);
        // image 0 bytes 0 255 51 / 128 1 254, row-major: (r, c) -> column r * 3 + c
        assertThat(x.getRow(0).toFloatVector()).containsExactly(0f, 1f, 0.2f, 128f / 255f, 1f / 255f, 254f / 255f);
        assertThat(x.getRow(1).toFloatVector()).containsOnly(0f);
        assertThat(x.getRow(2).toFloatVector())
                .containsExactly(10f / 255f, 20f / 255f, 30f / 255f, 40f / 255f, 50f / 255f, 60f / 255f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-images-idx3-ubyte", "tiny-images-idx3-ubyte.gz"})
    void imagesForImageModelsAreGreyNchw(String name) {
        // the fixture holds 3 images of 2 rows x 3 columns
        INDArray x = Idx.readImagesNchw(Fixtures.idx(name));
        assertThat(x.shape()).containsExactly(3, 1, 2, 3);
        assertThat(x.getFloat(0, 0, 1, 2)).isEqualTo(254f / 255f);
        assertThat(x.getFloat(2, 0, 0, 1)).isEqualTo(20f / 255f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-labels-idx1-ubyte", "tiny-labels-idx1-ubyte.gz"})
    void labelsAreUnsignedBytes(String name) {
        assertThat(Idx.readLabels(Fixtures.idx(name))).containsExactly(7, 0, 255);
    }

    @Test
    void handBuiltBytesWithoutIdxInTheNameAreReadByReadImages() throws IOException {
        byte[] bytes = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, (byte) 255, 0, 17, (byte) 204};
        Path file = tmp.resolve("digits.bin");
        Files.write(file, bytes);
        INDArray x = Idx.readImages(file);
        assertThat(x.shape()).containsExactly(2, 2);
        assertThat(x.toFloatMatrix()).isEqualTo(new float[][] {{1f, 0f}, {17f / 255f, 0.8f}});
    }

    @Test
    void labelFileGivenAsImagesIsRefused() {
        assertThatThrownBy(() -> SampleFiles.readSamples(Fixtures.idx("tiny-labels-idx1-ubyte.gz"), "--real"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--real ")
                .hasMessageContaining("label file (magic 0x00000801)")
                .hasMessageContaining("train-images-idx3-ubyte")
                .hasMessageNotContaining("\n");
    }

    @Test
    void imageFileGivenAsLabelsIsRefused() {
        assertThatThrownBy(() -> Idx.readLabels(Fixtures.idx("tiny-images-idx3-ubyte")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("image file (magic 0x00000803)");
    }

    @Test
    void wrongMagicIsRefusedQuotingIt() {
        assertThatThrownBy(() -> SampleFiles.readSamples(Fixtures.idx("bad-magic-idx3-ubyte"), "--generated"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--generated ")
                .hasMessageContaining("magic 0x0000080d is not images (0x00000803");
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated-idx3-ubyte", "truncated-idx3-ubyte.gz"})
    void truncatedDataIsRefusedWithCounts(String name) {
        assertThatThrownBy(() -> SampleFiles.readSamples(Fixtures.idx(name), "--real"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("truncated: header says 3 images of 2x3 (18 bytes), the file holds 14");
    }

    @Test
    void emptyFileIsRefused() {
        assertThatThrownBy(() -> SampleFiles.readSamples(Fixtures.idx("empty-idx3-ubyte"), "--real"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("empty file");
    }

    @Test
    void truncatedHeaderAndTrailingBytesAreRefused() throws IOException {
        Path header = tmp.resolve("short-idx3-ubyte");
        Files.write(header, new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0});
        assertThatThrownBy(() -> Idx.readImages(header))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("truncated IDX header (no rows)");
        Path extra = tmp.resolve("long-idx3-ubyte");
        Files.write(extra, new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 9, 9});
        assertThatThrownBy(() -> Idx.readImages(extra))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bytes after the 1 images of 1x1");
    }

    @Test
    void corruptGzipIsRefused() throws IOException {
        Path file = tmp.resolve("broken-idx3-ubyte.gz");
        byte[] gz = Files.readAllBytes(Fixtures.idx("tiny-images-idx3-ubyte.gz"));
        Files.write(file, java.util.Arrays.copyOf(gz, gz.length - 12)); // cuts the deflate stream's end and trailer
        assertThatThrownBy(() -> Idx.readImages(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString());
    }

    /**
     * Oracle (run on 2026-12-05 against Debian's dataset-fashion-mnist):
     * {@code python3 -c "import gzip,struct; b=gzip.open(F).read(); print(struct.unpack('>IIII',b[:16]),
     * sum(b[16:16+784]), b[16+13*28+14], sum(b[-784:]))"}, and the labels' first ten values and class counts.
     */
    @Test
    void debianFashionMnistMatchesPythonsDecoding() {
        Path dir = FashionMnistFiles.requireInstalled();
        INDArray test = SampleFiles.readSamples(dir.resolve("t10k-images-idx3-ubyte.gz"), "--real");
        assertThat(test.shape()).containsExactly(10_000, 784);
        assertThat(test.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(test.getRow(0).sumNumber().doubleValue() * 255)
                .isCloseTo(33456, org.assertj.core.data.Offset.offset(0.05));
        assertThat(test.getFloat(0, 13 * 28 + 14)).isEqualTo(139f / 255f);
        assertThat(test.getRow(9_999).sumNumber().doubleValue() * 255)
                .isCloseTo(24390, org.assertj.core.data.Offset.offset(0.05));
        assertThat(test.minNumber().doubleValue()).isEqualTo(0.0);
        assertThat(test.maxNumber().doubleValue()).isEqualTo(1.0);
        int[] testLabels = Idx.readLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThat(java.util.Arrays.copyOf(testLabels, 10)).containsExactly(9, 2, 1, 1, 6, 1, 4, 6, 5, 7);
        assertThat(counts(testLabels)).containsOnly(1_000);

        INDArray train = Idx.readImages(dir.resolve("train-images-idx3-ubyte.gz"));
        assertThat(train.shape()).containsExactly(60_000, 784);
        assertThat(train.getRow(0).sumNumber().doubleValue() * 255)
                .isCloseTo(76247, org.assertj.core.data.Offset.offset(0.05));
        assertThat(train.getFloat(0, 13 * 28 + 14)).isEqualTo(228f / 255f);
        int[] trainLabels = Idx.readLabels(dir.resolve("train-labels-idx1-ubyte.gz"));
        assertThat(java.util.Arrays.copyOf(trainLabels, 10)).containsExactly(9, 0, 0, 3, 0, 2, 7, 2, 5, 5);
        assertThat(counts(trainLabels)).containsOnly(6_000);
    }

    private static int[] counts(int[] labels) {
        int[] c = new int[10];
        for (int l : labels) {
            c[l]++;
        }
        return c;
    }
}
