package io.github.modewatch.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.modewatch.io.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The committed models' outputs against the same arithmetic in plain Java, from the weights make_fixtures.py put in
 * the models and also saved as .npy: gemm_relu.onnx = relu(W x + b) on 3 x 4 x 4 images, conv_gap.onnx = the
 * per-image mean over pixels of a 1x1 conv (W x + b).
 */
class OnnxFeatureExtractorTest {
    static final double[][] GEMM_W = OnnxFixtures.matrix("gemm_relu_weight.npy"); // 5 x 48
    static final double[] GEMM_B = OnnxFixtures.vector("gemm_relu_bias.npy");
    static final double[][] CONV_W = OnnxFixtures.matrix("conv_gap_weight.npy"); // 4 x 3
    static final double[] CONV_B = OnnxFixtures.vector("conv_gap_bias.npy");

    @TempDir
    Path dir;

    static INDArray gaussian(long seed, DataType type, long... shape) {
        Random random = new Random(seed);
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        double[] v = new double[(int) a.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(type);
    }

    /** relu(W x + b) (or W x + b without relu) for one flattened 3 x 4 x 4 image. */
    static double[] gemm(double[] x, boolean relu) {
        double[] y = new double[GEMM_W.length];
        for (int o = 0; o < y.length; o++) {
            double s = GEMM_B[o];
            for (int i = 0; i < x.length; i++) {
                s += GEMM_W[o][i] * x[i];
            }
            y[o] = relu ? Math.max(0, s) : s;
        }
        return y;
    }

    static void assertRowsEqual(INDArray features, INDArray images, boolean relu) {
        assertThat(features.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(features.shape()).containsExactly(images.size(0), GEMM_W.length);
        for (int i = 0; i < images.size(0); i++) {
            double[] expected = gemm(OnnxFixtures.image(images, i), relu);
            for (int o = 0; o < expected.length; o++) {
                assertThat(features.getDouble(i, o))
                        .as("image %d feature %d", i, o)
                        .isCloseTo(expected[o], within(1e-4));
            }
        }
    }

    static OnnxFeatureExtractor gemmRelu() {
        return OnnxFeatureExtractor.builder(OnnxFixtures.path("gemm_relu.onnx"))
                .batch(3)
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"FLOAT", "DOUBLE"})
    void featuresAreReluOfTheAffineMapForFloatAndDoubleImages(String type) {
        INDArray images = gaussian(1, DataType.valueOf(type), 7, 3, 4, 4);
        INDArray before = images.dup();
        try (OnnxFeatureExtractor extractor = gemmRelu()) {
            INDArray features = extractor.extract(images);
            assertRowsEqual(features, images, true);
            assertThat(features.minNumber().doubleValue()).isZero(); // the relu clipped something
            assertThat(features.maxNumber().doubleValue()).isPositive();
        }
        assertThat(images).as("input not modified").isEqualTo(before);
    }

    @Test
    void aViewOfALargerArrayGivesTheFeaturesOfItsOwnElements() {
        INDArray big = gaussian(2, DataType.FLOAT, 12, 5, 6, 4);
        INDArray view = big.get(
                NDArrayIndex.interval(2, 9),
                NDArrayIndex.interval(1, 4),
                NDArrayIndex.interval(1, 5),
                NDArrayIndex.all());
        assertThat(view.isView()).isTrue();
        try (OnnxFeatureExtractor extractor = gemmRelu()) {
            assertRowsEqual(extractor.extract(view), view.dup('c'), true);
            INDArray fortran = view.dup('f');
            assertRowsEqual(extractor.extract(fortran), view.dup('c'), true);
        }
    }

    @Test
    void integerPixelsAreCastAndNormalisedByTheScale() {
        int[] raw = new int[4 * 48];
        Random random = new Random(3);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = random.nextInt(256);
        }
        INDArray pixels = Nd4j.createFromArray(raw).reshape(4, 3, 4, 4);
        assertThat(pixels.dataType()).isEqualTo(DataType.INT);
        try (OnnxFeatureExtractor extractor = OnnxFeatureExtractor.builder(OnnxFixtures.path("gemm_relu.onnx"))
                .normalization(Normalization.of(1 / 255.0, null, null))
                .build()) {
            assertRowsEqual(
                    extractor.extract(pixels), pixels.castTo(DataType.DOUBLE).divi(255), true);
        }
    }

