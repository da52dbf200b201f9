package io.github.modewatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.internal.data.SceneBatch;
import io.github.modewatch.internal.data.SceneOptions;
import io.github.modewatch.internal.data.Scenes;
import io.github.modewatch.metrics.features.FeatureReference;
import io.github.modewatch.metrics.features.KidOptions;
import io.github.modewatch.metrics.frechet.FrechetResult;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.monitor.Evaluation;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportWriterTest {
    private static final String HOSTILE_NAME = "<b>&run \"x\"";
    private final ReportWriter writer =
            new ReportWriter(Clock.fixed(Instant.parse("2025-02-03T04:05:06Z"), ZoneOffset.UTC));
    private ReportFixtures.SceneRun scenes;
    private ReportFixtures.SceneRun ring;

    @BeforeAll
    void computeRuns() {
        scenes = ReportFixtures.sceneRun(16, 1_000, 400, 10);
        ring = ReportFixtures.ringRun(4_000, 1_000, 16);
    }

    @Test
    void imageRunWritesIndexWithEveryChartAndSampleGrid(@TempDir Path dir) throws IOException {
        Path index = writer.write(ReportInput.of(HOSTILE_NAME, scenes.history()).withSamples(scenes.samples()), dir);

        assertThat(index).isEqualTo(dir.resolve("index.html"));
        // the collapsed generator's largest bin is also its most over-represented one: one grid, titled as both
        List<String> expected = List.of(
                ReportWriter.NDB_FRACTION_PNG,
                ReportWriter.JS_PNG,
                ReportWriter.FSD_PNG,
                ReportWriter.BIN_PROPORTIONS_PNG,
                ReportWriter.FSD_CLASSES_PNG,
                ReportWriter.CLASS_SHARES_PNG,
                ReportWriter.LARGEST_BIN_PNG,
                ReportWriter.MISSING_PNG);
        assertThat(pngs(dir)).containsExactlyInAnyOrderElementsOf(expected);
        for (String png : expected) {
            assertValidPng(dir.resolve(png));
        }
        String html = Files.readString(index, StandardCharsets.UTF_8);
        assertThat(referencedImages(html)).containsExactlyInAnyOrderElementsOf(expected);
        assertOffline(html);
        assertThat(html)
                .contains("Mode collapse (the ModeCollapse alert&#39;s rule)")
                .contains("<th>FSD</th>")
                .contains("How to read");
        assertThat(html).contains("Written by ModeWatch at 2025-02-03T04:05:06Z");
        assertThat(html).contains("the largest generated bin and the most over-represented");
    }

    @Test
    void featureMetricsGetTheirChartsOverTrainingAndOnlyWhenMeasured(@TempDir Path dir) throws IOException {
        // feature metrics computed for real on each evaluation: features = the generated points themselves, against
        // ring-8 reference rows; the generator of the ring run collapses, so coverage must fall in the history
        INDArray real = GaussianMixtures.ring8(2_000, 3);
        FeatureReference reference = FeatureReference.of(real)
                .withKid(KidOptions.builder().subsets(5).subsetSize(200).build());
        List<Evaluation> history = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int modes = 8 - 2 * i; // 8, 6, 4, 2 modes: a collapsing generator
            INDArray generated = GaussianMixtures.sample(
                    GaussianMixtures.keep(
                            GaussianMixtures.ringMeans(),
                            java.util.stream.IntStream.range(0, modes).toArray()),
                    GaussianMixtures.RING_STD,
                    500,
                    10 + i);
            history.add(new Evaluation(
                    100L * i,
                    ReportFixtures.START,
                    Duration.ofSeconds(1),
                    null,
                    null,
                    Double.NaN,
                    reference.compare("points", generated, reference.noiseFloor(500, 1))));
        }
        assertThat(history.get(3).features().prdc().coverage())
                .isLessThan(history.get(0).features().prdc().coverage() - 0.3);

        writer.write(ReportInput.of("features", history), dir);
        List<String> expected = List.of(ReportWriter.FEATURE_FRECHET_PNG, ReportWriter.KID_PNG, ReportWriter.PRDC_PNG);
        assertThat(pngs(dir)).containsExactlyInAnyOrderElementsOf(expected);
        for (String png : expected) {
            assertValidPng(dir.resolve(png));
        }
        String html = Files.readString(dir.resolve(ReportWriter.INDEX), StandardCharsets.UTF_8);
        assertThat(referencedImages(html)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(html).contains("CoverageDrop").contains("NDB is not configured");

        Path without = dir.resolve("without");
        writer.write(ReportInput.of("no-features", scenes.history()), without);
        assertThat(pngs(without)).doesNotContainAnyElementsOf(expected);
        // rewriting the features report without them removes their charts
        writer.write(ReportInput.of("no-features", scenes.history()), dir);
        assertThat(pngs(dir)).doesNotContainAnyElementsOf(expected);
        assertThat(ReportWriter.FIGURE_FILES).containsAll(expected);
    }

    @Test
    void runNameAndClassNamesAreHtmlEscaped(@TempDir Path dir) throws IOException {
        writer.write(ReportInput.of(HOSTILE_NAME, scenes.history()), dir);
        String html = Files.readString(dir.resolve(ReportWriter.INDEX));

        assertThat(html).contains("&lt;b&gt;&amp;run &quot;x&quot;").doesNotContain("<b>&run");
        assertThat(html).contains("<title>ModeWatch report: &lt;b&gt;&amp;run &quot;x&quot;</title>");
    }

    @Test
    void classNamesInTheVerdictAreHtmlEscaped(@TempDir Path dir) throws IOException {
        FsdResult fsd = new FsdResult(
                new FrechetResult(12.0, 10.0, 2.0, 0, 2),
                List.of("sky", "<script>&"),
                new double[] {90, 10},
                new double[] {100, 0},
                1000,
                500);
        Evaluation e = new Evaluation(10, Instant.parse("2025-01-01T00:00:00Z"), Duration.ofSeconds(1), null, fsd, 2.0);
        writer.write(ReportInput.of("run", List.of(e)), dir);
        String html = Files.readString(dir.resolve(ReportWriter.INDEX));

        assertThat(html)
                .contains("most under-generated class: &lt;script&gt;&amp; (-100%)")
                .doesNotContain("<script");
        assertValidPng(dir.resolve(ReportWriter.FSD_CLASSES_PNG));
    }

    @Test
    void pointsRunDrawsAScatterPlotInsteadOfGrids(@TempDir Path dir) throws IOException {
        writer.write(ReportInput.of("ring-8", ring.history()).withSamples(ring.samples()), dir);

        List<String> expected = List.of(
                ReportWriter.NDB_FRACTION_PNG,
                ReportWriter.JS_PNG,
                ReportWriter.BIN_PROPORTIONS_PNG,
                ReportWriter.SCATTER_PNG);
        assertThat(pngs(dir)).containsExactlyInAnyOrderElementsOf(expected);
        expected.forEach(png -> assertValidPng(dir.resolve(png)));
        String html = Files.readString(dir.resolve(ReportWriter.INDEX));
        assertThat(referencedImages(html)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(html).contains("FSD is not configured for this run");
        assertThat(html).contains("<th>FSD</th><td>not computed</td>");
    }

    @Test
    void emptyHistoryWritesAPageSayingNoEvaluationYet(@TempDir Path dir) throws IOException {
        writer.write(ReportInput.of("fresh", List.of()), dir);

        assertThat(pngs(dir)).isEmpty();
        String html = Files.readString(dir.resolve(ReportWriter.INDEX));
        assertThat(html).contains("No evaluation yet").contains("none yet").doesNotContain("<img");
        assertOffline(html);
    }

    @Test
    void theVerdictBoxIsAmberWhenBinsDifferButNoneIsMissingAndRedWhenOneIs(@TempDir Path dir) throws IOException {
        NdbResult shares = VerdictTest.ndb(20, 14, i -> i < 4 ? -5.0 : 5.0); // 14 differ, same shares: none missing
        writer.write(ReportInput.of("imperfect", List.of(VerdictTest.evaluation(shares, null, Double.NaN))), dir);
        assertThat(Files.readString(dir.resolve(ReportWriter.INDEX)))
                .contains("<p class=\"verdict warn\">Bin shares differ, none missing: 14 of 20 bins differ");

        writer.write(ReportInput.of("dropped", scenes.history()), dir);
        assertThat(Files.readString(dir.resolve(ReportWriter.INDEX)))
                .contains("<p class=\"verdict alarm\">Mode collapse (the ModeCollapse alert&#39;s rule)");

        // the same collapsed evaluation alone: bins missing, but no history to compare with the run's best
        writer.write(
                ReportInput.of(
                        "dropped", List.of(scenes.history().get(scenes.history().size() - 1))),
                dir);
        assertThat(Files.readString(dir.resolve(ReportWriter.INDEX)))
                .contains("<p class=\"verdict warn\">Bins missing, too few evaluations to call a collapse");
    }

    @Test
    void theSummaryPrintsNdbOverKWithTwoDecimals(@TempDir Path dir) throws IOException {
        writer.write(ReportInput.of("run", scenes.history()), dir);
        String html = Files.readString(dir.resolve(ReportWriter.INDEX));
        Evaluation last = scenes.history().get(scenes.history().size() - 1);
        assertThat(html)
                .contains("<th>NDB/K</th><td>"
                        + String.format(
                                java.util.Locale.ROOT, "%.2f", last.ndb().ndbFraction()) + "</td>");
        assertThat(html).doesNotContain("<th>NDB/K</th><td>1</td>");
    }

    @Test
    void aBinThatIsBothTheLargestAndTheMostOverRepresentedIsShownOnce(@TempDir Path dir) throws IOException {
        // bins from the samples (the history has no NDB result): real 25% per bin; generated 70% in bin 2
        int[] generatedBins = new int[100];
        for (int i = 0; i < generatedBins.length; i++) {
            generatedBins[i] = i < 70 ? 2 : i < 90 ? 1 : 0; // bin 2: largest and most over-represented; bin 3 never
        }
        writer.write(
                ReportInput.of("collapsed", fsdOnlyHistory()).withSamples(binnedScenes(i -> i % 4, generatedBins)),
                dir);

        String html = Files.readString(dir.resolve(ReportWriter.INDEX));
        assertThat(pngs(dir))
                .contains(ReportWriter.LARGEST_BIN_PNG, ReportWriter.MISSING_PNG)
                .doesNotContain(ReportWriter.OVER_REPRESENTED_PNG);
        assertThat(html)
                .contains("Generated samples from bin 2, the largest generated bin and the most " + "over-represented")
                .contains("Real samples from bin 3, the most under-represented bin")
                .doesNotContain("No bin has more generated samples than expected");
    }

    @Test
    void largestAndMostOverRepresentedBinsGetTheirOwnGridsWhenTheyDiffer(@TempDir Path dir) throws IOException {
        // real: bin 0 50%, bin 1 20%, bin 2 20%, bin 3 10%; generated: bin 0 45% (largest, a little under),
        // bin 1 40% (twice its share: most over-represented), bin 2 15%, bin 3 never (most under-represented)
        int[] generatedBins = new int[100];
        for (int i = 0; i < generatedBins.length; i++) {
            generatedBins[i] = i < 45 ? 0 : i < 85 ? 1 : 2;
        }
        writer.write(
                ReportInput.of("imperfect", fsdOnlyHistory())
                        .withSamples(
                                binnedScenes(i -> i % 10 < 5 ? 0 : i % 10 < 7 ? 1 : i % 10 < 9 ? 2 : 3, generatedBins)),
                dir);

        String html = Files.readString(dir.resolve(ReportWriter.INDEX));
        assertThat(pngs(dir))
                .contains(ReportWriter.LARGEST_BIN_PNG, ReportWriter.OVER_REPRESENTED_PNG, ReportWriter.MISSING_PNG);
        assertThat(html)
                .contains("Generated samples from bin 0, the largest generated bin</h3>")
                .contains("Generated samples from bin 1, the most over-represented bin")
                .contains("Real samples from bin 3, the most under-represented bin");
    }

    /** The scene fixture's history without its NDB results, so that the report bins the given samples itself. */
    private List<Evaluation> fsdOnlyHistory() {
        return scenes.history().stream()
                .map(e -> new Evaluation(e.iteration(), e.finishedAt(), e.duration(), null, e.fsd(), e.fsdNoiseFloor()))
                .toList();
    }

    /** 400 real and 100 generated 16x16 scenes with the given bins. */
    private static ReportSamples binnedScenes(java.util.function.IntUnaryOperator realBin, int[] generatedBins) {
        SceneOptions options = SceneOptions.defaults().withSize(16, 16);
        int[] realBins = java.util.stream.IntStream.range(0, 400).map(realBin).toArray();
        return ReportSamples.of(
                SampleKind.image(3, 16, 16),
                Scenes.generate(400, 1, options).images(),
                realBins,
                Scenes.generate(generatedBins.length, 2, options).images(),
                generatedBins);
    }

    @Test
    void fsdOnlyHistoryWithOneEvaluationDrawsFsdCharts(@TempDir Path dir) throws IOException {
        Evaluation last = scenes.history().get(scenes.history().size() - 1);
        Evaluation fsdOnly = new Evaluation(
                last.iteration(), last.finishedAt(), last.duration(), null, last.fsd(), last.fsdNoiseFloor());
        writer.write(ReportInput.of("fsd only", List.of(fsdOnly)), dir);

        assertThat(pngs(dir))
                .containsExactlyInAnyOrder(
                        ReportWriter.FSD_PNG, ReportWriter.FSD_CLASSES_PNG, ReportWriter.CLASS_SHARES_PNG);
        assertValidPng(dir.resolve(ReportWriter.FSD_PNG));
        assertValidPng(dir.resolve(ReportWriter.FSD_CLASSES_PNG));
        assertValidPng(dir.resolve(ReportWriter.CLASS_SHARES_PNG));
        String html = Files.readString(dir.resolve(ReportWriter.INDEX));
        assertThat(html).contains("NDB is not configured").contains("<th>NDB</th><td>not computed</td>");
        assertThat(html).contains("most under-generated class: person");
    }

    @Test
    void imageSamplesWithoutBinsShowPlainGridsOfTheSamplesOwnPixels(@TempDir Path dir) throws IOException {
        SceneOptions flat = SceneOptions.defaults().withSize(16, 16).withNoiseStd(0);
        SceneBatch real = Scenes.generate(5, 1, flat);
        SceneBatch generated = Scenes.generate(40, 2, flat);
        ReportSamples samples = ReportSamples.of(SampleKind.image(3, 16, 16), real.images(), generated.images());
        writer.write(ReportInput.of("no bins", scenes.history()).withSamples(samples), dir);

        assertThat(pngs(dir))
                .contains(ReportWriter.GENERATED_SAMPLES_PNG, ReportWriter.REAL_SAMPLES_PNG)
                .doesNotContain(ReportWriter.LARGEST_BIN_PNG, ReportWriter.MISSING_PNG);
        BufferedImage grid =
                ImageIO.read(dir.resolve(ReportWriter.GENERATED_SAMPLES_PNG).toFile());
        int scale = SampleGrids.scale((SampleKind.Image) samples.kind());
        int tile = 16 * scale + SampleGrids.GAP;
        assertThat(grid.getWidth()).isEqualTo(SampleGrids.GAP + ReportWriter.GRID_COLUMNS * tile);
        assertThat(grid.getHeight()).isEqualTo(SampleGrids.GAP + 4 * tile); // 32 of 40 samples, 8 per row
        double[][] colours = Scenes.classColours();
        // Sample 9 sits in grid row 1, column 1; check its pixel (y 12, x 5) at the centre of its scaled block.
        int[] labels = generated.labels(9);
        int rgb = grid.getRGB(
                SampleGrids.GAP + tile + 5 * scale + scale / 2, SampleGrids.GAP + tile + 12 * scale + scale / 2);
        double[] colour = colours[labels[12 * 16 + 5]];
        assertThat((rgb >> 16) & 0xFF).isEqualTo(Math.round((float) colour[0] * 255));
        assertThat((rgb >> 8) & 0xFF).isEqualTo(Math.round((float) colour[1] * 255));
        assertThat(rgb & 0xFF).isEqualTo(Math.round((float) colour[2] * 255));
    }

    @Test
    void rewritingRemovesFiguresTheNewReportDoesNotHaveAndLeavesNoTemporaryFiles(@TempDir Path dir) throws IOException {
        writer.write(ReportInput.of("run", scenes.history()).withSamples(scenes.samples()), dir);
        assertThat(pngs(dir)).hasSize(8);
        Files.writeString(dir.resolve("notes.txt"), "mine");

        writer.write(ReportInput.of("run", List.of()), dir);

        assertThat(pngs(dir)).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("index.html", "notes.txt");
        }
    }

    @Test
    void missingDirectoriesAreCreatedAndAFileInTheWayIsRejected(@TempDir Path dir) throws IOException {
        Path nested = dir.resolve("a/b/report");
        writer.write(ReportInput.of("run", List.of()), nested);
        assertThat(nested.resolve(ReportWriter.INDEX)).isRegularFile();

        Path file = Files.writeString(dir.resolve("taken"), "x");
        assertThatThrownBy(() -> writer.write(ReportInput.of("run", List.of()), file))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("taken")
                .hasMessageContaining("not a directory");
    }

    @Test
    void inputsAreValidatedWithTheFix() {
        assertThatThrownBy(() -> ReportInput.of(" ", List.of())).hasMessageContaining("runName");
        assertThatThrownBy(() -> ReportInput.of("run", null)).hasMessageContaining("empty list");
        var real =
                Scenes.generate(4, 1, SceneOptions.defaults().withSize(16, 16)).images();
        assertThatThrownBy(() -> ReportSamples.of(SampleKind.image(3, 32, 32), real, real))
                .hasMessageContaining("[n, 3072]");
        assertThatThrownBy(() -> new ReportSamples(SampleKind.image(3, 16, 16), real, new int[4], real, null))
                .hasMessageContaining("of both");
        assertThatThrownBy(() -> ReportSamples.of(SampleKind.image(3, 16, 16), real, new int[3], real, new int[4]))
                .hasMessageContaining("realBins has 3 entries for 4 rows");
        assertThatThrownBy(() -> SampleKind.image(2, 16, 16)).hasMessageContaining("channels = 2");
    }

    @Test
    void historyIsOrderedByIteration() {
        List<Evaluation> shuffled = List.of(
                scenes.history().get(3),
                scenes.history().get(0),
                scenes.history().get(5));
        ReportInput input = ReportInput.of("run", shuffled);
        assertThat(input.history()).extracting(Evaluation::iteration).isSorted();
        assertThat(input.latest()).contains(scenes.history().get(5));
    }

    private static List<String> pngs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".png"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static List<String> referencedImages(String html) {
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static void assertValidPng(Path png) {
        try {
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes.length).as("%s size", png).isGreaterThan(2_000);
            assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as("%s decodes", png).isNotNull();
            assertThat(image.getWidth()).isGreaterThan(200);
            assertThat(image.getHeight()).isGreaterThan(100);
            assertThat(distinctColours(image)).as("%s is not blank", png).isGreaterThan(3);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    private static void assertOffline(String html) {
        assertThat(html)
                .doesNotContain("<script")
                .doesNotContain("<link")
                .doesNotContain("http://")
                .doesNotContain("https://")
                .doesNotContain("@import")
                .doesNotContain("url(");
    }
}
