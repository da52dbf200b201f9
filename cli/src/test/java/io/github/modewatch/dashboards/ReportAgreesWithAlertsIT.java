package io.github.modewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modewatch.internal.monitor.MonitorState;
import io.github.modewatch.metrics.frechet.FrechetResult;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.monitor.Evaluation;
import io.github.modewatch.report.CollapseRule;
import io.github.modewatch.report.FsdDivergenceRule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's collapse and FSD readings ({@link CollapseRule}, {@link FsdDivergenceRule}) and the shipped alert
 * rules agree on the same runs. Each run is a sequence of evaluations, one a minute; the listener's own
 * {@link MonitorState} turns it into the gauges Prometheus would scrape (best, recent minimum, ...), promtool
 * evaluates each rule's expression, read from {@code dashboards/prometheus/modewatch-alerts.yml}, after every
 * evaluation, and the report's rule must hold at exactly the same evaluations. This compares the conditions; the
 * rules' {@code for:} delays and the staleness clause's 3 hours are about time, documented on the two classes and
 * tested by the promtool unit tests of the rule file.
 */
class ReportAgreesWithAlertsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LABELS = "run=\"r\", model=\"m\", job=\"modewatch\", instance=\"trainer:9464\"";
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path tmp;

    private Promtool promtool;
    private String ndbExpr;
    private String jsExpr;
    private String fsdExpr;

    @BeforeEach
    void setUp() throws IOException {
        promtool = Promtool.require();
        for (Map<String, Object> group :
                Yamls.maps(Yamls.load(DashboardFiles.alertRules()).get("groups"), "groups")) {
            for (Map<String, Object> rule : Yamls.maps(group.get("rules"), "rules")) {
                Object signal = rule.get("labels") == null
                        ? null
                        : Yamls.map(rule.get("labels"), "labels").get("signal");
                if ("ModeCollapse".equals(rule.get("alert")) && "ndb".equals(signal)) {
                    ndbExpr = (String) rule.get("expr");
                } else if ("ModeCollapse".equals(rule.get("alert")) && "js".equals(signal)) {
                    jsExpr = (String) rule.get("expr");
                } else if ("FsdDivergence".equals(rule.get("alert"))) {
                    fsdExpr = (String) rule.get("expr");
                }
            }
        }
        assertThat(List.of(String.valueOf(ndbExpr), String.valueOf(jsExpr), String.valueOf(fsdExpr)))
                .as("expressions of ModeCollapse (ndb, js) and FsdDivergence")
                .doesNotContain("null");
    }

    /** A run: K, and per evaluation NDB/K, JS (nats), FSD and its noise floor (NaN: no FSD). */
    private record Run(String name, int bins, double[] ndbFraction, double[] js, double[] fsd, double noiseFloor) {
        int size() {
            return ndbFraction.length;
        }
    }

    private static double[] repeat(double value, int times) {
        double[] v = new double[times];
        Arrays.fill(v, value);
        return v;
    }

    private static double[] concat(double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }

    private static List<Run> runs() {
        List<Run> runs = new ArrayList<>();
        // the rule file's own NDB/K case (K = 100): falls to 0.1, jumps to 0.6 and stays
        double[] jump = concat(new double[] {1, 0.6, 0.3}, repeat(0.1, 9), repeat(0.6, 10));
        runs.add(new Run("ndb jump, K = 100", 100, jump, repeat(0.01, jump.length), null, Double.NaN));
        // the rule file's JS case: the demo's scenes collapse as measured, NDB/K at 0.9-1.0 all along (K = 10)
        double[] js = {0.51, 0.32, 0.26, 0.18, 0.12, 0.113, 0.124, 0.130, 0.273, 0.309, 0.320, 0.328, 0.328};
        double[] flat = {1, 1, 1, 0.9, 0.9, 1, 0.9, 0.9, 0.9, 1, 1, 1, 1};
        runs.add(new Run("js collapse, K = 10", 10, flat, js, null, Double.NaN));
        // the demo's healthy scenes run, seed 1, as measured (`demo --hold 0 --seed 1`: evaluations at iterations
        // 0 to 2,000 every 250, then the final one at 3,000); no page, no FSD warning
        runs.add(new Run(
                "healthy demo, seed 1",
                10,
                new double[] {1, 1, 0.9, 0.9, 0.7, 0.7, 0.7, 0.8, 0.6, 0.6},
                new double[] {0.5107, 0.5107, 0.3016, 0.1091, 0.0531, 0.0237, 0.0125, 0.0202, 0.0082, 0.0140},
                new double[] {12954.2, 2524.5, 1444.1, 391.5, 300.1, 240.1, 195.6, 135.0, 160.8, 216.2},
                0.1992));
        // margins at their edges: K = 100 wants a rise of 0.15 and NDB/K above 0.25
        runs.add(new Run(
                "ndb at 0.25, K = 100",
                100,
                concat(repeat(0.1, 4), repeat(0.25, 5)),
                repeat(0.02, 9),
                null,
                Double.NaN));
        runs.add(new Run(
                "ndb rise 0.16, K = 100",
                100,
                concat(repeat(0.11, 4), repeat(0.27, 5)),
                repeat(0.02, 9),
                null,
                Double.NaN));
        // K = 10 wants 1.5/sqrt(10) = 0.474: 0.5 -> 0.9 is not enough, 0.5 -> 1.0 is
        runs.add(new Run(
                "ndb rise 0.4, K = 10", 10, concat(repeat(0.5, 4), repeat(0.9, 5)), repeat(0.02, 9), null, Double.NaN));
        runs.add(new Run(
                "ndb rise 0.5, K = 10", 10, concat(repeat(0.5, 4), repeat(1.0, 5)), repeat(0.02, 9), null, Double.NaN));
        // JS: 2x but less than 0.1 nats up; 0.1 up but under 2x; both
        runs.add(new Run(
                "js 3x, +0.08", 10, repeat(0.6, 9), concat(repeat(0.04, 4), repeat(0.12, 5)), null, Double.NaN));
        runs.add(new Run(
                "js 1.9x, +0.1", 10, repeat(0.6, 9), concat(repeat(0.11, 4), repeat(0.21, 5)), null, Double.NaN));
        runs.add(new Run(
                "js 11x, +0.1", 10, repeat(0.6, 9), concat(repeat(0.01, 4), repeat(0.11, 5)), null, Double.NaN));
        // one bad evaluation, then healthy again; and a collapse that recovers
        runs.add(new Run(
                "one bad evaluation",
                100,
                concat(repeat(0.1, 5), new double[] {0.6}, repeat(0.1, 4)),
                concat(repeat(0.01, 5), new double[] {0.4}, repeat(0.01, 4)),
                null,
                Double.NaN));
        runs.add(new Run(
                "collapse and recovery",
                10,
                new double[] {1, 0.5, 0.5, 1, 1, 1, 1, 0.5, 0.5, 0.5},
                new double[] {0.5, 0.01, 0.01, 0.5, 0.5, 0.5, 0.5, 0.01, 0.01, 0.01},
                null,
                Double.NaN));
        // FSD: the rule file's cases (4x best with a rise of 30 over a floor of 3; 4x but inside the floor),
        // exactly 3x (not over), 3.1x
        double[] falling = {20, 16, 12, 10};
        runs.add(new Run("fsd 4x", 10, repeat(0.5, 8), repeat(0.01, 8), concat(falling, repeat(40, 4)), 3.0));
        runs.add(new Run(
                "fsd 4x inside the floor",
                10,
                repeat(0.5, 6),
                repeat(0.01, 6),
                concat(repeat(0.5, 3), repeat(2, 3)),
                3.0));
        runs.add(new Run("fsd 3x", 10, repeat(0.5, 8), repeat(0.01, 8), concat(falling, repeat(30, 4)), 3.0));
        runs.add(new Run("fsd 3.1x", 10, repeat(0.5, 8), repeat(0.01, 8), concat(falling, repeat(31, 4)), 3.0));
        return runs;
    }

    @Test
    void theReportsRulesHoldAtExactlyTheEvaluationsWhereTheAlertExpressionsMatch() throws Exception {
        List<Map<String, Object>> tests = new ArrayList<>();
        Map<String, List<String>> expected = new LinkedHashMap<>();
        int holdingNdb = 0;
        int holdingJs = 0;
        int holdingFsd = 0;
        for (Run run : runs()) {
            List<Evaluation> history = history(run);
            List<String> firing = new ArrayList<>();
            List<Map<String, Object>> exprTests = new ArrayList<>();
            for (int i = 0; i < run.size(); i++) {
                List<Evaluation> upToI = history.subList(0, i + 1);
                CollapseRule.Reading collapse = CollapseRule.latest(upToI).orElseThrow();
                boolean fsd = FsdDivergenceRule.latest(upToI)
                        .map(FsdDivergenceRule.Reading::fires)
                        .orElse(false);
                exprTests.add(exprTest(ndbExpr, i, collapse.ndbFires()));
                exprTests.add(exprTest(jsExpr, i, collapse.jsFires()));
                exprTests.add(exprTest(fsdExpr, i, fsd));
                firing.add(i + ":" + (collapse.ndbFires() ? "ndb" : "") + (collapse.jsFires() ? "js" : "")
                        + (fsd ? "fsd" : ""));
                holdingNdb += collapse.ndbFires() ? 1 : 0;
                holdingJs += collapse.jsFires() ? 1 : 0;
                holdingFsd += fsd ? 1 : 0;
            }
            expected.put(run.name(), firing);
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("interval", "1m");
            test.put("input_series", series(run, history));
            test.put("promql_expr_test", exprTests);
            tests.add(test);
        }
        // the runs exercise both outcomes of every rule
        assertThat(holdingNdb).isPositive();
        assertThat(holdingJs).isPositive();
        assertThat(holdingFsd).isPositive();

        Path rules = tmp.resolve("modewatch-alerts.yml");
        java.nio.file.Files.copy(DashboardFiles.alertRules(), rules);
        Path testFile = tmp.resolve("agreement.test.yml");
        JSON.writeValue(
                testFile.toFile(),
                Map.of(
                        "rule_files",
                        List.of(rules.getFileName().toString()),
                        "evaluation_interval",
                        "1m",
                        "tests",
                        tests));
        Promtool.Result result = promtool.run(tmp, "test", "rules", testFile.toString());
        assertThat(result.exitCode())
                .as(
                        "promtool disagrees with the report's rules, which expected (evaluation:"
                                + "rules holding) %s%n%s",
                        expected, result.report())
                .isZero();
    }

    @Test
    void aDisagreementIsCaught() throws Exception {
        // control: claim the NDB branch holds at the first evaluation of a run that falls; promtool must fail
        Run run = new Run("falling", 100, new double[] {1, 0.6, 0.3}, new double[] {0.5, 0.3, 0.1}, null, Double.NaN);
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("interval", "1m");
        test.put("input_series", series(run, history(run)));
        test.put("promql_expr_test", List.of(exprTest(ndbExpr, 2, true)));
        Path rules = tmp.resolve("modewatch-alerts.yml");
        java.nio.file.Files.copy(DashboardFiles.alertRules(), rules);
        Path testFile = tmp.resolve("control.test.yml");
        JSON.writeValue(
                testFile.toFile(),
                Map.of(
                        "rule_files",
                        List.of(rules.getFileName().toString()),
                        "evaluation_interval",
                        "1m",
                        "tests",
                        List.of(test)));
        Promtool.Result result = promtool.run(tmp, "test", "rules", testFile.toString());
        assertThat(result.exitCode()).as(result.report()).isNotZero();
    }

    /** The run's evaluations, one a minute: NDB with round(NDB/K x K) different bins, FSD when given. */
    private static List<Evaluation> history(Run run) {
        List<Evaluation> history = new ArrayList<>();
        int k = run.bins();
        double[] p = new double[k];
        Arrays.fill(p, 1.0 / k);
        for (int i = 0; i < run.size(); i++) {
            int ndb = (int) Math.round(run.ndbFraction()[i] * k);
            boolean[] different = new boolean[k];
            for (int b = 0; b < ndb; b++) {
                different[b] = true;
            }
            NdbResult r = new NdbResult(
                    k, ndb, run.js()[i], 0.05, 10_000, 2_000, p, p, new double[k], new double[k], different);
            FsdResult fsd = run.fsd() == null
                    ? null
                    : new FsdResult(
                            new FrechetResult(run.fsd()[i], run.fsd()[i], 0, 0, 2),
                            List.of("a", "b"),
                            new double[] {50, 50},
                            new double[] {50, 50},
                            1000,
                            500);
            history.add(new Evaluation(
                    100L * i, START.plusSeconds(60L * i), Duration.ofSeconds(1), r, fsd, run.noiseFloor()));
        }
        return history;
    }

    /** What Prometheus scrapes after each evaluation: the listener's MonitorState gives the run-relative gauges. */
    private static List<Map<String, String>> series(Run run, List<Evaluation> history) {
        MonitorState state = new MonitorState();
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Evaluation e : history) {
            state.recordEvaluation(e);
            add(values, "modewatch_ndb_fraction", e.ndb().ndbFraction());
            add(values, "modewatch_ndb_bins", e.ndb().bins());
            add(values, "modewatch_ndb_fraction_best", state.ndbFractionBest());
            add(values, "modewatch_ndb_fraction_recent_min", state.ndbFractionRecentMin());
            add(values, "modewatch_ndb_js_divergence", e.ndb().js());
            add(values, "modewatch_ndb_js_divergence_best", state.jsBest());
            add(values, "modewatch_ndb_js_divergence_recent_min", state.jsRecentMin());
            add(values, "modewatch_evaluations_total", state.evaluations());
            if (e.fsd() != null) {
                add(values, "modewatch_fsd", e.fsd().distance());
                add(values, "modewatch_fsd_noise_floor", e.fsdNoiseFloor());
            }
        }
        List<Map<String, String>> series = new ArrayList<>();
        values.forEach(
                (name, v) -> series.add(Map.of("series", name + "{" + LABELS + "}", "values", String.join(" ", v))));
        return series;
    }

    private static void add(Map<String, List<String>> values, String name, double value) {
        // NaN (e.g. recent_min before the third evaluation) as a missing sample: PromQL compares neither as true
        values.computeIfAbsent(name, n -> new ArrayList<>()).add(Double.isNaN(value) ? "_" : Double.toString(value));
    }

    /** At minute i, count(expr) is 1 when the rule holds and empty when not. */
    private static Map<String, Object> exprTest(String expr, int minute, boolean holds) {
        return Map.of(
                "expr",
                "count(" + expr.strip() + ")",
                "eval_time",
                minute + "m",
                "exp_samples",
                holds ? List.of(Map.of("labels", "{}", "value", 1)) : List.of());
    }
}
