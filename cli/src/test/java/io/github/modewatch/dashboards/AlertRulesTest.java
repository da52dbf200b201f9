package io.github.modewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modewatch.dashboards.PromQlSelectors.Selector;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks dashboards/prometheus/modewatch-alerts.yml and its promtool unit tests as data; PromtoolIT runs them.
 */
class AlertRulesTest {
    private static final Set<String> ALERTS = Set.of(
            "ModeCollapse",
            "CoverageDrop",
            "FsdDivergence",
            "EvaluatorStalled",
            "EvaluatorFailing",
            "NonFiniteOutputs");

    private static List<Map<String, Object>> alerts;
    private static Map<String, Object> unitTests;

    @BeforeAll
    static void readRules() throws IOException {
        alerts = new ArrayList<>();
        for (Map<String, Object> group :
                Yamls.maps(Yamls.load(DashboardFiles.alertRules()).get("groups"), "groups")) {
            for (Map<String, Object> rule : Yamls.maps(group.get("rules"), "rules of " + group.get("name"))) {
                if (rule.containsKey("alert")) {
                    alerts.add(rule);
                }
            }
        }
        unitTests = Yamls.load(DashboardFiles.alertRuleTests());
    }

    @Test
    void everyAlertOfTheIssueIsDefinedOnceAndModeCollapseOncePerSignal() {
        assertThat(alerts.stream().map(rule -> rule.get("alert")).distinct())
                .containsExactlyInAnyOrderElementsOf(ALERTS);
        // two rules share the name ModeCollapse (NDB/K and JS); their `signal` label keeps their series apart
        java.util.List<String> keys = alerts.stream()
                .map(rule -> rule.get("alert") + "/"
                        + Yamls.map(rule.get("labels"), rule.get("alert") + " labels")
                                .get("signal"))
                .toList();
        assertThat(keys)
                .doesNotHaveDuplicates()
                .filteredOn(k -> k.startsWith("ModeCollapse/"))
                .containsExactlyInAnyOrder("ModeCollapse/ndb", "ModeCollapse/js");
    }

    @Test
    void everyAlertHasASeverityAndADelay() {
        for (Map<String, Object> rule : alerts) {
            Map<String, Object> labels = Yamls.map(rule.get("labels"), rule.get("alert") + " labels");
            assertThat(labels.get("severity"))
                    .as(rule.get("alert") + " severity")
                    .isIn("warning", "critical");
            assertThat(rule.get("for")).as(rule.get("alert") + " for").isNotNull();
        }
    }

    @Test
    void everyAlertExplainsItselfAndNamesTheRunAndValue() {
        for (Map<String, Object> rule : alerts) {
            String name = (String) rule.get("alert");
            Map<String, Object> annotations = Yamls.map(rule.get("annotations"), name + " annotations");
            assertThat((String) annotations.get("summary"))
                    .as(name + " summary")
                    .isNotBlank();
            assertThat((String) annotations.get("runbook"))
                    .as(name + " runbook")
                    .isNotBlank();
            assertThat((String) annotations.get("description"))
                    .as(name + " description")
                    .contains("$labels.run")
                    .contains("$value");
        }
    }

    @Test
    void everyMetricTheAlertsQueryIsExported() {
        Set<String> known = DashboardFiles.queryableSeriesNames();
        Set<String> unknown = new TreeSet<>();
        for (Map<String, Object> rule : alerts) {
            List<Selector> selectors = PromQlSelectors.selectors((String) rule.get("expr"));
            assertThat(selectors).as(rule.get("alert") + " selects no series").isNotEmpty();
            for (Selector s : selectors) {
                String name = s.metricName().orElse("<no metric name in " + s + ">");
                if (!known.contains(name)) {
                    unknown.add(rule.get("alert") + ": " + name);
                }
            }
        }
        assertThat(unknown)
                .as("metric names not in MetricNames.PROMETHEUS_NAMES")
                .isEmpty();
    }

    @Test
    void unitTestsLoadTheRuleFile() {
        List<Object> ruleFiles = Yamls.list(unitTests.get("rule_files"), "rule_files");
        assertThat(ruleFiles).contains(DashboardFiles.alertRules().getFileName().toString());
        for (Object file : ruleFiles) {
            assertThat(Files.isRegularFile(DashboardFiles.alertRuleTests().resolveSibling((String) file)))
                    .as("rule file " + file)
                    .isTrue();
        }
    }

    @Test
    void everyAlertHasAUnitTestWhereItFiresAndOneWhereItStaysQuiet() {
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Map<String, Object> test : Yamls.maps(unitTests.get("tests"), "tests")) {
            Object cases = test.get("alert_rule_test");
            if (cases == null) {
                continue;
            }
            for (Map<String, Object> c : Yamls.maps(cases, "alert_rule_test")) {
                List<Object> expected =
                        c.get("exp_alerts") == null ? List.of() : Yamls.list(c.get("exp_alerts"), "exp_alerts");
                (expected.isEmpty() ? quiet : fires).add((String) c.get("alertname"));
                for (Map<String, Object> alert : Yamls.maps(expected, "exp_alerts")) {
                    // exact expectations: promtool compares every label and annotation
                    Map<String, Object> labels = Yamls.map(alert.get("exp_labels"), "exp_labels");
                    assertThat(labels).containsKeys("severity", "run");
                    Map<String, Object> annotations = Yamls.map(alert.get("exp_annotations"), "exp_annotations");
                    assertThat(annotations).containsOnlyKeys("summary", "description", "runbook");
                }
            }
        }
        assertThat(fires).as("alerts with a firing case").containsAll(ALERTS);
        assertThat(quiet).as("alerts with a quiet case").containsAll(ALERTS);
    }
}
