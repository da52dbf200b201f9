package io.github.modewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modewatch.FashionMnistFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The demo's Fashion-MNIST classifier, trained on a subset to stay fast: accuracy on the 10,000 test images above a
 * measured floor, the same network from the same seed, and the cache round trip. Oracle for the accuracy: the test
 * labels (Fashion-MNIST's own); floor measured on this machine (see {@link #TRAIN_SUBSET}).
 */
class FashionClassifierTest {
    /**
     * Training images used (the first 6,000, one epoch, seed 1). Measured 2026-12-05 on the 2-core machine: test
     * accuracy 0.7076 (full set, one epoch: 0.8364); the floor sits below it with margin and far above chance (0.10).
     */
    static final int TRAIN_SUBSET = 6_000;

    static final double ACCURACY_FLOOR = 0.65;

    @TempDir
    Path tmp;

    @Test
    void subsetTrainedClassifierBeatsTheFloorIsDeterministicAndSurvivesTheCache() throws Exception {
        FashionData data = FashionData.read(FashionMnistFiles.requireInstalled());
        INDArray x = data.trainImages().getRows(IntStream.range(0, TRAIN_SUBSET).toArray());
        int[] y = Arrays.copyOf(data.trainLabels(), TRAIN_SUBSET);

        try (SingleThreadedNd4j ignored = SingleThreadedNd4j.enter()) {
            FashionClassifier first = FashionClassifier.train(x, y, 1, 1);
            double accuracy = first.accuracy(data.testImages(), data.testLabels());
            System.out.printf(
                    "FashionClassifierTest: test accuracy %.4f after %d training images%n", accuracy, TRAIN_SUBSET);
            assertThat(accuracy).isGreaterThan(ACCURACY_FLOOR);

            FashionClassifier second = FashionClassifier.train(x, y, 1, 1);
            int[] p1 = first.predict(data.testImages());
            assertThat(second.predict(data.testImages()))
                    .as("same seed, same network")
                    .isEqualTo(p1);
            assertThat(FashionClassifier.untrained(2).predict(data.testImages()))
                    .as("the seed matters: another seed starts from another network")
                    .isNotEqualTo(FashionClassifier.untrained(1).predict(data.testImages()));

            Path file = tmp.resolve("c.zip");
            first.save(file);
            FashionClassifier loaded = FashionClassifier.load(file);
            assertThat(loaded.predict(data.testImages())).isEqualTo(p1);
            assertThat(loaded.features(data.testImages().getRows(0, 1, 2)).toFloatMatrix())
                    .isEqualTo(
                            first.features(data.testImages().getRows(0, 1, 2)).toFloatMatrix());

            // as a segmenter: one "pixel" per image, its predicted class; NCHW input gives the same labels
            int[][] labels = first.segmenter()
                    .segment(data.testImages().getRows(0, 1, 2, 3).reshape('c', 4, 1, 28, 28));
            assertThat(labels).hasDimensions(4, 1);
            assertThat(new int[] {labels[0][0], labels[1][0], labels[2][0], labels[3][0]})
                    .containsExactly(p1[0], p1[1], p1[2], p1[3]);
        }
    }
}
