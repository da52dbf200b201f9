package io.github.modewatch.demo;

import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.internal.data.SceneOptions;
import io.github.modewatch.internal.data.Scenes;
import io.github.modewatch.metrics.segmentation.PaletteSegmenter;
import io.github.modewatch.report.SampleKind;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The demo's real (training) samples, one per row as the GAN sees them: flattened channel-major RGB scenes in
 * [0, 1], or 2-D points. Drawn once from a seed; minibatches are drawn from them with replacement.
 */
final class TrainingData {
    private final DemoRecipe recipe;
    private final INDArray samples;

    private TrainingData(DemoRecipe recipe, INDArray samples) {
        this.recipe = recipe;
        this.samples = samples;
    }

    static TrainingData of(DemoRecipe recipe, long seed) {
        int n = recipe.trainingSamples();
        INDArray samples =
                switch (recipe.dataset()) {
                    case SCENES ->
                        Scenes.generate(
                                        n,
                                        seed,
                                        SceneOptions.defaults().withSize(recipe.imageSize(), recipe.imageSize()))
                                .images();
                    case RING -> GaussianMixtures.ring8(n, seed).castTo(DataType.FLOAT);
                    case GRID -> GaussianMixtures.grid25(n, seed).castTo(DataType.FLOAT);
                };
        return new TrainingData(recipe, samples);
    }

    /** All samples, n x width (float32); do not modify. */
    INDArray samples() {
        return samples;
    }

    /** The first {@code n} samples (a copy). */
    INDArray first(int n) {
        return samples.getRows(java.util.stream.IntStream.range(0, (int) Math.min(n, samples.rows()))
                .toArray());
    }

    /** A minibatch drawn with replacement. */
    INDArray batch(SplittableRandom random, int size) {
        int[] rows = new int[size];
        for (int i = 0; i < size; i++) {
            rows[i] = random.nextInt((int) samples.rows());
        }
        return samples.getRows(rows);
    }

    /** The palette segmenter of the scenes (FSD); only for {@link DemoDataset#SCENES}. */
    PaletteSegmenter segmenter() {
        if (!recipe.dataset().hasFsd()) {
            throw new IllegalStateException(recipe.dataset() + " has no segmenter");
        }
        return Scenes.segmenter(recipe.imageSize(), recipe.imageSize());
    }

    /** How the report shows a row. */
    SampleKind kind() {
        return recipe.imageSize() == 0
                ? SampleKind.POINTS_2D
                : SampleKind.image(3, recipe.imageSize(), recipe.imageSize());
    }
}
