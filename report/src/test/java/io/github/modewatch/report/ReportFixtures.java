package io.github.modewatch.report;

import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.internal.data.SceneBatch;
import io.github.modewatch.internal.data.SceneOptions;
import io.github.modewatch.internal.data.Scenes;
import io.github.modewatch.metrics.ndb.NdbOptions;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.ndb.Progress;
import io.github.modewatch.metrics.segmentation.ClassAreaAccumulator;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.metrics.segmentation.PaletteSegmenter;
import io.github.modewatch.metrics.segmentation.SegmentationStats;
import io.github.modewatch.monitor.Evaluation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Evaluation histories computed with the real metrics on synthetic data: a "training run" whose generator is a
 * scene or Gaussian-mixture sampler that drops classes or modes, so the report has something to show.
 */
final class ReportFixtures {
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private ReportFixtures() {}

    /** A run on scenes, with the generator's stand-ins per evaluation, and the last evaluation's samples. */
    record SceneRun(List<Evaluation> history, ReportSamples samples) {}

    /**
     * Scenes of the given size: the "generator" first lacks several object classes, then draws everything, then
     * collapses to scenes without persons and cars, and for the last 3 evaluations without trees either (what the
     * ModeCollapse rule needs to call it a collapse).
     */
    static SceneRun sceneRun(int size, int referenceCount, int generatedCount, int bins) {
        SceneOptions options = SceneOptions.defaults().withSize(size, size);
        SceneBatch reference = Scenes.generate(referenceCount, 1, options);
        INDArray referenceImages = reference.images();
        NdbReference ndbBins =
                NdbReference.fit(referenceImages, NdbOptions.of(bins).withSeed(7), Progress.NONE);
        PaletteSegmenter segmenter = Scenes.segmenter(size, size);
        SegmentationStats referenceStats = stats(segmenter, referenceImages);
        int half = referenceCount / 2;
        double noiseFloor = stats(segmenter, referenceImages.get(NDArrayIndex.interval(0, half), NDArrayIndex.all()))
                .compare(stats(
                        segmenter,
                        referenceImages.get(NDArrayIndex.interval(half, referenceCount), NDArrayIndex.all())))
                .distance();

        List<SceneOptions> stages = List.of(
                options.without("building", "tree", "person", "car"),
                options.without("tree", "person"),
                options.without("person"),
                options,
                options,
                options.without("person", "car"),
                options.without("person", "car", "tree").withNoiseStd(0.05),
                options.without("person", "car", "tree").withNoiseStd(0.05),
                options.without("person", "car", "tree").withNoiseStd(0.05));
        List<Evaluation> history = new ArrayList<>();
        INDArray lastGenerated = null;
        for (int i = 0; i < stages.size(); i++) {
            INDArray generated =
                    Scenes.generate(generatedCount, 100 + i, stages.get(i)).images();
            NdbResult ndb = ndbBins.evaluate(generated, 0.05);
            FsdResult fsd = referenceStats.compare(stats(segmenter, generated));
            history.add(new Evaluation(
                    500L * i, START.plusSeconds(60L * i), Duration.ofMillis(1200 + 10L * i), ndb, fsd, noiseFloor));
            lastGenerated = generated;
        }
        ReportSamples samples = ReportSamples.of(
                SampleKind.image(3, size, size),
                referenceImages,
                ndbBins.assign(referenceImages),
                lastGenerated,
                ndbBins.assign(lastGenerated));
        return new SceneRun(history, samples);
    }

    static SegmentationStats stats(PaletteSegmenter segmenter, INDArray images) {
        ClassAreaAccumulator acc = new ClassAreaAccumulator(segmenter.classes());
        for (int[] map : segmenter.segment(images)) {
            acc.add(map);
        }
        return acc.stats();
    }

    /** A run on PacGAN's ring-8: the generator covers 8 modes, then collapses onto fewer and fewer. */
    static SceneRun ringRun(int referenceCount, int generatedCount, int bins) {
        INDArray reference = GaussianMixtures.ring8(referenceCount, 1);
        NdbReference ndbBins = NdbReference.fit(reference, NdbOptions.of(bins).withSeed(3), Progress.NONE);
        int[][] modes = {{0, 1, 2, 3, 4, 5, 6, 7}, {0, 1, 2, 3, 4, 5, 6, 7}, {0, 1, 2, 4, 5, 6}, {0, 2, 4}, {2}};
        List<Evaluation> history = new ArrayList<>();
        INDArray lastGenerated = null;
        for (int i = 0; i < modes.length; i++) {
            INDArray generated = GaussianMixtures.sample(
                    GaussianMixtures.keep(GaussianMixtures.ringMeans(), modes[i]),
                    GaussianMixtures.RING_STD,
                    generatedCount,
                    10 + i);
            history.add(new Evaluation(
                    1000L * i,
                    START.plusSeconds(30L * i),
                    Duration.ofMillis(80),
                    ndbBins.evaluate(generated, 0.05),
                    null,
                    Double.NaN));
            lastGenerated = generated;
        }
        ReportSamples samples = ReportSamples.of(
                SampleKind.POINTS_2D,
                reference,
                ndbBins.assign(reference),
                lastGenerated,
                ndbBins.assign(lastGenerated));
        return new SceneRun(history, samples);
    }
}
