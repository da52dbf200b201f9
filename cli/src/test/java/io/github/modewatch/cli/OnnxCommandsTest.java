package io.github.modewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modewatch.internal.data.SceneBatch;
import io.github.modewatch.internal.data.SceneOptions;
import io.github.modewatch.internal.data.Scenes;
import io.github.modewatch.io.Npy;
import io.github.modewatch.metrics.segmentation.FsdReference;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.metrics.segmentation.PaletteSegmenter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code extract} and {@code fsd --segmenter} on the ONNX fixtures of onnx/scripts/make_fixtures.py:
 * gemm_relu.onnx = relu(W x + b) on 3 x 4 x 4 images (W, b also saved as .npy), palette_segmenter.onnx = a 1x1 conv
 * whose argmax is the nearest Scenes palette colour (so core's PaletteSegmenter is the oracle).
 */
class OnnxCommandsTest {
    static final Path FIXTURES =
            Path.of(System.getProperty("modewatch.root", "."), "onnx", "src", "test", "resources", "onnx");

    @TempDir
    static Path dir;

    static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    static String fixture(String name) {
        return FIXTURES.resolve(name).toString();
    }

    static String path(String name) {
        return dir.resolve(name).toString();
    }

    static INDArray gaussian(long seed, long... shape) {
        Random random = new Random(seed);
        double[] v = new double[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }

    static SceneBatch real;
    static SceneBatch generated;

    @BeforeAll
    static void writeInputs() throws IOException {
        Npy.write(dir.resolve("images64.npy"), gaussian(1, 6, 3, 4, 4));
        Npy.write(dir.resolve("images32.npy"), gaussian(1, 6, 3, 4, 4).castTo(DataType.FLOAT));
        Npy.write(dir.resolve("rows.npy"), gaussian(1, 6, 3, 4, 4).reshape('c', 6, 48));
        int[] pixels = new int[6 * 48];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 37) % 256;
        }
        Npy.write(dir.resolve("int.npy"), Nd4j.createFromArray(pixels).reshape(6, 3, 4, 4));
        Npy.write(dir.resolve("nhwc.npy"), gaussian(2, 6, 4, 4, 3));
        Files.writeString(dir.resolve("fake.onnx"), "not a model");
        Files.write(
                dir.resolve("labels-idx1-ubyte"),
                java.nio.ByteBuffer.allocate(10)
                        .putInt(io.github.modewatch.io.Idx.LABELS_MAGIC)
                        .putInt(2)
                        .put((byte) 1)
                        .put((byte) 2)
                        .array());
        real = Scenes.generate(200, 31);
        generated = Scenes.generate(200, 32, SceneOptions.defaults().without("tree"));
        Npy.write(dir.resolve("real-scenes.npy"), real.imagesNchw());
        Npy.write(dir.resolve("generated-scenes.npy"), generated.imagesNchw());
    }

    /** relu(W x + b) per row of x (n x 48). */
    static double[][] gemmRelu(INDArray rows, boolean relu) {
        double[][] w = Npy.read(FIXTURES.resolve("gemm_relu_weight.npy"))
                .castTo(DataType.DOUBLE)
                .toDoubleMatrix();
        double[] b = Npy.read(FIXTURES.resolve("gemm_relu_bias.npy"))
                .castTo(DataType.DOUBLE)
                .toDoubleVector();
        double[][] x =
                rows.castTo(DataType.DOUBLE).reshape('c', rows.size(0), 48).toDoubleMatrix();
        double[][] y = new double[x.length][w.length];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < w.length; o++) {
                double s = b[o];
                for (int k = 0; k < 48; k++) {
                    s += w[o][k] * x[i][k];
                }
                y[i][o] = relu ? Math.max(0, s) : s;
            }
        }
        return y;
    }

    static void assertFeatures(Path file, double[][] expected) {
        INDArray got = Npy.read(file);
        assertThat(got.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(got.shape()).containsExactly(expected.length, expected[0].length);
        for (int i = 0; i < expected.length; i++) {
            for (int o = 0; o < expected[0].length; o++) {
                // float32 arithmetic in the model: 1e-4 absolute, or relative for the integer pixels' large values
                assertThat(got.getDouble(i, o))
                        .isCloseTo(expected[i][o], within(1e-4 * Math.max(1, Math.abs(expected[i][o]))));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"images64.npy", "images32.npy", "rows.npy"})
    void extractWritesTheModelsFeaturesAsFloat32(String input) {
        CliRun r = cli(
                "extract",
                "--model",
                fixture("gemm_relu.onnx"),
                "--input",
                path(input),
                "--out",
                path("f-" + input),
                "--batch",
                "4");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("features 6 x 5 float32")
                .contains("extractor gemm_relu.onnx:features@4x4 bilinear-antialias");
        assertFeatures(dir.resolve("f-" + input), gemmRelu(Npy.read(dir.resolve(input)), true));
    }

    @Test
    void extractReadsIntegerPixelsAndANamedOutput() {
        CliRun r = cli(
                "extract",
                "--model",
                fixture("gemm_relu.onnx"),
                "--input",
                path("int.npy"),
                "--out",
                path("pre.npy"),
                "--output",
                "pre");
        assertThat(r.status()).as(r.err()).isZero();
        double[][] expected = gemmRelu(Npy.read(dir.resolve("int.npy")), false);
        assertFeatures(dir.resolve("pre.npy"), expected);
        assertThat(java.util.Arrays.stream(expected)
                        .flatMapToDouble(java.util.Arrays::stream)
                        .min()
                        .orElseThrow())
                .as("the pre-relu output has negatives")
                .isNegative();
    }

    @Test
    void extractReadsIdxImagesAsGreyNchwAndCachesAReferenceAsNpz() throws IOException {
        // 5 grey images of 6 x 5 pixels, IDX (gzipped), pixel bytes i * 7 + p mod 256
        int n = 5;
        int h = 6;
        int w = 5;
        java.nio.ByteBuffer idx = java.nio.ByteBuffer.allocate(16 + n * h * w)
                .putInt(io.github.modewatch.io.Idx.IMAGES_MAGIC)
                .putInt(n)
                .putInt(h)
                .putInt(w);
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < h * w; p++) {
                int v = (i * 7 + p * 13) % 256;
                idx.put((byte) v);
                mean[i] += v / 255.0 / (h * w);
            }
        }
        Path images = dir.resolve("grey-images-idx3-ubyte.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(images))) {
            out.write(idx.array());
        }
        CliRun r = cli(
                "extract",
                "--model",
                fixture("grey_gap.onnx"),
                "--input",
                images.toString(),
                "--out",
                path("grey.npz"));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("features 5 x 2 float32");

        // oracle: the model is feature o = weight[o] * mean pixel + bias[o], weights (2, -3), biases (0.5, 1)
        io.github.modewatch.metrics.features.FeatureReference reference =
                io.github.modewatch.metrics.features.FeatureReference.load(dir.resolve("grey.npz"));
        INDArray features = reference.features();
        for (int i = 0; i < n; i++) {
            assertThat(features.getDouble(i, 0)).isCloseTo(2 * mean[i] + 0.5, within(1e-5));
            assertThat(features.getDouble(i, 1)).isCloseTo(-3 * mean[i] + 1.0, within(1e-5));
        }
        assertThat(reference.stats().mean()[0])
                .isCloseTo(
                        java.util.Arrays.stream(mean)
                                .map(m -> 2 * m + 0.5)
                                .average()
                                .orElseThrow(),
                        within(1e-5));
        // the cached reference is a sample file for kid and prdc too
        CliRun kid = cli(
                "kid",
                "--real",
                path("grey.npz"),
                "--generated",
                path("grey.npz"),
                "--subsets",
                "1",
                "--subset-size",
                "5",
                "--json");
        assertThat(kid.status()).as(kid.err()).isZero();
        assertThat(kid.out()).containsPattern("\"realSize\"\\s*:\\s*5").containsPattern("\"generatedSize\"\\s*:\\s*5");
    }

    /** Oracle: core's PaletteSegmenter and FSD code on the same scenes. */
    @Test
    void fsdWithAnOnnxSegmenterEqualsThePaletteSegmentersFsd() throws IOException {
        CliRun r = cli(
                "fsd",
                "--segmenter",
                fixture("palette_segmenter.onnx"),
                "--classes",
                String.join(",", Scenes.CLASSES),
                "--real",
                path("real-scenes.npy"),
                "--generated",
                path("generated-scenes.npy"),
                "--json");
        assertThat(r.status()).as(r.err()).isZero();
        PaletteSegmenter palette = Scenes.segmenter(32, 32);
        FsdResult expected = FsdReference.of(palette, real.images())
                .stats()
                .compare(FsdReference.of(palette, generated.images()).stats());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("distance").asDouble()).isCloseTo(expected.distance(), within(1e-9));
        assertThat(json.get("meanTerm").asDouble()).isCloseTo(expected.frechet().meanTerm(), within(1e-9));
        assertThat(json.get("covarianceTerm").asDouble())
                .isCloseTo(expected.frechet().covarianceTerm(), within(1e-9));
        assertThat(json.get("realSize").asLong()).isEqualTo(200);
        assertThat(json.get("generatedSize").asLong()).isEqualTo(200);
        assertThat(json.get("dims").asLong()).isEqualTo(6);
        for (int c = 0; c < 6; c++) {
            assertThat(json.get("realClassFractions").get(c).asDouble())
                    .isCloseTo(expected.referenceMean()[c], within(1e-9));
            assertThat(json.get("generatedClassFractions").get(c).asDouble())
                    .isCloseTo(expected.generatedMean()[c], within(1e-9));
            assertThat(json.get("classes").get(c).asText()).isEqualTo(Scenes.CLASSES.get(c));
        }
        assertThat(json.get("generatedClassFractions").get(Scenes.TREE).asDouble())
                .as("no trees drawn")
                .isZero();
        assertThat(json.get("realClassFractions").get(Scenes.TREE).asDouble()).isPositive();
        assertThat(json.get("segmenter").asText()).isEqualTo("palette_segmenter.onnx:logits@native size");
    }

    @Test
    void fsdWithASegmenterPrintsTheClassTable() {
        CliRun r = cli(
                "fsd",
                "--segmenter",
                fixture("palette_segmenter.onnx"),
                "--real",
                path("real-scenes.npy"),
                "--generated",
                path("generated-scenes.npy"));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Frechet distance")
                .contains("segmenter palette_segmenter.onnx:logits@native size")
                .containsPattern("class3 +[0-9.]+ +0\\.000");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing model        | extract --model DIR/nope.onnx --input DIR/images32.npy --out DIR/o.npy | nope.onnx;does not exist",
                "not onnx             | extract --model DIR/fake.onnx --input DIR/images32.npy --out DIR/o.npy | fake.onnx;not an ONNX model",
                "not an image model   | extract --model FIX/flat_input.onnx --input DIR/images32.npy --out DIR/o.npy | [batch# 12];[N# C# H# W]",
                "NHWC images          | extract --model FIX/gemm_relu.onnx --input DIR/nhwc.npy --out DIR/o.npy | [6# 4# 4# 3];[batch# 3# 4# 4];NHWC",
                "unknown output       | extract --model FIX/gemm_relu.onnx --input DIR/images32.npy --out DIR/o.npy --output pool3 | pool3;outputs are;features;[batch# 5];pre",
                "out not npy          | extract --model FIX/gemm_relu.onnx --input DIR/images32.npy --out DIR/o.csv | --out;.npy or .npz",
                "idx labels as images | extract --model FIX/grey_gap.onnx --input DIR/labels-idx1-ubyte --out DIR/o.npy | --input;label file",
                "batch zero           | extract --model FIX/gemm_relu.onnx --input DIR/images32.npy --out DIR/o.npy --batch 0 | --batch 0;>= 1",
                "missing input        | extract --model FIX/gemm_relu.onnx --input DIR/none.npy --out DIR/o.npy | --input;none.npy;not found",
                "segmenter not onnx   | fsd --segmenter DIR/fake.onnx --real DIR/real-scenes.npy --generated DIR/generated-scenes.npy | fake.onnx;not an ONNX model",
                "segmenter on stats   | fsd --segmenter FIX/palette_segmenter.onnx --real-stats DIR/s.npz --generated DIR/generated-scenes.npy | --segmenter;needs images",
                "not a segmenter      | fsd --segmenter FIX/gemm_relu.onnx --real DIR/images32.npy --generated DIR/images32.npy | [batch# 5];[N# classes# H# W]",
                "class count          | fsd --segmenter FIX/palette_segmenter.onnx --classes a,b --real DIR/real-scenes.npy --generated DIR/generated-scenes.npy | 6 classes;2 class names",
                "segmenter channels   | fsd --segmenter FIX/palette_segmenter.onnx --real DIR/nhwc.npy --generated DIR/nhwc.npy | [6# 4# 4# 3];3 channels expected",
            })
    void badOnnxInputExitsWithStatusTwoAndOneLine(String name, String args, String expected) {
        String[] argv = args.strip()
                .replace("FIX/", FIXTURES + "/")
                .replace("DIR/", dir + "/")
                .split(" +");
        CliRun r = cli(argv);
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).as("one line").doesNotContain("\n").startsWith("modewatch ");
        for (String part : expected.split(";")) { // ';' separates the expected parts, '#' stands for ','
            assertThat(r.err()).contains(part.replace('#', ','));
        }
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(dir.resolve("o.npy")).as("nothing written").doesNotExist();
    }

    @Test
    void extractPrintsHelp() {
        CliRun r = cli("extract", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out())
                .contains("Usage: modewatch extract")
                .contains("--model")
                .contains("--output");
    }
}
