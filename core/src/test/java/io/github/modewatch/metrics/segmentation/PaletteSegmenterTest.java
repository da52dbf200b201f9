package io.github.modewatch.metrics.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modewatch.internal.data.SceneBatch;
import io.github.modewatch.internal.data.SceneOptions;
import io.github.modewatch.internal.data.Scenes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PaletteSegmenterTest {

    @Test
    void recoversTheLabelsOfNoiseFreeScenesExactly() {
        SceneBatch scenes = Scenes.generate(100, 1, SceneOptions.defaults().withNoiseStd(0));
        int[][] labels = Scenes.segmenter(32, 32).segment(scenes.images());
        assertThat(labels).isDeepEqualTo(scenes.labels());
    }

    @Test
    void recoversAtLeast99PercentOfThePixelsOfNoisyScenes() {
        SceneBatch scenes = Scenes.generate(300, 2, SceneOptions.defaults().withNoiseStd(0.06));
        int[][] labels = Scenes.segmenter(32, 32).segment(scenes.images());
        int[][] truth = scenes.labels();
        long right = 0;
        long total = 0;
        for (int i = 0; i < truth.length; i++) {
            for (int p = 0; p < truth[i].length; p++) {
                right += labels[i][p] == truth[i][p] ? 1 : 0;
                total++;
            }
        }
        assertThat((double) right / total).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void nchwFlattenedAndDoubleInputsGiveTheSameLabels() {
        SceneBatch scenes = Scenes.generate(10, 3, SceneOptions.defaults().withSize(16, 24));
        PaletteSegmenter segmenter = Scenes.segmenter(16, 24);

        int[][] flat = segmenter.segment(scenes.images());
        assertThat(segmenter.segment(scenes.imagesNchw())).isDeepEqualTo(flat);
        assertThat(segmenter.segment(scenes.images().castTo(DataType.DOUBLE))).isDeepEqualTo(flat);
        assertThat(flat).isDeepEqualTo(scenes.labels());
    }

    @Test
    void labelsBatchesLargerThanOneCopyBlock() {
        int n = PaletteSegmenter.BATCH_IMAGES + 3;
        SceneBatch scenes = Scenes.generate(n, 4, SceneOptions.defaults().withSize(16, 16));
        assertThat(Scenes.segmenter(16, 16).segment(scenes.images())).isDeepEqualTo(scenes.labels());
    }

    @Test
    void labelsRowViewsOfALargerArray() {
        SceneBatch scenes = Scenes.generate(6, 5, SceneOptions.defaults().withSize(16, 16));
        INDArray rows = scenes.images()
                .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5), org.nd4j.linalg.indexing.NDArrayIndex.all());
        int[][] labels = Scenes.segmenter(16, 16).segment(rows);
        assertThat(labels).hasNumberOfRows(3);
        assertThat(labels[0]).isEqualTo(scenes.labels(2));
        assertThat(labels[2]).isEqualTo(scenes.labels(4));
    }

    @Test
    void anEmptyBatchGivesNoLabelMaps() {
        assertThat(Scenes.segmenter(16, 16).segment(Nd4j.create(DataType.FLOAT, 0, 3 * 16 * 16)))
                .isEmpty();
    }

    @Test
    void wrongShapesAreRejectedWithTheExpectedShape() {
        PaletteSegmenter segmenter = Scenes.segmenter(32, 32);
        assertThatThrownBy(() -> segmenter.segment(Nd4j.zeros(DataType.FLOAT, 2, 100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, 100]")
                .hasMessageContaining("[n, 3072]")
                .hasMessageContaining("[n, 3, 32, 32]");
        assertThatThrownBy(() -> segmenter.segment(Nd4j.zeros(DataType.FLOAT, 2, 32, 32, 3)))
                .hasMessageContaining("NHWC");
        assertThatThrownBy(() -> segmenter.segment(Nd4j.zeros(DataType.FLOAT, 2, 3, 16, 16)))
                .hasMessageContaining("[2, 3, 16, 16]");
        assertThatThrownBy(() -> segmenter.segment(Nd4j.zeros(DataType.FLOAT, 3, 32, 32)))
                .hasMessageContaining("rank 3");
        assertThatThrownBy(() -> segmenter.segment(Nd4j.zeros(DataType.INT, 2, 3072)))
                .hasMessageContaining("INT");
        assertThatThrownBy(() -> segmenter.segment(null)).hasMessageContaining("null");
    }

    @Test
    void aNonFinitePixelIsReportedWithItsImageAndPosition() {
        INDArray images =
                Scenes.generate(3, 6, SceneOptions.defaults().withSize(16, 16)).images();
        images.putScalar(new long[] {1, 16 * 16 + 5 * 16 + 7}, Float.NaN); // image 1, green channel, y 5, x 7
        assertThatThrownBy(() -> Scenes.segmenter(16, 16).segment(images))
                .hasMessageContaining("image 1")
                .hasMessageContaining("y = 5, x = 7")
                .hasMessageContaining("NaN");
    }

    @Test
    void constructorRejectsMismatchedPalettes() {
        assertThatThrownBy(() -> new PaletteSegmenter(List.of("a", "b"), new double[][] {{0, 0, 0}}, 4, 4))
                .hasMessageContaining("1 colours for 2 classes");
        assertThatThrownBy(() -> new PaletteSegmenter(List.of("a"), new double[][] {{0, 0}}, 4, 4))
                .hasMessageContaining("class 'a'");
        assertThatThrownBy(() -> new PaletteSegmenter(List.of("a"), new double[][] {{0, 0, 0}}, 0, 4))
                .hasMessageContaining("height = 0");
    }

    @Test
    void scenesWithoutPersonsHaveALargerFsdThanScenesOfTheSameDistribution() {
        // FSD (Bau et al., ICCV 2019) on class areas from the palette segmenter; three seed triples so the
        // ordering is not one lucky draw.
        for (int seed = 0; seed < 3; seed++) {
            SegmentationStats reference = stats(Scenes.generate(2_000, 100 + seed));
            FsdResult same = reference.compare(stats(Scenes.generate(2_000, 200 + seed)));
            FsdResult noPersons = reference.compare(stats(
                    Scenes.generate(2_000, 300 + seed, SceneOptions.defaults().without("person"))));

            assertThat(noPersons.distance()).as("seed %d", seed).isGreaterThan(same.distance());
            assertThat(noPersons.relativeDeltas()[Scenes.PERSON])
                    .as("person is never generated")
                    .isEqualTo(-1.0);
            assertThat(same.relativeDeltas()[Scenes.PERSON]).isGreaterThan(-0.5);
            int[] order = noPersons.classesByReferenceShare();
            assertThat(order[order.length - 1]).as("person is the rarest class").isEqualTo(Scenes.PERSON);
        }
    }

    private static SegmentationStats stats(SceneBatch scenes) {
        ClassAreaAccumulator accumulator = new ClassAreaAccumulator(scenes.classes());
        for (int[] map : Scenes.segmenter(scenes.height(), scenes.width()).segment(scenes.images())) {
            accumulator.add(map);
        }
        return accumulator.stats();
    }
}
