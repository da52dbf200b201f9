package io.github.modewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modewatch.dashboards.DashboardQueries.PanelQuery;
import io.github.modewatch.export.MetricNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs promtool on everything under dashboards/prometheus, and on the dashboard's panel queries: they must be
 * valid PromQL, return data for a synthetic run, and compute what the panels claim. Skipped without promtool,
 * failed without it when MODEWATCH_REQUIRE_PROMETHEUS=1.
 */
class PromtoolIT {
    /** YAML is a superset of JSON: the rule and test files written here are JSON, so no quoting can go wrong. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String LABELS = "run=\"demo\", model=\"ring8\", job=\"modewatch\", instance=\"trainer:9464\"";
    private static final String OTHER_RUN =
            "run=\"other\", model=\"ring8\", job=\"modewatch\", instance=\"trainer:9464\"";
    /** Grafana variables for promtool's 1-minute synthetic samples (a 5m rate window holds 6 of them). */
    private static final Map<String, String> VALUES = Map.of(
            "run",
            "demo",
            "model",
            ".*",
            "features",
            ".*",
            "window",
            "15m",
            "__rate_interval",
            "5m",
            "__interval",
            "1m",
            "__range",
            "1h");

    @TempDir
    Path tmp;

    private Promtool promtool;
    private List<PanelQuery> panelQueries;

    @BeforeEach
    void setUp() throws IOException {
        promtool = Promtool.require();
        panelQueries = DashboardQueries.load(DashboardFiles.dashboardJson()).substituted(VALUES);
    }

    private static void assertExit(Promtool.Result result, int expected) {
        assertThat(result.exitCode()).as(result.report()).isEqualTo(expected);
    }

    @Test
    void prometheusConfigAndTheRuleFilesItNamesAreValid() throws Exception {
        Promtool.Result result = promtool.run(
                DashboardFiles.root(),
                "check",
                "config",
                DashboardFiles.prometheusConfig().toString());
        assertExit(result, 0);
        assertThat(result.output()).as(result.report()).contains("1 rule files found", "7 rules found");
    }

    @Test
    void localPrometheusConfigAndTheRuleFilesItNamesAreValid() throws Exception {
        Promtool.Result result = promtool.run(
                DashboardFiles.root(),
                "check",
                "config",
                DashboardFiles.prometheusLocalConfig().toString());
        assertExit(result, 0);
        assertThat(result.output()).as(result.report()).contains("1 rule files found", "7 rules found");
    }

    @Test
    void alertRulesAreValid() throws Exception {
        Promtool.Result result = promtool.run(
                DashboardFiles.root(),
                "check",
                "rules",
                DashboardFiles.alertRules().toString());
        assertExit(result, 0);
        assertThat(result.output()).as(result.report()).contains("7 rules found");
    }

    @Test
    void alertRuleUnitTestsPass() throws Exception {
        Promtool.Result result = promtool.run(
                DashboardFiles.root(),
                "test",
                "rules",
                DashboardFiles.alertRuleTests().toString());
        assertExit(result, 0);
        assertThat(result.output()).as(result.report()).contains("SUCCESS");
    }

    @Test
    void everyPanelQueryIsValidPromQl() throws Exception {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (PanelQuery q : panelQueries) {
            rules.add(rule("record", "modewatch_panel:" + id(q), q.expr()));
        }
        Promtool.Result result = promtool.run(
                tmp, "check", "rules", writeRules("panels.yml", rules).toString());
        assertExit(result, 0);
        assertThat(result.output()).as(result.report()).contains(rules.size() + " rules found");
    }

    @Test
    void promtoolRejectsAnInvalidQuery() throws Exception {
        // control for the test above: the same route must fail on a query Prometheus would reject
        List<Map<String, Object>> rules =
                List.of(rule("record", "modewatch_panel:broken", "rate(modewatch_evaluations_total{run=~\"demo\"})"));
        Promtool.Result result = promtool.run(
                tmp, "check", "rules", writeRules("broken.yml", rules).toString());
        assertThat(result.exitCode()).as(result.report()).isNotZero();
    }

    @Test
    void everyPanelQueryReturnsDataForASyntheticRun() throws Exception {
        List<Map<String, Object>> rules = new ArrayList<>();
        List<Map<String, Object>> cases = new ArrayList<>();
        for (PanelQuery q : panelQueries) {
            String alert = "PanelQueryEmpty_" + id(q);
            rules.add(rule("alert", alert, "absent(" + q.expr() + ")"));
            cases.add(Map.of("eval_time", "60m", "alertname", alert, "exp_alerts", List.of()));
        }
        Path rulesFile = writeRules("panels.yml", rules);
        Path testFile = writeTest("panels.test.yml", rulesFile, syntheticRun(), cases, List.of());
        Promtool.Result result = promtool.run(tmp, "test", "rules", testFile.toString());
        assertExit(result, 0);
    }

