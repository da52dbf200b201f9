package io.github.modewatch.metrics.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modewatch.metrics.frechet.FrechetResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FsdResult} copies its arrays and class list in and out and compares them by value, exactly. */
class FsdResultTest {
    private static FsdResult result(double[] reference, double[] generated, List<String> classes) {
        return new FsdResult(new FrechetResult(12.5, 2.5, 10, 0, 3), classes, reference, generated, 2000, 1000);
    }

    @Test
    void arraysAndClassesAreCopiedInAndOut() {
        double[] reference = {50, 30, 20};
        double[] generated = {60, 10, 30};
        List<String> classes = new ArrayList<>(List.of("sky", "tree", "road"));
        FsdResult r = result(reference, generated, classes);
        reference[0] = -1;
        generated[0] = -1;
        classes.set(0, "sea");
        r.referenceMean()[1] = -1;
        r.generatedMean()[1] = -1;
        assertThat(r.referenceMean()).containsExactly(50, 30, 20);
        assertThat(r.generatedMean()).containsExactly(60, 10, 30);
        assertThat(r.classes()).containsExactly("sky", "tree", "road");
    }

    @Test
    void equalityIsByValueAndExact() {
        FsdResult a = result(new double[] {50, 30, 20}, new double[] {60, 10, 30}, List.of("sky", "tree", "road"));
        FsdResult b = result(new double[] {50, 30, 20}, new double[] {60, 10, 30}, List.of("sky", "tree", "road"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a)
                .isNotEqualTo(result(
                        new double[] {50, 30, 20},
                        new double[] {60, 10, Math.nextUp(30.0)},
                        List.of("sky", "tree", "road")));
        assertThat(a)
                .isNotEqualTo(
                        result(new double[] {50, 30, 20}, new double[] {60, 10, 30}, List.of("sky", "tree", "sea")));
    }
}
