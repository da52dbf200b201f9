package io.github.modewatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.modewatch.metrics.ndb.NdbResult;
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
        NdbResult identical = new NdbResult(2, 0, 0.0, 0.05, 1000, 1000, p, p, new double[2], new double[] {1, 1},
                new boolean[2]);
        List<Evaluation> history = List.of(VerdictTest.evaluation(identical, null, Double.NaN));

        XYChart js = charts.js(history);
        BufferedImage image = BitmapEncoder.getBufferedImage(js);
        assertThat(image.getWidth()).isEqualTo(600);
        assertThat(image.getHeight()).isEqualTo(300);
        assertThat(pixels(image, Charts.GENERATED)).as("the evaluation's marker is drawn").isPositive();
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
            NdbResult r = new NdbResult(4, ndb[i], js[i], 0.05, 1000, 1000, p, p, new double[4], new double[] {1, 1, 1, 1},
                    new boolean[4]);
            history.add(new Evaluation(100L * (i + 1), Instant.parse("2025-01-01T00:00:00Z"), Duration.ofSeconds(1), r, null,
                    Double.NaN));
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
        assertThat(js.getStyler().getYAxisMax()).as("next round value above 0.2 x 1.05").isCloseTo(0.25, within(1e-12));

        XYChart ndbFraction = charts.ndbFraction(rising);
        assertThat(ndbFraction.getSeriesMap().get("NDB/K").getYData()).containsExactly(0.0, 0.25, 1.0);
        var alpha = ndbFraction.getSeriesMap().get("alpha = 0.05 (expected by chance)");
        assertThat(alpha.getXData()).containsExactly(100.0, 300.0);
        assertThat(alpha.getYData()).containsExactly(0.05, 0.05);

        BufferedImage risingImage = BitmapEncoder.getBufferedImage(js);
        BufferedImage fallingImage = BitmapEncoder.getBufferedImage(charts.js(falling));
        assertThat(risingImage.getWidth()).isEqualTo(600);
        assertThat(risingImage.getHeight()).isEqualTo(300);
        assertThat(pixels(risingImage, Charts.GENERATED)).as("line and markers drawn").isGreaterThan(50);
        int differing = 0;
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 600; x++) {
                differing += risingImage.getRGB(x, y) != fallingImage.getRGB(x, y) ? 1 : 0;
            }
        }
        assertThat(differing).as("pixels that differ between a rising and a falling series").isGreaterThan(100);
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
        assertThat(chart.getSeriesMap().keySet()).anyMatch(k -> k.startsWith("generated, different"))
                .anyMatch(k -> k.startsWith("generated, not different")).anyMatch(k -> k.startsWith("reference"));
        assertThat(chart.getTitle()).contains("3 of 10 bins differ, 0 missing");
        assertThat(chart.getSeriesMap().keySet()).noneMatch(k -> k.contains("missing"));
    }

    @Test
    void missingBinsAreMarkedApartFromOtherDifferentBins() {
        double[] ref = {0.4, 0.3, 0.2, 0.1};
        double[] gen = {0.75, 0.05, 0.0, 0.2};   // bin 0 over, bins 1-2 under a quarter of their share, bin 3 over
        NdbResult ndb = new NdbResult(4, 4, 0.3, 0.05, 10_000, 2_000, ref, gen, new double[] {-9, 9, 9, -9},
                new double[] {1e-9, 1e-9, 1e-9, 1e-9}, new boolean[] {true, true, true, true});

        var chart = charts.binProportions(ndb, 7);

        assertThat(chart.getTitle()).contains("4 of 4 bins differ, 2 missing");
        var missing = chart.getSeriesMap().entrySet().stream().filter(e -> e.getKey().startsWith("generated, missing"))
                .findFirst().orElseThrow().getValue();
        var different = chart.getSeriesMap().entrySet().stream()
                .filter(e -> e.getKey().startsWith("generated, different")).findFirst().orElseThrow().getValue();
        assertThat(new ArrayList<Number>(missing.getYData())).containsExactly(null, 0.05, 0.0, null);
        assertThat(new ArrayList<Number>(different.getYData())).containsExactly(0.75, null, null, 0.2);
    }
}
