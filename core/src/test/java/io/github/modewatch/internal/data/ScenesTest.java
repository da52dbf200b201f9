package io.github.modewatch.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ScenesTest {

    @Test
    void sameSeedGivesSameScenesAndOtherSeedsDiffer() {
        SceneBatch a = Scenes.generate(20, 42);
        SceneBatch b = Scenes.generate(20, 42);
        SceneBatch c = Scenes.generate(20, 43);

        assertThat(a.images()).isEqualTo(b.images());
        assertThat(a.labels()).isDeepEqualTo(b.labels());
        assertThat(a.images()).isNotEqualTo(c.images());
        assertThat(a.labels()).isNotEqualTo(c.labels());
    }

    @Test
    void firstScenesDoNotDependOnHowManyAreGenerated() {
        SceneBatch few = Scenes.generate(5, 9);
        SceneBatch many = Scenes.generate(50, 9);

        for (int i = 0; i < 5; i++) {
            assertThat(many.labels(i)).isEqualTo(few.labels(i));
            assertThat(many.images().getRow(i)).isEqualTo(few.images().getRow(i));
        }
    }

    @Test
    void imagesAreFloatRowsOfChannelMajorPixelsInTheUnitInterval() {
        SceneBatch scenes = Scenes.generate(30, 1);
        INDArray images = scenes.images();

        assertThat(images.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(images.shape()).containsExactly(30, 3 * 32 * 32);
        assertThat(images.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(images.maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
        assertThat(scenes.classes()).containsExactly("sky", "ground", "building", "tree", "person", "car");
    }

    @Test
    void noiseFreePixelsEqualTheirLabelsColourAtTheChannelMajorIndex() {
        int h = 20;
        int w = 28;
        SceneBatch scenes =
                Scenes.generate(40, 5, SceneOptions.defaults().withSize(h, w).withNoiseStd(0));
        float[] pixels = scenes.images().data().asFloat();
        double[][] colours = Scenes.classColours();

        for (int i = 0; i < scenes.size(); i++) {
            int[] labels = scenes.labels(i);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        float value = pixels[i * 3 * h * w + c * h * w + y * w + x];
                        assertThat(value).isEqualTo((float) colours[labels[y * w + x]][c]);
                    }
                }
            }
        }
        INDArray nchw = scenes.imagesNchw();
        assertThat(nchw.shape()).containsExactly(40, 3, h, w);
        assertThat(nchw.getFloat(3, 2, 7, 11)).isEqualTo(pixels[3 * 3 * h * w + 2 * h * w + 7 * w + 11]);
    }

    @Test
    void noisyPixelsScatterAroundTheirClassColourWithTheConfiguredStd() {
        SceneBatch scenes = Scenes.generate(200, 6);
        float[] pixels = scenes.images().data().asFloat();
        double[][] colours = Scenes.classColours();
        int plane = 32 * 32;
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (int i = 0; i < scenes.size(); i++) {
            int[] labels = scenes.labels(i);
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    double colour = colours[labels[p]][c];
                    if (colour > 0.9) {
                        continue; // sky's blue channel is clipped at 1; skip it to see the unclipped noise
                    }
                    double residual = pixels[i * 3 * plane + c * plane + p] - colour;
                    sum += residual;
                    sumSq += residual * residual;
                    n++;
                }
            }
        }
        double mean = sum / n;
        double std = Math.sqrt(sumSq / n - mean * mean);
        // Hundreds of thousands of draws: mean within ~4 std errors (0.03 / sqrt(n) ~ 5e-5) of 0, std ~ 0.03.
        assertThat(mean).isCloseTo(0.0, within(5e-4));
        assertThat(std).isCloseTo(SceneOptions.DEFAULT_NOISE_STD, within(0.001));
    }

    @Test
    void skyIsAboveGroundInEveryColumnAndTheTopRowIsSky() {
        int h = 32;
        int w = 32;
        SceneBatch scenes = Scenes.generate(500, 7);
        for (int i = 0; i < scenes.size(); i++) {
            int[] labels = scenes.labels(i);
            for (int x = 0; x < w; x++) {
                assertThat(labels[x]).as("scene %d, top row, column %d", i, x).isEqualTo(Scenes.SKY);
                int lowestSky = -1;
                int highestGround = h;
                for (int y = 0; y < h; y++) {
                    if (labels[y * w + x] == Scenes.SKY) {
                        lowestSky = y;
                    }
                    if (labels[y * w + x] == Scenes.GROUND && highestGround == h) {
                        highestGround = y;
                    }
                }
                assertThat(lowestSky)
                        .as("scene %d, column %d: sky above ground", i, x)
                        .isLessThan(highestGround);
            }
            long ground = Arrays.stream(labels).filter(l -> l == Scenes.GROUND).count();
            assertThat(ground).as("scene %d has ground", i).isPositive();
        }
    }

    @Test
    void personAppearsInAboutTenPercentAndCarInAboutThirtyFivePercentOfScenes() {
        int n = 2_000;
        SceneBatch scenes = Scenes.generate(n, 11);
        int persons = 0;
        int cars = 0;
        for (int i = 0; i < n; i++) {
            int[] labels = scenes.labels(i);
            persons += Arrays.stream(labels).anyMatch(l -> l == Scenes.PERSON) ? 1 : 0;
            cars += Arrays.stream(labels).anyMatch(l -> l == Scenes.CAR) ? 1 : 0;
        }
        // Binomial(n, p): within 4 standard deviations sqrt(n p (1 - p)) of n p.
        assertThat((double) persons).isCloseTo(n * 0.10, within(4 * Math.sqrt(n * 0.10 * 0.90)));
        assertThat((double) cars).isCloseTo(n * 0.35, within(4 * Math.sqrt(n * 0.35 * 0.65)));
    }

    @Test
    void everyClassAppearsAndBackgroundClassesDominate() {
        SceneBatch scenes = Scenes.generate(300, 12);
        long[] counts = new long[Scenes.CLASSES.size()];
        for (int[] labels : scenes.labels()) {
            for (int l : labels) {
                counts[l]++;
            }
        }
        assertThat(Arrays.stream(counts).min().getAsLong())
                .as("pixels of the rarest class")
                .isPositive();
        assertThat(counts[Scenes.SKY] + counts[Scenes.GROUND])
                .isGreaterThan(Arrays.stream(counts).sum() / 2);
        assertThat(counts[Scenes.PERSON]).isLessThan(counts[Scenes.CAR]);
    }

    @Test
    void suppressingPersonsChangesOnlyPersonPixels() {
        SceneBatch all = Scenes.generate(400, 13, SceneOptions.defaults().withNoiseStd(0));
        SceneBatch noPersons =
                Scenes.generate(400, 13, SceneOptions.defaults().withNoiseStd(0).without("person"));
        int scenesWithPersons = 0;
        for (int i = 0; i < all.size(); i++) {
            int[] with = all.labels(i);
            int[] without = noPersons.labels(i);
            boolean hadPerson = false;
            for (int p = 0; p < with.length; p++) {
                assertThat(without[p]).isNotEqualTo(Scenes.PERSON);
                if (with[p] == Scenes.PERSON) {
                    hadPerson = true;
                } else {
                    assertThat(without[p]).as("scene %d pixel %d", i, p).isEqualTo(with[p]);
                }
            }
            scenesWithPersons += hadPerson ? 1 : 0;
        }
        assertThat(scenesWithPersons)
                .as("the comparison saw persons to suppress")
                .isGreaterThan(10);
    }

    @Test
    void classColoursArePairwiseFarApartComparedWithTheNoise() {
        double[][] colours = Scenes.classColours();
        assertThat(colours).hasNumberOfRows(Scenes.CLASSES.size());
        double min = Double.POSITIVE_INFINITY;
        for (int a = 0; a < colours.length; a++) {
            for (int b = a + 1; b < colours.length; b++) {
                double d2 = 0;
                for (int c = 0; c < 3; c++) {
                    d2 += (colours[a][c] - colours[b][c]) * (colours[a][c] - colours[b][c]);
                }
                min = Math.min(min, Math.sqrt(d2));
            }
        }
        // Nearest-colour errs only when noise moves a pixel half-way, >= 0.15 = 5 noise std along one direction.
        assertThat(min).isGreaterThanOrEqualTo(0.3);
        colours[0][0] = 99;
        assertThat(Scenes.classColours()[0][0]).as("a copy is handed out").isNotEqualTo(99);
    }

    @Test
    void invalidOptionsAreRejectedWithTheValueAndTheRule() {
        SceneOptions defaults = SceneOptions.defaults();
        assertThatThrownBy(() -> defaults.withSize(8, 32))
                .hasMessageContaining("height = 8")
                .hasMessageContaining("[16, 1024]");
        assertThatThrownBy(() -> defaults.withNoiseStd(-0.1)).hasMessageContaining("noiseStd = -0.1");
        assertThatThrownBy(() -> defaults.withPersonProbability(1.5)).hasMessageContaining("personProbability = 1.5");
        assertThatThrownBy(() -> defaults.without("sky")).hasMessageContaining("cannot suppress class 'sky'");
        assertThatThrownBy(() -> defaults.without("dragon")).hasMessageContaining("'dragon'");
        assertThatThrownBy(() -> Scenes.generate(-1, 0)).hasMessageContaining("n = -1");
        assertThatThrownBy(() -> Scenes.classIndex("dragon")).hasMessageContaining("the classes are");
    }

    @Test
    void labelMapsAndImagesAreCopiedOut() {
        SceneBatch scenes = Scenes.generate(3, 14);
        scenes.labels()[0][0] = 99;
        scenes.labels(0)[0] = 99;
        scenes.images().putScalar(0, 0, 99f);

        assertThat(scenes.labels(0)[0]).isEqualTo(Scenes.SKY);
        assertThat(scenes.images().getFloat(0, 0)).isLessThanOrEqualTo(1f);
    }
}
