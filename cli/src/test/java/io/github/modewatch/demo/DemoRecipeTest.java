package io.github.modewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modewatch.internal.data.GaussianMixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DemoRecipeTest {

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(DemoDataset.class)
    void toBuilderRebuildsAnEqualRecipe(DemoDataset dataset) {
        for (boolean collapse : new boolean[] {false, true}) {
            DemoRecipe recipe = DemoRecipe.of(dataset, collapse);
            assertThat(recipe.toBuilder().build()).isEqualTo(recipe);
            assertThat(recipe.toBuilder().bins(recipe.bins() + 1).build()).isNotEqualTo(recipe);
        }
    }

    @ParameterizedTest
    @EnumSource(DemoDataset.class)
    void collapseRecipeIsTheHealthyOneUntilItsCollapseIteration(DemoDataset d) {
        DemoRecipe healthy = DemoRecipe.of(d, false);
        DemoRecipe collapse = DemoRecipe.of(d, true);

        assertThat(healthy.collapseAt()).isZero();
        assertThat(collapse.collapseAt())
                .as("healthy phase first, then enough evaluations after the collapse")
                .isGreaterThanOrEqualTo(3 * collapse.every())
                .isLessThanOrEqualTo(collapse.iterations() - 3 * collapse.every());
        assertThat(collapse.collapsedGeneratorLr()).isEqualTo(DemoRecipe.COLLAPSE_LR_RATIO * collapse.generatorLr());
        assertThat(collapse)
                .usingRecursiveComparison()
                .ignoringFields("collapse", "collapseAt")
                .isEqualTo(healthy);
    }

    @Test
    void otherIterationCountsKeepTheCollapseAtTheSameFractionOfTheRun() {
        DemoRecipe ring = DemoRecipe.of(DemoDataset.RING, true);
        double fraction = (double) ring.collapseAt() / ring.iterations();

        assertThat(ring.withIterations(200, 10).collapseAt()).isEqualTo((int) Math.round(200 * fraction));
        assertThat(ring.withIterations(2, 1).collapseAt()).isEqualTo(1);
        assertThatThrownBy(() -> ring.withIterations(1, 1)).hasMessageContaining("a collapse run needs at least 2");
        assertThat(DemoRecipe.of(DemoDataset.RING, false)
                        .withIterations(200, 10)
                        .collapseAt())
                .isZero();
        assertThatThrownBy(() -> new DemoRecipe(
                        DemoDataset.RING,
                        true,
                        new int[] {8},
                        new int[] {8},
                        2,
                        16,
                        1e-3,
                        1e-3,
                        0.5,
                        10,
                        10,
                        5,
                        100,
                        8,
                        80,
                        0))
                .hasMessageStartingWith("collapseAt = 10 with 10 iterations");
        assertThatThrownBy(() -> new DemoRecipe(
                        DemoDataset.RING,
                        false,
                        new int[] {8},
                        new int[] {8},
                        2,
                        16,
                        1e-3,
                        1e-3,
                        0.5,
                        10,
                        3,
                        5,
                        100,
                        8,
                        80,
                        0))
                .hasMessageContaining("must be 0 for a healthy recipe");
    }

    @ParameterizedTest
    @EnumSource(DemoDataset.class)
    void everyRecipeHasEnoughSamplesForItsBins(DemoDataset d) {
        DemoRecipe r = DemoRecipe.of(d, false);

        assertThat(r.trainingSamples() / r.bins())
                .as("reference samples per bin (NDB paper: ~500)")
                .isGreaterThanOrEqualTo(50);
        assertThat(r.evaluationSamples() / r.bins())
                .as("generated samples per bin")
                .isGreaterThanOrEqualTo(10);
        assertThat(r.iterations() / r.every()).as("evaluations per run").isGreaterThanOrEqualTo(5);
    }

    @Test
    void scenesAreImagesAndMixturesArePoints() {
        assertThat(DemoRecipe.of(DemoDataset.SCENES, false).dataWidth()).isEqualTo(3 * 16 * 16);
        assertThat(DemoRecipe.of(DemoDataset.RING, false).dataWidth()).isEqualTo(2);
        assertThat(DemoRecipe.of(DemoDataset.GRID, true).dataWidth()).isEqualTo(2);
    }

    @Test
    void hiddenWidthsAreCopiedInAndOut() {
        int[] widths = {8, 8};
        DemoRecipe r = new DemoRecipe(
                DemoDataset.RING, false, widths, widths, 2, 16, 1e-3, 1e-3, 0.5, 10, 0, 5, 100, 8, 80, 0);
        widths[0] = 99;
        r.generatorHidden()[1] = 99;

        assertThat(r.generatorHidden()).containsExactly(8, 8);
        assertThat(r.discriminatorHidden()).containsExactly(8, 8);
        assertThat(r)
                .isEqualTo(new DemoRecipe(
                        DemoDataset.RING,
                        false,
                        new int[] {8, 8},
                        new int[] {8, 8},
                        2,
                        16,
                        1e-3,
                        1e-3,
                        0.5,
                        10,
                        0,
                        5,
                        100,
                        8,
                        80,
                        0));
    }

    @Test
    void invalidValuesAreRejectedWithTheFieldAndValue() {
        DemoRecipe r = DemoRecipe.of(DemoDataset.RING, false);

        assertThatThrownBy(() -> r.withIterations(0, 10)).hasMessageStartingWith("iterations = 0: must be >= 1");
        assertThatThrownBy(() -> r.withIterations(10, 0)).hasMessageStartingWith("every = 0: must be >= 1");
        assertThatThrownBy(() -> new DemoRecipe(
                        DemoDataset.RING,
                        false,
                        new int[0],
                        new int[] {8},
                        2,
                        16,
                        1e-3,
                        1e-3,
                        0.5,
                        10,
                        0,
                        5,
                        100,
                        8,
                        80,
                        0))
                .hasMessageStartingWith("generatorHidden = []");
        assertThatThrownBy(() -> new DemoRecipe(
                        DemoDataset.RING,
                        false,
                        new int[] {8},
                        new int[] {8},
                        2,
                        16,
                        0,
                        1e-3,
                        0.5,
                        10,
                        0,
                        5,
                        100,
                        8,
                        80,
                        0))
                .hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> new DemoRecipe(
                        DemoDataset.RING,
                        false,
                        new int[] {8},
                        new int[] {8},
                        2,
                        16,
                        1e-3,
                        1e-3,
                        0.5,
                        10,
                        0,
                        5,
                        4,
                        8,
                        80,
                        0))
                .hasMessageStartingWith("trainingSamples = 4 for 8 bins");
        assertThatThrownBy(() -> new DemoRecipe(
                        DemoDataset.RING,
                        false,
                        new int[] {8},
                        new int[] {8},
                        2,
                        16,
                        1e-3,
                        1e-3,
                        1.0,
                        10,
                        0,
                        5,
                        100,
                        8,
                        80,
                        0))
                .hasMessageStartingWith("adamBeta1 = 1.0: must be in [0, 1)");
        assertThatThrownBy(() -> new DemoRecipe(
                        DemoDataset.SCENES,
                        false,
                        new int[] {8},
                        new int[] {8},
                        2,
                        16,
                        1e-3,
                        1e-3,
                        0.5,
                        10,
                        0,
                        5,
                        100,
                        8,
                        80,
                        0))
                .hasMessageStartingWith("imageSize = 0 for scenes");
    }

    @Test
    void optionsDefaultToTheMeasuredRecipeAndARunNamedAfterIt() {
        DemoOptions o = DemoOptions.of(DemoDataset.GRID, true);

        // the grid's collapse recipe (not merely whatever DemoRecipe.of returns): grid data, one bin per grid-25 mode,
        // a healthy phase and then the collapse
        assertThat(o.recipe().dataset()).isEqualTo(DemoDataset.GRID);
        assertThat(o.recipe().collapse()).isTrue();
        assertThat(o.recipe().bins()).isEqualTo(GaussianMixtures.gridMeans().length);
        assertThat(o.recipe().collapseAt()).isBetween(1, o.recipe().iterations() - 1);
        assertThat(o.recipe())
                .isNotEqualTo(DemoOptions.of(DemoDataset.GRID, false).recipe())
                .isNotEqualTo(DemoOptions.of(DemoDataset.RING, true).recipe());
        assertThat(DemoOptions.of(DemoDataset.RING, false).recipe().bins())
                .isEqualTo(GaussianMixtures.ringMeans().length);
        assertThat(o.run()).isEqualTo("demo-grid-collapse");
        assertThat(DemoOptions.of(DemoDataset.SCENES, false).run()).isEqualTo("demo-scenes");
        assertThat(o.port()).isEqualTo(9464);
        assertThat(o.reportDir()).isEqualTo(Path.of("modewatch-report"));
        assertThat(o.seed()).isEqualTo(1);
        // 7 iterations every 3, the collapse at the same fraction of the run; everything else kept
        double fraction = (double) o.recipe().collapseAt() / o.recipe().iterations();
        DemoOptions shorter = o.withIterations(7, 3);
        assertThat(shorter.recipe().iterations()).isEqualTo(7);
        assertThat(shorter.recipe().every()).isEqualTo(3);
        assertThat(shorter.recipe().collapseAt()).isEqualTo((int) Math.round(7 * fraction));
        assertThat(shorter.recipe())
                .usingRecursiveComparison()
                .ignoringFields("iterations", "every", "collapseAt")
                .isEqualTo(o.recipe());
        assertThat(shorter).usingRecursiveComparison().ignoringFields("recipe").isEqualTo(o);
        assertThatThrownBy(() -> o.withPort(65_536)).hasMessageStartingWith("port = 65536: must be in 0..65535");
        assertThatThrownBy(() -> o.withRun(" ")).hasMessageStartingWith("run = ' ': must be a non-blank name");
    }

    @Test
    void datasetsAreFoundByTheirCommandLineName() {
        assertThat(DemoDataset.fromName("scenes")).isEqualTo(DemoDataset.SCENES);
        assertThat(DemoDataset.fromName("RING")).isEqualTo(DemoDataset.RING);
        assertThat(DemoDataset.SCENES.hasFsd()).isTrue();
        assertThat(DemoDataset.GRID.hasFsd()).isFalse();
        assertThatThrownBy(() -> DemoDataset.fromName("mnist"))
                .hasMessage("dataset 'mnist': expected one of scenes, ring, grid");
    }

    @Test
    void theBuilderSetsEachComponentByNameAndChecksLikeTheRecord() {
        DemoRecipe built = DemoRecipe.builder(DemoDataset.SCENES)
                .generator(256, 512)
                .discriminator(512, 256)
                .latent(32)
                .batch(64)
                .learningRates(2e-4, 1e-4)
                .adamBeta1(0.0)
                .iterations(3_000)
                .collapseAt(1_750)
                .every(250)
                .trainingSamples(10_000)
                .bins(10)
                .evaluationSamples(2_000)
                .imageSize(16)
                .build();
        assertThat(built)
                .isEqualTo(new DemoRecipe(
                        DemoDataset.SCENES,
                        true,
                        new int[] {256, 512},
                        new int[] {512, 256},
                        32,
                        64,
                        2e-4,
                        1e-4,
                        0.0,
                        3_000,
                        1_750,
                        250,
                        10_000,
                        10,
                        2_000,
                        16));
        assertThat(DemoRecipe.builder(DemoDataset.RING).build().collapse()).isFalse();
        assertThatThrownBy(() -> DemoRecipe.builder(DemoDataset.RING).bins(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bins = 0");
    }
}