    @Test
    void flatRowsAreReadChannelMajorForAFixedSizeModel() {
        INDArray images = gaussian(4, DataType.DOUBLE, 6, 3, 4, 4);
        try (OnnxFeatureExtractor extractor = gemmRelu()) {
            INDArray rows = images.reshape('c', 6, 48);
            assertThat(extractor.extract(rows)).isEqualTo(extractor.extract(images));
            assertThatThrownBy(() -> extractor.extract(Nd4j.rand(DataType.FLOAT, 6, 47)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("[6, 47]")
                    .hasMessageContaining("[batch, 3, 4, 4]")
                    .hasMessageContaining("48 values");
        }
    }

    @Test
    void theNamedOutputIsTheLayerBeforeTheRelu() {
        INDArray images = gaussian(5, DataType.FLOAT, 9, 3, 4, 4);
        try (OnnxFeatureExtractor extractor = OnnxFeatureExtractor.builder(OnnxFixtures.path("gemm_relu.onnx"))
                .output("pre")
                .build()) {
            INDArray features = extractor.extract(images);
            assertRowsEqual(features, images, false);
            assertThat(features.minNumber().doubleValue()).isNegative();
            assertThat(extractor.outputName()).isEqualTo("pre");
        }
    }

    @Test
    void everyBatchSizeGivesTheSameFeatures() {
        INDArray images = gaussian(6, DataType.FLOAT, 10, 3, 4, 4);
        INDArray all;
        try (OnnxFeatureExtractor one = OnnxFeatureExtractor.builder(OnnxFixtures.path("gemm_relu.onnx"))
                .batch(64)
                .build()) {
            all = one.extract(images);
        }
        for (int batch : new int[] {1, 3, 7}) {
            try (OnnxFeatureExtractor extractor = OnnxFeatureExtractor.builder(OnnxFixtures.path("gemm_relu.onnx"))
                    .batch(batch)
                    .build()) {
                assertThat(extractor.extract(images)).as("batch %d", batch).isEqualTo(all);
            }
        }
    }

    /** Resize oracle: Pillow's BILINEAR resize of the same images to 4 x 4 (make_fixtures.py), then relu(W x + b). */
    @ParameterizedTest
    @ValueSource(strings = {"8x8", "11x7", "3x5", "4x9"})
    void imagesOfAnotherSizeAreResizedToTheFixedInputLikePillow(String size) {
        INDArray images = OnnxFixtures.npy("resize_" + size + ".npy");
        INDArray resized = OnnxFixtures.npy("resize_" + size + "_to_4x4.npy");
        try (OnnxFeatureExtractor extractor = gemmRelu()) {
            assertRowsEqual(extractor.extract(images), resized, true);
            assertThat(extractor.name()).isEqualTo("gemm_relu.onnx:features@4x4 bilinear-antialias");
        }
    }

    /** conv_gap.onnx takes any size: images are not resized, and [N, 4, 1, 1] becomes N x 4. */
    @Test
    void aDynamicSizeModelSeesTheImagesAsTheyAreAndItsOutputIsFlattened() {
        double[] mean = {0.1, -0.2, 0.3};
        double[] std = {2, 4, 0.5};
        double scale = 0.5;
        for (long[] shape : new long[][] {{3, 3, 5, 7}, {2, 3, 2, 3}}) {
            INDArray images = gaussian(7, DataType.DOUBLE, shape);
            try (OnnxFeatureExtractor extractor = OnnxFeatureExtractor.builder(OnnxFixtures.path("conv_gap.onnx"))
                    .normalization(Normalization.of(scale, mean, std))
                    .build()) {
                INDArray features = extractor.extract(images);
                assertThat(features.shape()).containsExactly(shape[0], 4);
                assertThat(extractor.name()).isEqualTo("conv_gap.onnx:pooled@native size");
                int plane = (int) (shape[2] * shape[3]);
                for (int i = 0; i < shape[0]; i++) {
                    double[] x = OnnxFixtures.image(images, i);
                    for (int o = 0; o < 4; o++) {
                        double s = 0;
                        for (int p = 0; p < plane; p++) {
                            double v = CONV_B[o];
                            for (int c = 0; c < 3; c++) {
                                v += CONV_W[o][c] * (scale * x[c * plane + p] - mean[c]) / std[c];
                            }
                            s += v;
                        }
                        assertThat(features.getDouble(i, o)).isCloseTo(s / plane, within(1e-4));
                    }
                }
            }
        }
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.onnx");
        assertThatThrownBy(() -> OnnxFeatureExtractor.builder(missing).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "model file " + missing + " does not exist or is not a file: pass the path of an .onnx file "
                                + "(exported with torch.onnx.export)");
    }

    @Test
    void aFileThatIsNotOnnxIsRejectedInOneLine() throws IOException {
        Path text = Files.writeString(dir.resolve("model.onnx"), "this is not a protobuf");
        assertThatThrownBy(() -> OnnxFeatureExtractor.builder(text).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("model file " + text + " is not an ONNX model ONNX Runtime can load (")
                .hasMessageEndingWith("); export the model with torch.onnx.export")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aModelWithoutAnImageInputNamesExpectedAndActualShapes() {
        assertThatThrownBy(() -> OnnxFeatureExtractor.builder(OnnxFixtures.path("flat_input.onnx"))
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("input 'x' is FLOAT [batch, 12], expected an image batch float32 [N, C, H, W]");
    }

    @Test
    void anUnknownOutputListsTheModelsOutputs() {
        assertThatThrownBy(() -> OnnxFeatureExtractor.builder(OnnxFixtures.path("gemm_relu.onnx"))
                        .output("pool3")
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no output 'pool3': its outputs are 'features' [batch, 5], 'pre' [batch, 5]");
    }

    @Test
    void imagesWithOtherChannelsOrANormalisationForOtherChannelsAreRejected() {
        try (OnnxFeatureExtractor extractor = gemmRelu()) {
            assertThatThrownBy(() -> extractor.extract(Nd4j.rand(DataType.FLOAT, 2, 4, 4, 3)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("images have shape [2, 4, 4, 3]")
                    .hasMessageContaining("[batch, 3, 4, 4]")
                    .hasMessageContaining("3 channels expected, got 4")
                    .hasMessageContaining("NHWC");
        }
        assertThatThrownBy(() -> OnnxFeatureExtractor.builder(OnnxFixtures.path("gemm_relu.onnx"))
                        .normalization(Normalization.of(1, new double[] {0, 0, 0, 0}, null))
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("normalization has 4 channels but model")
                .hasMessageContaining("takes 3");
    }

    @Test
    void aClosedExtractorRefusesWork() {
        OnnxFeatureExtractor extractor = gemmRelu();
        extractor.close();
        extractor.close();
        assertThatThrownBy(() -> extractor.extract(Nd4j.rand(DataType.FLOAT, 1, 3, 4, 4)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void builderOptionsAreChecked() {
        OnnxFeatureExtractor.Builder b = OnnxFeatureExtractor.builder(OnnxFixtures.path("gemm_relu.onnx"));
        assertThatThrownBy(() -> b.batch(0)).hasMessage("batch = 0: must be >= 1; pass images per model call, e.g. 32");
        assertThatThrownBy(() -> b.threads(-1)).hasMessageContaining("threads = -1");
        assertThatThrownBy(() -> Normalization.of(1, null, new double[] {1, 0, 1}))
                .hasMessageContaining("each must be finite and > 0");
        assertThatThrownBy(() -> Normalization.of(0, null, null)).hasMessageContaining("scale = 0.0");
    }
}
