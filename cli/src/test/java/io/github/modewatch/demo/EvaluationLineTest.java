package io.github.modewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.internal.data.SceneOptions;
import io.github.modewatch.internal.data.Scenes;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.segmentation.ClassAreaAccumulator;
import io.github.modewatch.metrics.segmentation.FsdReference;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.metrics.segmentation.PaletteSegmenter;
import io.github.modewatch.monitor.Evaluation;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EvaluationLineTest {

    @Test
    void pointsLineShowsIterationNdbCountMissingBinsJsAndTimeButNoFsd() {
        NdbReference bins = NdbReference.fit(GaussianMixtures.ring8(2_000, 1), 8);
        NdbResult half = bins.evaluate(
                GaussianMixtures.sample(
                        GaussianMixtures.keep(GaussianMixtures.ringMeans(), 0, 1, 2, 3),
                        GaussianMixtures.RING_STD,
                        800,
                        2),
                0.05);
        Evaluation e = new Evaluation(12_500, Instant.EPOCH, Duration.ofMillis(1_234), half, null, Double.NaN);

        String line = EvaluationLine.format(e);

        assertThat(half.ndb()).isEqualTo(8);
        assertThat(half.missingBins()).hasSize(4); // the 4 dropped modes' bins; the 4 kept ones are over-generated
        assertThat(line)
                .isEqualTo(String.format(
                        java.util.Locale.ROOT,
                        "iteration  12,500  NDB/K 1.000 (8/8 bins, 4 missing)  JS %.4f  eval 1.23 s",
                        half.js()));
    }

    @Test
    void imageLineAddsFsdItsNoiseFloorAndTheMostUnderGeneratedClass() {
        SceneOptions options = SceneOptions.defaults().withSize(16, 16);
        PaletteSegmenter segmenter = Scenes.segmenter(16, 16);
        FsdReference reference =
                FsdReference.of(segmenter, Scenes.generate(400, 1, options).images());
        ClassAreaAccumulator noPeople = new ClassAreaAccumulator(segmenter.classes());
        for (int[] labels : segmenter.segment(
                Scenes.generate(400, 2, options.without("person")).images())) {
            noPeople.add(labels);
        }
        FsdResult fsd = reference.stats().compare(noPeople.stats());
        Evaluation e = new Evaluation(0, Instant.EPOCH, Duration.ofMillis(50), null, fsd, 0.25);

        String line = EvaluationLine.format(e);

        assertThat(line)
                .isEqualTo(String.format(
                        java.util.Locale.ROOT,
                        "iteration       0  FSD %.1f (noise 0.3, person -100%%)  eval 0.05 s",
                        fsd.distance()));
    }

    @Test
    void mostUnderGeneratedSkipsNanAndPositiveDeltas() {
        assertThat(EvaluationLine.mostUnderGenerated(new double[] {0.2, Double.NaN, -0.1, -0.4, 0.0}))
                .isEqualTo(3);
        assertThat(EvaluationLine.mostUnderGenerated(new double[] {0.2, Double.NaN}))
                .isEqualTo(-1);
    }
}
