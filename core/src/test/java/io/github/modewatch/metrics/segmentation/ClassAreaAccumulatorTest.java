package io.github.modewatch.metrics.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassAreaAccumulatorTest {
    private static final List<String> CLASSES = List.of("sky", "ground", "person");

    @Test
    void areaFractionsArePercentOfPixels() {
        assertThat(ClassAreaAccumulator.areaFractions(new int[] {0, 0, 1, 2}, 3))
                .containsExactly(50.0, 25.0, 25.0);
    }

    @Test
    void streamingMeanAndCovarianceEqualTheTwoPassFormulas() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 500;
        double[][] x = new double[n][];
        ClassAreaAccumulator acc = new ClassAreaAccumulator(CLASSES);
        for (int i = 0; i < n; i++) {
            int[] labels = random.ints(64, 0, 3)
                    .map(v -> random.nextInt(10) == 0 ? 2 : v % 2)
                    .toArray();
            x[i] = ClassAreaAccumulator.areaFractions(labels, 3);
            acc.add(labels);
        }
        double[] mean = new double[3];
        for (double[] row : x) {
            for (int j = 0; j < 3; j++) {
                mean[j] += row[j] / n;
            }
        }
        SegmentationStats stats = acc.stats();
        for (int j = 0; j < 3; j++) {
            assertThat(stats.mean()[j]).isCloseTo(mean[j], within(1e-9));
            for (int k = 0; k < 3; k++) {
                double c = 0;
                for (double[] row : x) {
                    c += (row[j] - mean[j]) * (row[k] - mean[k]);
                }
                assertThat(stats.covariance()[j][k]).isCloseTo(c / (n - 1), within(1e-8));
            }
        }
        assertThat(stats.count()).isEqualTo(n);
    }

    @Test
    void mergingTwoAccumulatorsEqualsOneOverAllImages() {
        SplittableRandom random = new SplittableRandom(5);
        ClassAreaAccumulator all = new ClassAreaAccumulator(CLASSES);
        ClassAreaAccumulator a = new ClassAreaAccumulator(CLASSES);
        ClassAreaAccumulator b = new ClassAreaAccumulator(CLASSES);
        for (int i = 0; i < 300; i++) {
            int[] labels = random.ints(16, 0, 3).toArray();
            all.add(labels);
            (i < 120 ? a : b).add(labels);
        }
        a.merge(b);
        assertThat(a.stats().mean()).containsExactly(all.stats().mean(), within(1e-10));
        for (int j = 0; j < 3; j++) {
            assertThat(a.stats().covariance()[j]).containsExactly(all.stats().covariance()[j], within(1e-9));
        }
    }

    @Test
    void labelOutsideTheClassesIsRefused() {
        assertThatThrownBy(() -> new ClassAreaAccumulator(CLASSES).add(new int[] {0, 3}))
                .hasMessageContaining("label 3")
                .hasMessageContaining("[0, 3)");
    }

    @Test
    void fsdOfAGeneratorThatNeverDrawsPersonsShowsPersonDeltaMinusOne() {
        SplittableRandom random = new SplittableRandom(11);
        ClassAreaAccumulator real = new ClassAreaAccumulator(CLASSES);
        ClassAreaAccumulator fake = new ClassAreaAccumulator(CLASSES);
        ClassAreaAccumulator realAgain = new ClassAreaAccumulator(CLASSES);
        for (int i = 0; i < 2000; i++) {
            real.add(scene(random, true));
            realAgain.add(scene(random, true));
            fake.add(scene(random, false));
        }
        FsdResult collapsed = real.stats().compare(fake.stats());
        FsdResult healthy = real.stats().compare(realAgain.stats());
        assertThat(collapsed.relativeDeltas()[2]).isEqualTo(-1.0);
        assertThat(collapsed.distance()).isGreaterThan(5 * healthy.distance());
        assertThat(collapsed.classesByReferenceShare()[0]).isIn(0, 1);
        assertThat(collapsed.classesByReferenceShare()[2]).isEqualTo(2);
    }

    /** 100-pixel "scene": sky above a random horizon, ground below, a person in 10% of scenes. */
    private static int[] scene(SplittableRandom random, boolean persons) {
        int[] labels = new int[100];
        int horizon = 30 + random.nextInt(40);
        for (int p = 0; p < 100; p++) {
            labels[p] = p < horizon ? 0 : 1;
        }
        if (persons && random.nextInt(10) == 0) {
            for (int p = horizon; p < Math.min(100, horizon + 8); p++) {
                labels[p] = 2;
            }
        }
        return labels;
    }
}
