package io.github.modewatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.modewatch.metrics.frechet.FrechetResult;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.monitor.Evaluation;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

class ChartsTest {
    private final Charts charts = new Charts(600, 300);

    @Test
    void niceCeilingRoundsUpToARoundValue() {
        assertThat(Charts.niceCeiling(0.315)).isCloseTo(0.4, within(1e-12));
        assertThat(Charts.niceCeiling(184.8)).isCloseTo(200, within(1e-9));
        assertThat(Charts.niceCeiling(0.004)).isCloseTo(0.004, within(1e-15));
        assertThat(Charts.niceCeiling(7.0)).isCloseTo(8.0, within(1e-12));
    }

    @Test
    void aSingleEvaluationWithZeroDivergenceStillDraws() {
        double[] p = {0.5, 0.5};
        NdbResult identical =
                new NdbResult(2, 0, 0.0, 0.05, 1000, 1000, p, p, new double[2], new double[] {1, 1}, new boolean[2]);
        List<Evaluation> history = List.of(VerdictTest.evaluation(identical, null, Double.NaN));

        XYChart js = charts.js(history);
        BufferedImage image = BitmapEncoder.getBufferedImage(js);
        assertThat(image.getWidth()).isEqualTo(600);
        assertThat(image.getHeight()).isEqualTo(300);
        assertThat(pixels(image, Charts.GENERATED))
                .as("the evaluation's marker is drawn")
                .isPositive();
        assertThat(js.getSeriesMap().get("JS (reference vs generated)").getYData())
                .containsExactly(0.0);
        XYChart ndbFraction = charts.ndbFraction(history);
        assertThat(ndbFraction.getSeriesMap().get("NDB/K").getYData()).containsExactly(0.0);
    }

    /** Evaluations at iterations 100, 200, ... with the given JS divergences and NDB/K = ndb[i] / 4. */
    private static List<Evaluation> history(double[] js, int[] ndb) {
        double[] p = {0.25, 0.25, 0.25, 0.25};
        List<Evaluation> history = new ArrayList<>();
        for (int i = 0; i < js.length; i++) {
            NdbResult r = new NdbResult(
                    4, ndb[i], js[i], 0.05, 1000, 1000, p, p, new double[4], new double[] {1, 1, 1, 1}, new boolean[4]);
            history.add(new Evaluation(
                    100L * (i + 1), Instant.parse("2025-01-01T00:00:00Z"), Duration.ofSeconds(1), r, null, Double.NaN));
        }
        return history;
    }

