package io.github.modewatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.monitor.Evaluation;
import java.awt.image.BufferedImage;
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
        assertThat(charts.ndbFraction(history).getSeriesMap()).containsKeys("NDB/K");
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
