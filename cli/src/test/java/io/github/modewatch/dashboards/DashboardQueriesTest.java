package io.github.modewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modewatch.dashboards.DashboardQueries.PanelQuery;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardQueriesTest {

    @Test
    void everyGrafanaVariableSyntaxIsSubstituted() {
        String expr =
                "rate(x{run=~\"$run\", model=~\"${model}\", a=~\"${model:regex}\"}[[[window]]]) / $__rate_interval";
        assertThat(DashboardQueries.substitute(
                        "test", expr, Map.of("run", "demo", "model", ".*", "window", "15m", "__rate_interval", "1m")))
                .isEqualTo("rate(x{run=~\"demo\", model=~\".*\", a=~\".*\"}[15m]) / 1m");
    }

    @Test
    void valuesAreInsertedLiterally() {
        assertThat(DashboardQueries.substitute("test", "x{run=~\"$run\"}", Map.of("run", "a$1\\b")))
                .isEqualTo("x{run=~\"a$1\\b\"}");
    }

    @Test
    void missingValueNamesTheQueryAndTheVariables() {
        assertThatThrownBy(() -> DashboardQueries.substitute(
                        "panel 3 query A", "x{a=\"$run\", b=\"$zone\"}[$w]", Map.of("run", "demo")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("panel 3 query A")
                .hasMessageContaining("[w, zone]");
    }

    @Test
    void panelsInsideCollapsedRowsAreRead() throws IOException {
        String json = """
                {"panels": [
                  {"id": 1, "type": "stat", "title": "top", "targets": [{"refId": "A", "expr": "a", "instant": true}]},
                  {"id": 2, "type": "row", "title": "row", "panels": [
                    {"id": 3, "type": "timeseries", "title": "inner", "targets": [
                      {"refId": "A", "expr": "b"}, {"refId": "B", "expr": "c"}]}]}]}
                """;
        List<PanelQuery> queries =
                DashboardQueries.fromJson(new ObjectMapper().readTree(json)).queries();
        assertThat(queries)
                .containsExactly(
                        new PanelQuery(1, "top", "stat", "A", "a", true),
                        new PanelQuery(3, "inner", "timeseries", "A", "b", false),
                        new PanelQuery(3, "inner", "timeseries", "B", "c", false));
    }

    @Test
    void modeWatchDashboardQueriesBecomePlainPromQl() throws IOException {
        DashboardQueries dashboard = DashboardQueries.load(DashboardFiles.dashboardJson());
        List<PanelQuery> live = dashboard.substituted(DashboardQueries.exampleValues("demo"));
        assertThat(live).hasSameSizeAs(dashboard.queries());
        assertThat(live)
                .allSatisfy(q -> assertThat(q.expr()).doesNotContain("$").doesNotContain("[["));
        assertThat(live).extracting(PanelQuery::expr).contains("modewatch_ndb_fraction{run=~\"demo\", model=~\".*\"}");
    }

    @Test
    void exampleValuesRejectABlankRun() {
        assertThatThrownBy(() -> DashboardQueries.exampleValues(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run");
    }
}