    @Test
    void aPanelQueryThatMatchesNothingIsCaught() throws Exception {
        // control for the test above: a query on a label value nobody exports must make promtool fail
        String alert = "PanelQueryEmpty_control";
        Path rulesFile = writeRules(
                "control.yml",
                List.of(
                        rule(
                                "alert",
                                alert,
                                "absent(modewatch_ndb_bin_proportion{source=\"generated_typo\", run=~\"demo\", model=~\".*\"})")));
        Path testFile = writeTest(
                "control.test.yml",
                rulesFile,
                syntheticRun(),
                List.of(Map.of("eval_time", "60m", "alertname", alert, "exp_alerts", List.of())),
                List.of());
        Promtool.Result result = promtool.run(tmp, "test", "rules", testFile.toString());
        assertThat(result.exitCode()).as(result.report()).isNotZero();
        assertThat(result.output()).as(result.report()).contains(alert);
    }

    @Test
    void classAreaPanelShowsTheRelativeChangeOfEachClassOfTheSelectedRun() throws Exception {
        String expr = query("Class area: generated vs reference", "A").expr();
        // demo: sky 40% -> 10% (-75%), tree 20% -> 30% (+50%), door absent from the reference (left out);
        // run "other" is not selected
        List<Map<String, String>> series = List.of(
                series("modewatch_segment_area_fraction", LABELS + ", class=\"sky\", source=\"reference\"", "40x60"),
                series("modewatch_segment_area_fraction", LABELS + ", class=\"sky\", source=\"generated\"", "10x60"),
                series("modewatch_segment_area_fraction", LABELS + ", class=\"tree\", source=\"reference\"", "20x60"),
                series("modewatch_segment_area_fraction", LABELS + ", class=\"tree\", source=\"generated\"", "30x60"),
                series("modewatch_segment_area_fraction", LABELS + ", class=\"door\", source=\"reference\"", "0x60"),
                series("modewatch_segment_area_fraction", LABELS + ", class=\"door\", source=\"generated\"", "5x60"),
                series("modewatch_segment_area_fraction", OTHER_RUN + ", class=\"sky\", source=\"reference\"", "50x60"),
                series("modewatch_segment_area_fraction", OTHER_RUN + ", class=\"sky\", source=\"generated\"", "5x60"));
        Map<String, Object> exprTest = Map.of(
                "expr",
                expr,
                "eval_time",
                "30m",
                "exp_samples",
                List.of(
                        Map.of("labels", "{" + LABELS + ", class=\"sky\"}", "value", -0.75),
                        Map.of("labels", "{" + LABELS + ", class=\"tree\"}", "value", 0.5)));
        Path testFile =
                writeTest("class.test.yml", writeRules("none.yml", List.of()), series, List.of(), List.of(exprTest));
        assertExit(promtool.run(tmp, "test", "rules", testFile.toString()), 0);
    }

    @Test
    void fsdStatDividesFsdByTheNoiseFloorOfTheSameRun() throws Exception {
        String expr = query("FSD (latest)", "A").expr();
        List<Map<String, String>> series = List.of(
                series("modewatch_fsd", LABELS, "12x60"),
                series("modewatch_fsd_noise_floor", LABELS, "4x60"),
                series("modewatch_fsd", OTHER_RUN, "50x60"),
                series("modewatch_fsd_noise_floor", OTHER_RUN, "5x60"));
        Map<String, Object> exprTest = Map.of(
                "expr",
                expr,
                "eval_time",
                "30m",
                "exp_samples",
                List.of(Map.of("labels", "{" + LABELS + "}", "value", 3.0)));
        Path testFile =
                writeTest("fsd.test.yml", writeRules("none.yml", List.of()), series, List.of(), List.of(exprTest));
        assertExit(promtool.run(tmp, "test", "rules", testFile.toString()), 0);
    }