    private static long pixels(BufferedImage image, Color colour) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void lineChartsPlotEachEvaluationsValueAgainstItsIterationAndDrawIt() {
        List<Evaluation> rising = history(new double[] {0.01, 0.05, 0.2}, new int[] {0, 1, 4});
        List<Evaluation> falling = history(new double[] {0.2, 0.05, 0.01}, new int[] {4, 1, 0});

        XYChart js = charts.js(rising);
        assertThat(js.getTitle()).isEqualTo("Jensen-Shannon divergence of bin histograms");
        assertThat(js.getXAxisTitle()).isEqualTo("training iteration");
        assertThat(js.getYAxisTitle()).startsWith("JS divergence (nats");
        var series = js.getSeriesMap().get("JS (reference vs generated)");
        assertThat(series.getXData()).containsExactly(100.0, 200.0, 300.0);
        assertThat(series.getYData()).containsExactly(0.01, 0.05, 0.2);
        assertThat(js.getStyler().getYAxisMax())
                .as("next round value above 0.2 x 1.05")
                .isCloseTo(0.25, within(1e-12));

        XYChart ndbFraction = charts.ndbFraction(rising);
        assertThat(ndbFraction.getSeriesMap().get("NDB/K").getYData()).containsExactly(0.0, 0.25, 1.0);
        var alpha = ndbFraction.getSeriesMap().get("alpha = 0.05 (expected by chance)");
        assertThat(alpha.getXData()).containsExactly(100.0, 300.0);
        assertThat(alpha.getYData()).containsExactly(0.05, 0.05);

        BufferedImage risingImage = BitmapEncoder.getBufferedImage(js);
        BufferedImage fallingImage = BitmapEncoder.getBufferedImage(charts.js(falling));
        assertThat(risingImage.getWidth()).isEqualTo(600);
        assertThat(risingImage.getHeight()).isEqualTo(300);
        assertThat(pixels(risingImage, Charts.GENERATED))
                .as("line and markers drawn")
                .isGreaterThan(50);
        int differing = 0;
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 600; x++) {
                differing += risingImage.getRGB(x, y) != fallingImage.getRGB(x, y) ? 1 : 0;
            }
        }
        assertThat(differing)
                .as("pixels that differ between a rising and a falling series")
                .isGreaterThan(100);
    }

    @Test
    void historiesWithoutAMetricGiveNoChartForIt() {
        List<Evaluation> history = List.of(VerdictTest.evaluation(null, null, Double.NaN));
        assertThat(charts.ndbFraction(history)).isNull();
        assertThat(charts.js(history)).isNull();
        assertThat(charts.fsd(history)).isNull();
    }

    @Test
    void differentBinsGetTheirOwnSeries() {
        NdbResult ndb = VerdictTest.ndb(10, 3, i -> 4.0);
        var chart = charts.binProportions(ndb, 7);
        assertThat(chart.getSeriesMap().keySet())
                .anyMatch(k -> k.startsWith("generated, different"))
                .anyMatch(k -> k.startsWith("generated, not different"))
                .anyMatch(k -> k.startsWith("reference"));
        assertThat(chart.getTitle()).contains("3 of 10 bins differ, 0 missing");
        assertThat(chart.getSeriesMap().keySet()).noneMatch(k -> k.contains("missing"));
    }

    @Test
    void missingBinsAreMarkedApartFromOtherDifferentBins() {
        double[] ref = {0.4, 0.3, 0.2, 0.1};
        double[] gen = {0.75, 0.05, 0.0, 0.2}; // bin 0 over, bins 1-2 under a quarter of their share, bin 3 over
        NdbResult ndb = new NdbResult(
                4,
                4,
                0.3,
                0.05,
                10_000,
                2_000,
                ref,
                gen,
                new double[] {-9, 9, 9, -9},
                new double[] {1e-9, 1e-9, 1e-9, 1e-9},
                new boolean[] {true, true, true, true});

        var chart = charts.binProportions(ndb, 7);

        assertThat(chart.getTitle()).contains("4 of 4 bins differ, 2 missing");
        var missing = chart.getSeriesMap().entrySet().stream()
                .filter(e -> e.getKey().startsWith("generated, missing"))
                .findFirst()
                .orElseThrow()
                .getValue();
        var different = chart.getSeriesMap().entrySet().stream()
                .filter(e -> e.getKey().startsWith("generated, different"))
                .findFirst()
                .orElseThrow()
                .getValue();
        assertThat(new ArrayList<Number>(missing.getYData())).containsExactly(null, 0.05, 0.0, null);
        assertThat(new ArrayList<Number>(different.getYData())).containsExactly(0.75, null, null, 0.2);
    }

    /**
     * The collapse demo's class chart: a class at +4,400% must not flatten one at -92% (the class the verdict
     * names). On the old linear percent axis the -92% bar was 92/4,400 = 2% of the +4,400% bar's length.
     */
    @Test
    void classChartUsesALog2RatioAxisSoALargeRiseDoesNotHideALargeDrop() {
        FsdResult fsd = new FsdResult(
                new FrechetResult(100, 90, 10, 0, 4),
                List.of("sky", "ground", "person", "car"),
                new double[] {60, 30, 1, 9},
                new double[] {40.6, 29.7, 45, 0.72},
                1000,
                500);
        // generated/reference: sky 40.6/60, ground 0.99, person 45/1 (+4,400%), car 0.72/9 = 0.08 (-92%)
        double[] delta = fsd.relativeDeltas();
        assertThat(delta[3]).isCloseTo(-0.92, within(1e-12));

        var chart = charts.fsdClasses(fsd, 3000);
        var under = chart.getSeriesMap().get("generated less than reference (bottom = never)");
        var over = chart.getSeriesMap().get("generated more than reference");
        List<Number> down = new ArrayList<>(under.getYData());
        List<Number> up = new ArrayList<>(over.getYData());
        // classes by reference share: sky, ground, car, person
        assertThat(down.get(2).doubleValue()).isCloseTo(Math.log(0.08) / Math.log(2), within(1e-12));
        assertThat(up.get(3).doubleValue()).isCloseTo(Math.log(45) / Math.log(2), within(1e-12));
        assertThat(-down.get(2).doubleValue() / up.get(3).doubleValue())
                .as("-92% bar vs +4,400% bar")
                .isGreaterThan(0.6);

        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        long red = pixels(image, Charts.DIFFERENT);
        long blue = pixels(image, Charts.OVER);
        assertThat(red)
                .as("red pixels (the sky, ground and car bars) vs blue (person)")
                .isGreaterThan(blue / 2);
    }

    @Test
    void classSharesChartShowsReferenceAndGeneratedSharesMostCommonClassFirst() {
        FsdResult fsd = new FsdResult(
                new FrechetResult(100, 90, 10, 0, 4),
                List.of("sky", "ground", "person", "car"),
                new double[] {60, 30, 1, 9},
                new double[] {40.6, 29.7, 45, 0.72},
                1000,
                500);
        var chart = charts.classShares(fsd, 3000);
        var reference = chart.getSeriesMap().get("reference");
        var generated = chart.getSeriesMap().get("generated");
        assertThat(new ArrayList<Object>(reference.getXData())).containsExactly("sky", "ground", "car", "person");
        assertThat(new ArrayList<Object>(reference.getYData())).containsExactly(60.0, 30.0, 9.0, 1.0);
        assertThat(new ArrayList<Object>(generated.getYData())).containsExactly(40.6, 29.7, 0.72, 45.0);
        assertThat(chart.getTitle()).contains("3,000");
    }

    @Test
    void classChartRatioAxisLabelsAndTheNeverFloor() {
        assertThat(Charts.log2Ratio(-1.0)).isEqualTo(Charts.LOG2_FLOOR);
        assertThat(Charts.log2Ratio(-0.999)).isEqualTo(Charts.LOG2_FLOOR);
        assertThat(Charts.log2Ratio(1.0)).isCloseTo(1.0, within(1e-15));
        assertThat(Charts.log2Ratio(-0.75)).isCloseTo(-2.0, within(1e-15));
        assertThat(Charts.log2Ratio(0.0)).isZero();
        assertThat(Charts.ratioLabel(0.0)).isEqualTo("1x");
        assertThat(Charts.ratioLabel(3.0)).isEqualTo("8x");
        assertThat(Charts.ratioLabel(-2.0)).isEqualTo("1/4x");
        assertThat(Charts.ratioLabel(1.5)).isEqualTo("2.8x");
        assertThat(Charts.ratioLabel(Charts.LOG2_FLOOR)).isEqualTo("never");

        FsdResult never = new FsdResult(
                new FrechetResult(10, 9, 1, 0, 2),
                List.of("sky", "person"),
                new double[] {90, 10},
                new double[] {100, 0},
                1000,
                500);
        var chart = charts.fsdClasses(never, 10);
        assertThat(new ArrayList<Number>(chart.getSeriesMap()
                        .get("generated less than reference (bottom = never)")
                        .getYData()))
                .containsExactly(null, (double) Charts.LOG2_FLOOR);
        assertThat(chart.getStyler().getYAxisMin()).isEqualTo(Charts.LOG2_FLOOR);
        assertThat(chart.getStyler().getyAxisTickLabelsFormattingFunction().apply((double) Charts.LOG2_FLOOR))
                .isEqualTo("never");
    }

    /**
     * The healthy demo's FSD (seed 1, measured): 12,954 at iteration 0, 135-220 later, noise floor 0.2. On a linear axis from
     * 0 to 15,000 everything after iteration 500 and the floor sat on the x axis; a log axis keeps every value apart.
     */
    @Test
    void fsdChartIsLogarithmicWhenEveryValueIsPositiveAndLinearOtherwise() {
        List<Evaluation> run = VerdictTest.fsdRun(
                new double[] {12954.2, 2524.5, 1444.1, 391.5, 300.1, 240.1, 195.6, 135.0, 160.8, 216.2}, 0.2);
        XYChart fsd = charts.fsd(run);
        assertThat(fsd.getStyler().isYAxisLogarithmic()).isTrue();
        assertThat(fsd.getSeriesMap().get("FSD (reference vs generated)").getYData())
                .containsExactly(12954.2, 2524.5, 1444.1, 391.5, 300.1, 240.1, 195.6, 135.0, 160.8, 216.2);
        assertThat(fsd.getSeriesMap()
                        .get("noise floor (reference vs reference)")
                        .getYData())
                .containsOnly(0.2);
        fsd.getStyler().setLegendVisible(false); // its line samples would be the lowest rows of both colours
        BufferedImage image = BitmapEncoder.getBufferedImage(fsd);
        assertThat(pixels(image, Charts.GENERATED)).as("line and markers drawn").isGreaterThan(50);
        // the floor line is drawn in its own rows, well below the healthy phase's lowest marker (on the old linear
        // axis from 0 to 15,000 both sat within 2 pixels of the x axis)
        int floorRow = lowestRowOf(image, Charts.GUIDE);
        int fsdBottom = lowestRowOf(image, Charts.GENERATED);
        assertThat(floorRow - fsdBottom)
                .as("pixels between the healthy phase and the floor")
                .isGreaterThan(40);

        List<Evaluation> withZero = VerdictTest.fsdRun(new double[] {50, 0.0}, 0.2);
        assertThat(charts.fsd(withZero).getStyler().isYAxisLogarithmic())
                .as("0 has no logarithm")
                .isFalse();
    }

    /**
     * The ring demo evaluates 21 times (iterations 0 to 2,000) and its report's NDB/K chart labelled every one (21
     * crowded labels: XChart put a tick at each). Labels now go at most 10 to the axis, at round iterations.
     */
    @Test
    void lineChartsLabelAtMostTenRoundIterations() {
        double[] js = new double[21];
        int[] ndb = new int[21];
        for (int i = 0; i < js.length; i++) {
            js[i] = 0.01 + 0.001 * (i % 3);
        }
        List<Evaluation> ring = history(js, ndb); // iterations 100 to 2,100
        Charts reportSize = new Charts(900, 380);
        for (XYChart chart : List.of(reportSize.js(ring), reportSize.ndbFraction(ring))) {
            var label = chart.getStyler().getxAxisTickLabelsFormattingFunction();
            assertThat(label).as("x labels of '%s'", chart.getTitle()).isNotNull();
            List<String> labels = new ArrayList<>();
            for (int iteration = 0; iteration <= 2_100; iteration += 100) { // a tick at every evaluation, and 0
                String text = label.apply((double) iteration);
                if (!text.isBlank()) {
                    labels.add(text);
                }
            }
            assertThat(labels).containsExactly("0", "500", "1,000", "1,500", "2,000");
        }
        assertThat(Charts.labelStep(2_000)).isEqualTo(500);
        assertThat(Charts.labelStep(3_000)).isEqualTo(500);
        assertThat(Charts.labelStep(5)).isEqualTo(1);
    }

    /**
     * A short run (`.ci/run`'s `demo --iterations 100 --every 50`: evaluations at 0, 50 and 100) put an unlabelled
     * tick at 50 (labels every 20): XChart measured its empty label and threw "Zero length string passed to
     * TextLayout constructor", so the report, and the README's demo command, failed. Every line chart must draw.
     */
    @Test
    void shortHistoriesWithUnlabelledTicksStillDraw() {
        for (int step : new int[] {50, 30, 7, 1}) {
            double[] js = {0.5, 0.3, 0.2};
            List<Evaluation> history = new ArrayList<>();
            for (Evaluation e : history(js, new int[3])) {
                history.add(new Evaluation(
                        (e.iteration() - 100) / 100 * step,
                        e.finishedAt(),
                        e.duration(),
                        e.ndb(),
                        e.fsd(),
                        e.fsdNoiseFloor()));
            }
            for (XYChart chart : List.of(charts.js(history), charts.ndbFraction(history))) {
                assertThat(BitmapEncoder.getBufferedImage(chart).getWidth())
                        .as("step %d, %s", step, chart.getTitle())
                        .isPositive();
            }
        }
    }

    private static int lowestRowOf(BufferedImage image, Color colour) {
        int lowest = -1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) {
                    lowest = y;
                }
            }
        }
        return lowest;
    }
}
