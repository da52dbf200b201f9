package io.github.modewatch.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.modewatch.internal.data.SceneBatch;
import io.github.modewatch.internal.data.SceneOptions;
import io.github.modewatch.internal.data.Scenes;
import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.metrics.segmentation.FsdReference;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.metrics.segmentation.PaletteSegmenter;
import io.github.modewatch.metrics.segmentation.Segmenter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * palette_segmenter.onnx is a 1x1 conv with weights 2 p_c and biases -|p_c|^2 for the Scenes palette colours p_c, so
 * its argmax is the nearest colour, argmin_c |x - p_c|^2 = argmax_c (2 p_c . x - |p_c|^2): the oracle is core's
 * PaletteSegmenter on the same images.
 */
class OnnxSegmenterTest {

    static OnnxSegmenter palette() {
        return OnnxSegmenter.builder(OnnxFixtures.path("palette_segmenter.onnx"))
                .classes(Scenes.CLASSES)
                .batch(50)
                .build();
    }

    @Test
    void theOneByOneConvLabelsScenesExactlyAsThePaletteSegmenter() {
        SceneBatch scenes = Scenes.generate(300, 21);
        PaletteSegmenter reference = Scenes.segmenter(32, 32);
        try (OnnxSegmenter onnx = palette()) {
            int[][] expected = reference.segment(scenes.images());
            int[][] got = onnx.segment(scenes.imagesNchw());
            assertThat(got).isDeepEqualTo(expected);
            assertThat(got).isDeepEqualTo(scenes.labels()); // and both recover the drawn classes
            int[][] fromDoubles = onnx.segment(scenes.imagesNchw().castTo(DataType.DOUBLE));
            assertThat(fromDoubles).isDeepEqualTo(expected);
        }
    }

    @Test
    void aViewOfALargerArraySegmentsItsOwnPixels() {
        SceneBatch scenes = Scenes.generate(40, 22);
        INDArray nchw = scenes.imagesNchw();
        INDArray padded = Nd4j.zeros(DataType.FLOAT, 50, 5, 32, 32);
        padded.get(NDArrayIndex.interval(5, 45), NDArrayIndex.interval(1, 4), NDArrayIndex.all(), NDArrayIndex.all())
                .assign(nchw);
        INDArray view = padded.get(
                NDArrayIndex.interval(5, 45), NDArrayIndex.interval(1, 4), NDArrayIndex.all(), NDArrayIndex.all());
        try (OnnxSegmenter onnx = palette()) {
            assertThat(onnx.segment(view)).isDeepEqualTo(scenes.labels());
        }
    }

    /** FSD (Bau et al. 2019) of scenes without cars and people against normal scenes, through both segmenters. */
    @Test
    void fsdThroughTheOnnxSegmenterEqualsFsdThroughThePaletteSegmenter() {
        SceneBatch real = Scenes.generate(400, 23);
        SceneBatch generated = Scenes.generate(400, 24, SceneOptions.defaults().without("car", "person"));
        FsdResult expected = fsd(Scenes.segmenter(32, 32), real.images(), generated.images());
        FsdResult got;
        try (OnnxSegmenter onnx = palette()) {
            got = fsd(onnx, real.imagesNchw(), generated.imagesNchw());
        }
        // the missing classes show: two normal sets of 400 scenes are ~2.8 apart (seeds 23 vs 27)
        assertThat(expected.frechet().distance()).isGreaterThan(5);
        assertThat(got.frechet().distance()).isCloseTo(expected.frechet().distance(), within(1e-9));
        assertThat(got.generatedMean()).containsExactly(expected.generatedMean(), within(1e-12));
        assertThat(got.classes()).isEqualTo(Scenes.CLASSES);
    }

    static FsdResult fsd(Segmenter segmenter, INDArray real, INDArray generated) {
        return FsdReference.of(segmenter, real)
                .stats()
                .compare(FsdReference.of(segmenter, generated).stats());
    }

    /** A fixed 8 x 8 input: 32 x 32 scenes are resized first, labels come back at 8 x 8. */
    @Test
    void aFixedSizeSegmenterLabelsTheResizedImagesAtItsOutputSize() {
        SceneBatch scenes = Scenes.generate(20, 25);
        float[] resized =
                AntialiasedBilinear.resize(scenes.imagesNchw().dup('c').data().asFloat(), 20 * 3, 32, 32, 8, 8);
        int[][] expected = new PaletteSegmenter(Scenes.CLASSES, Scenes.classColours(), 8, 8)
                .segment(Nd4j.create(resized, new long[] {20, 3 * 64}, 'c'));
        try (OnnxSegmenter onnx = OnnxSegmenter.builder(OnnxFixtures.path("palette_segmenter_8x8.onnx"))
                .build()) {
            int[][] got = onnx.segment(scenes.imagesNchw());
            assertThat(got[0]).hasSize(64);
            assertThat(got).isDeepEqualTo(expected);
            assertThat(onnx.classes()).containsExactly("class0", "class1", "class2", "class3", "class4", "class5");
            assertThat(onnx.name()).isEqualTo("palette_segmenter_8x8.onnx:logits@8x8 bilinear-antialias");
        }
    }

    @Test
    void aModelWithoutPerPixelScoresIsRejectedWithItsShape() {
        assertThatThrownBy(() -> OnnxSegmenter.builder(OnnxFixtures.path("gemm_relu.onnx"))
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("output 'features' has shape [batch, 5], expected per-pixel class scores "
                        + "[N, classes, H, W]");
    }

    @Test
    void classNamesMustMatchTheOutputChannels() {
        assertThatThrownBy(() -> OnnxSegmenter.builder(OnnxFixtures.path("palette_segmenter.onnx"))
                        .classes(List.of("a", "b", "c", "d", "e"))
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(
                        "output 'logits' has shape [batch, 6, height, width]: 6 classes, but 5 class names");
        assertThatThrownBy(() -> OnnxSegmenter.builder(OnnxFixtures.path("palette_segmenter.onnx"))
                        .classes(List.of("a", "a")))
                .hasMessageContaining("repeats a name");
    }

    /** tie_segmenter.onnx scores every pixel (1, 1, 0.5): the first of the tied classes wins, as numpy's argmax. */
    @Test
    void tiesGoToTheFirstClass() {
        try (OnnxSegmenter onnx =
                OnnxSegmenter.builder(OnnxFixtures.path("tie_segmenter.onnx")).build()) {
            int[][] labels = onnx.segment(Nd4j.rand(DataType.FLOAT, 2, 3, 3, 5));
            assertThat(labels).hasDimensions(2, 15);
            assertThat(labels[0]).containsOnly(0);
            assertThat(labels[1]).containsOnly(0);
        }
    }

    @Test
    void nanPixelsAreReportedNotLabelled() {
        INDArray images = Scenes.generate(3, 26).imagesNchw().dup();
        images.putScalar(new long[] {1, 0, 2, 3}, Float.NaN); // a NaN pixel makes every class score NaN
        try (OnnxSegmenter onnx = palette()) {
            assertThatThrownBy(() -> onnx.segment(images))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("NaN class score for image 1 at pixel 67");
        }
    }
}