    private PanelQuery query(String title, String refId) {
        return panelQueries.stream()
                .filter(q -> q.panelTitle().equals(title) && q.refId().equals(refId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no query " + refId + " in panel '" + title + "'"));
    }

    private static String id(PanelQuery q) {
        return "p" + q.panelId() + "_" + q.refId();
    }

    private static Map<String, Object> rule(String kind, String name, String expr) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put(kind, name);
        rule.put("expr", expr);
        return rule;
    }

    private static Map<String, String> series(String name, String labels, String values) {
        return Map.of("series", name + "{" + labels + "}", "values", values);
    }

    /** One hour of every ModeWatch series of run "demo", sampled every minute, one evaluation a minute. */
    private static List<Map<String, String>> syntheticRun() {
        List<Map<String, String>> s = new ArrayList<>();
        s.add(series("modewatch_ndb_fraction", LABELS, "0.1x60"));
        s.add(series("modewatch_ndb_fraction_best", LABELS, "0.1x60"));
        s.add(series("modewatch_ndb_bins_different", LABELS, "10x60"));
        s.add(series("modewatch_ndb_bins", LABELS, "100x60"));
        s.add(series("modewatch_ndb_js_divergence", LABELS, "0.02x60"));
        s.add(series("modewatch_ndb_missing_fraction", LABELS, "0.05x60"));
        for (String[] bin : new String[][] {{"0", "0.5", "0.6"}, {"1", "0.3", "0.3"}, {"2", "0.2", "0.1"}}) {
            s.add(series(
                    "modewatch_ndb_bin_proportion",
                    LABELS + ", bin=\"" + bin[0] + "\", source=\"reference\"",
                    bin[1] + "x60"));
            s.add(series(
                    "modewatch_ndb_bin_proportion",
                    LABELS + ", bin=\"" + bin[0] + "\", source=\"generated\"",
                    bin[2] + "x60"));
        }
        s.add(series("modewatch_fsd", LABELS, "12x60"));
        s.add(series("modewatch_fsd_mean_term", LABELS, "8x60"));
        s.add(series("modewatch_fsd_covariance_term", LABELS, "4x60"));
        s.add(series("modewatch_fsd_noise_floor", LABELS, "4x60"));
        for (String[] cls : new String[][] {{"sky", "40", "10"}, {"tree", "20", "30"}}) {
            s.add(series(
                    "modewatch_segment_area_fraction",
                    LABELS + ", class=\"" + cls[0] + "\", source=\"reference\"",
                    cls[1] + "x60"));
            s.add(series(
                    "modewatch_segment_area_fraction",
                    LABELS + ", class=\"" + cls[0] + "\", source=\"generated\"",
                    cls[2] + "x60"));
        }
        s.add(series("modewatch_evaluations_total", LABELS, "0+1x60"));
        s.add(series("modewatch_evaluation_failures_total", LABELS + ", kind=\"fsd\"", "0x60"));
        s.add(series("modewatch_evaluations_skipped_total", LABELS, "0x60"));
        s.add(series("modewatch_evaluation_seconds_count", LABELS, "0+1x60"));
        s.add(series("modewatch_evaluation_seconds_sum", LABELS, "0+2x60"));
        s.add(series("modewatch_evaluation_seconds_max", LABELS, "2x60"));
        s.add(series("modewatch_evaluation_iteration", LABELS, "0+100x60"));
        s.add(series("modewatch_training_iteration", LABELS, "0+100x60"));
        s.add(series("modewatch_training_score", LABELS, "0.7x60"));
        s.add(series("modewatch_nonfinite_outputs_total", LABELS, "0x60"));
        String features = LABELS + ", features=\"inception\"";
        for (String name : MetricNames.FEATURE_PROMETHEUS_NAMES) {
            s.add(series(name, features, "0.5x60"));
        }
        return s;
    }

    private Path writeRules(String name, List<Map<String, Object>> rules) throws IOException {
        Path file = tmp.resolve(name);
        JSON.writeValue(file.toFile(), Map.of("groups", List.of(Map.of("name", "modewatch_panels", "rules", rules))));
        return file;
    }

    private Path writeTest(
            String name,
            Path rulesFile,
            List<Map<String, String>> series,
            List<Map<String, Object>> alertTests,
            List<Map<String, Object>> exprTests)
            throws IOException {
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("interval", "1m");
        test.put("input_series", series);
        test.put("alert_rule_test", alertTests);
        test.put("promql_expr_test", exprTests);
        Path file = tmp.resolve(name);
        JSON.writeValue(
                file.toFile(),
                Map.of(
                        "rule_files",
                        List.of(rulesFile.getFileName().toString()),
                        "evaluation_interval",
                        "1m",
                        "tests",
                        List.of(test)));
        return file;
    }
}
