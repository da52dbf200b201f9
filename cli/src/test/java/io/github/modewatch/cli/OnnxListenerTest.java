package io.github.modewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.modewatch.ModeWatch;
import io.github.modewatch.dl4j.GeneratorSampler;
import io.github.modewatch.dl4j.ModeWatchListener;
import io.github.modewatch.internal.data.SceneOptions;
import io.github.modewatch.internal.data.Scenes;
import io.github.modewatch.io.Npy;
import io.github.modewatch.metrics.features.FeatureReference;
import io.github.modewatch.metrics.features.FeatureResult;
import io.github.modewatch.metrics.features.KidOptions;
import io.github.modewatch.onnx.OnnxFeatureExtractor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A real ONNX model as the listener's feature extractor, the way a user plugs in an exported Inception: conv_gap.onnx
 * (1x1 conv 3 -> 4, global average pool; onnx/scripts/make_fixtures.py) on palette scenes. Oracle: the model is linear
 * in the image's mean colour, so each feature row is W * mean RGB + b with the fixture's W and b; the listener's
 * results must equal {@link FeatureReference#compare} on those rows.
 */
class OnnxListenerTest {
    private static final Path MODEL = OnnxCommandsTest.FIXTURES.resolve("conv_gap.onnx");

    /** W mean-rgb + b per image of n x 3 x h x w images. */
    private static double[][] oracle(INDArray nchw) {
        double[][] w = Npy.read(OnnxCommandsTest.FIXTURES.resolve("conv_gap_weight.npy"))
                .castTo(DataType.DOUBLE)
                .toDoubleMatrix();
        double[] b = Npy.read(OnnxCommandsTest.FIXTURES.resolve("conv_gap_bias.npy"))
                .castTo(DataType.DOUBLE)
                .toDoubleVector();
        INDArray mean = nchw.castTo(DataType.DOUBLE).mean(2, 3); // n x 3
        double[][] out = new double[(int) nchw.size(0)][4];
        for (int i = 0; i < out.length; i++) {
            for (int o = 0; o < 4; o++) {
                double s = b[o];
                for (int c = 0; c < 3; c++) {
                    s += w[o][c] * mean.getDouble(i, c);
                }
                out[i][o] = s;
            }
        }
        return out;
    }

    @Test
    void anOnnxExtractorFeedsTheListenersFeatureMetricsAndIsClosedWithIt() {
        INDArray real = Scenes.generate(300, 5).imagesNchw();
        INDArray treeless =
                Scenes.generate(200, 6, SceneOptions.defaults().without("tree")).imagesNchw();
        OnnxFeatureExtractor extractor = OnnxFeatureExtractor.builder(MODEL).build();
        FeatureReference reference = FeatureReference.of(extractor, real)
                .withKid(KidOptions.builder().subsets(5).subsetSize(100).build());
        double[][] expectedRows = oracle(real);
        INDArray rows = reference.features();
        for (int i = 0; i < expectedRows.length; i += 37) {
            for (int o = 0; o < 4; o++) {
                assertThat(rows.getDouble(i, o)).isCloseTo(expectedRows[i][o], within(1e-4));
            }
        }

        FeatureResult got;
        try (ModeWatchListener listener = ModeWatch.listener()
                .generator(GeneratorSampler.function(
                        z -> treeless.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, z.size(0)))
                                .dup(),
                        3))
                .features(extractor, reference)
                .samples(200)
                .batchSize(200) // one batch: the function returns the first n images of the set
                .evaluateOnClose(false)
                .build()) {
            got = listener.evaluateNow(0).features();
        }
        FeatureResult expected = reference.compare(
                extractor.name(),
                org.nd4j.linalg.factory.Nd4j.createFromArray(oracle(treeless)),
                got.frechetNoiseFloor());
        assertThat(got.extractor()).isEqualTo(extractor.name()).startsWith("conv_gap.onnx");
        assertThat(got.frechet().distance()).isCloseTo(expected.frechet().distance(), within(1e-4));
        assertThat(got.prdc().coverage()).isEqualTo(expected.prdc().coverage());
        assertThat(got.frechet().distance()).as("scenes without trees differ").isGreaterThan(got.frechetNoiseFloor());
        assertThatThrownBy(() -> extractor.extract(real))
                .as("the listener closed the ONNX Runtime session")
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void flatRowsForADynamicSizeModelFailTheBuildNamingTheShapes() {
        INDArray real = Scenes.generate(50, 5).imagesNchw();
        try (OnnxFeatureExtractor extractor =
                OnnxFeatureExtractor.builder(MODEL).build()) {
            FeatureReference reference = FeatureReference.of(extractor, real);
            // a dense generator gives n x 3*16*16 rows; a model with a dynamic input size cannot know H and W
            assertThatThrownBy(() -> ModeWatch.listener()
                            .generator(GeneratorSampler.function(
                                    z -> Scenes.generate((int) z.size(0), 9).images(), 3))
                            .features(extractor, reference)
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("features: extractor '" + extractor.name() + "'")
                    .hasMessageContaining("[2, " + real.size(1) * real.size(2) * real.size(3) + "]");
        }
    }
}
