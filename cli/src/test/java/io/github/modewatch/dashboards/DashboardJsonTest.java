package io.github.modewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modewatch.dashboards.DashboardQueries.PanelQuery;
import io.github.modewatch.dashboards.PromQlSelectors.Selector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks dashboards/grafana/modewatch.json without Grafana: structure, datasource, filters, metric names. */
class DashboardJsonTest {
    private static final String DATASOURCE_VARIABLE = "${datasource}";
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\s*\\)");

    private static JsonNode dashboard;
    private static List<JsonNode> panels;
    private static DashboardQueries queries;

    @BeforeAll
    static void readDashboard() throws IOException {
        dashboard = new ObjectMapper().readTree(DashboardFiles.dashboardJson().toFile());
        panels = new ArrayList<>();
        collectPanels(dashboard.path("panels"), panels);
        queries = DashboardQueries.fromJson(dashboard);
    }

    private static void collectPanels(JsonNode list, List<JsonNode> into) {
        for (JsonNode panel : list) {
            into.add(panel);
            collectPanels(panel.path("panels"), into);
        }
    }

    private static JsonNode variable(String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("dashboard has no template variable '" + name + "'");
    }

    private static JsonNode panel(String title) {
        return panels.stream()
                .filter(p -> p.path("title").asText().equals(title))
                .findFirst()
                .orElseThrow(() -> new AssertionError("dashboard has no panel titled '" + title + "'"));
    }

    @Test
    void dashboardCanBeImportedAndProvisioned() {
        assertThat(dashboard.path("uid").asText()).isEqualTo("modewatch");
        assertThat(dashboard.path("title").asText()).isNotBlank();
        // a fixed numeric id would clash with dashboards already in the target Grafana
        assertThat(dashboard.path("id").isMissingNode() || dashboard.path("id").isNull())
                .as("dashboard id must be null or absent")
                .isTrue();
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
        // __inputs (${DS_...} placeholders of UI exports) are resolved on import only, never by provisioning
        assertThat(dashboard.has("__inputs"))
                .as("dashboard must not use __inputs")
                .isFalse();
        assertThat(panels).isNotEmpty();
    }

    @Test
    void datasourceIsAPrometheusDatasourceVariable() {
        JsonNode ds = variable("datasource");
        assertThat(ds.path("type").asText()).isEqualTo("datasource");
        assertThat(ds.path("query").asText()).isEqualTo("prometheus");
    }

    @Test
    void everyPanelAndTargetUsesTheDatasourceVariable() {
        for (JsonNode panel : panels) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            String where = "panel " + panel.path("id") + " " + panel.path("title");
            assertDatasourceVariable(panel.path("datasource"), where);
            assertThat(panel.path("targets").size()).as(where + " targets").isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertDatasourceVariable(target.path("datasource"), where + " target " + target.path("refId"));
            }
        }
        assertDatasourceVariable(variable("run").path("datasource"), "variable run");
        assertDatasourceVariable(variable("model").path("datasource"), "variable model");
    }

    private static void assertDatasourceVariable(JsonNode ds, String where) {
        assertThat(ds.path("type").asText()).as(where + " datasource type").isEqualTo("prometheus");
        assertThat(ds.path("uid").asText()).as(where + " datasource uid").isEqualTo(DATASOURCE_VARIABLE);
    }

    @Test
    void noDatasourceUidIsHardCoded() {
        List<String> hardCoded = new ArrayList<>();
        findUids(dashboard, "", hardCoded);
        assertThat(hardCoded)
                .as("uids other than the dashboard's own and " + DATASOURCE_VARIABLE)
                .isEmpty();
    }

    private static void findUids(JsonNode node, String path, List<String> hardCoded) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String childPath = path + "/" + field.getKey();
                boolean dashboardUid = childPath.equals("/uid");
                if (field.getKey().equals("uid")
                        && !dashboardUid
                        && !field.getValue().asText().equals(DATASOURCE_VARIABLE)) {
                    hardCoded.add(childPath + " = " + field.getValue());
                }
                if (field.getKey().equals("datasource")
                        && field.getValue().isTextual()
                        && !field.getValue().asText().equals(DATASOURCE_VARIABLE)) {
                    hardCoded.add(childPath + " = " + field.getValue());
                }
                findUids(field.getValue(), childPath, hardCoded);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                findUids(node.get(i), path + "/" + i, hardCoded);
            }
        }
    }

    @Test
    void runAndModelAreMultiValueLabelVariables() {
        for (String name : List.of("run", "model")) {
            JsonNode v = variable(name);
            assertThat(v.path("type").asText()).as(name + " type").isEqualTo("query");
            assertThat(v.path("multi").asBoolean()).as(name + " multi").isTrue();
            assertThat(v.path("includeAll").asBoolean())
                    .as(name + " includeAll")
                    .isTrue();
            // "All" must also match an absent label (a run without a model name exports model="")
            assertThat(v.path("allValue").asText()).as(name + " allValue").isEqualTo(".*");
            Matcher m = LABEL_VALUES.matcher(variableQuery(v));
            assertThat(m.matches()).as(name + " query " + variableQuery(v)).isTrue();
            assertThat(m.group(2)).isEqualTo(name);
        }
    }

    private static String variableQuery(JsonNode v) {
        JsonNode query = v.path("query");
        return query.isObject() ? query.path("query").asText() : query.asText();
    }

    @Test
    void everyPanelTellsTheUserHowToReadIt() {
        for (JsonNode panel : panels) {
            assertThat(panel.path("description").asText())
                    .as("description of panel " + panel.path("id") + " " + panel.path("title"))
                    .isNotBlank();
        }
    }

    @Test
    void everySelectorOfEveryQueryFiltersByRunAndModel() {
        assertThat(queries.queries()).hasSizeGreaterThanOrEqualTo(panels.size());
        for (PanelQuery q : queries.queries()) {
            List<Selector> selectors = PromQlSelectors.selectors(q.expr());
            assertThat(selectors)
                    .as(q.where() + " selects no series: " + q.expr())
                    .isNotEmpty();
            for (Selector s : selectors) {
                assertThat(s.has("run", "=~", "$run") && s.has("model", "=~", "$model"))
                        .as(q.where() + ": selector " + s + " must have run=~\"$run\" and model=~\"$model\"")
                        .isTrue();
            }
        }
    }

    @Test
    void everyMetricTheDashboardQueriesIsExported() {
        Set<String> known = DashboardFiles.queryableSeriesNames();
        Set<String> unknown = new TreeSet<>();
        for (PanelQuery q : queries.queries()) {
            for (Selector s : PromQlSelectors.selectors(q.expr())) {
                String name = s.metricName().orElse("<no metric name in " + s + ">");
                if (!known.contains(name)) {
                    unknown.add(q.where() + ": " + name);
                }
            }
        }
        for (String variableName : List.of("run", "model")) {
            Matcher m = LABEL_VALUES.matcher(variableQuery(variable(variableName)));
            assertThat(m.matches()).isTrue();
            for (Selector s : PromQlSelectors.selectors(m.group(1))) {
                if (!known.contains(s.name())) {
                    unknown.add("variable " + variableName + ": " + s.name());
                }
            }
        }
        assertThat(unknown)
                .as("metric names not in MetricNames.PROMETHEUS_NAMES")
                .isEmpty();
    }

    @Test
    void dashboardShowsEveryKindOfModeWatchMetric() {
        Set<String> used = new HashSet<>();
        queries.queries().forEach(q -> PromQlSelectors.selectors(q.expr())
                .forEach(s -> s.metricName().ifPresent(used::add)));
        assertThat(used)
                .contains(
                        "modewatch_ndb_fraction",
                        "modewatch_ndb_js_divergence",
                        "modewatch_fsd",
                        "modewatch_fsd_noise_floor",
                        "modewatch_segment_area_fraction",
                        "modewatch_ndb_bin_proportion",
                        "modewatch_evaluation_seconds_sum",
                        "modewatch_evaluation_seconds_count",
                        "modewatch_evaluation_seconds_max",
                        "modewatch_evaluations_total",
                        "modewatch_evaluations_skipped_total",
                        "modewatch_evaluation_failures_total",
                        "modewatch_nonfinite_outputs_total",
                        "modewatch_training_score",
                        "modewatch_training_iteration");
    }

    @Test
    void ndbFractionStatTurnsOrangeAtTenAndRedAtTwentyFivePercent() {
        JsonNode stat = panel("NDB/K (latest)");
        assertThat(stat.path("type").asText()).isEqualTo("stat");
        JsonNode steps =
                stat.path("fieldConfig").path("defaults").path("thresholds").path("steps");
        assertThat(steps.size()).isEqualTo(3);
        assertThat(steps.get(0).path("color").asText()).isEqualTo("green");
        assertThat(steps.get(0).path("value").isNull()).isTrue();
        assertThat(steps.get(1).path("color").asText()).isEqualTo("orange");
        assertThat(steps.get(1).path("value").asDouble()).isEqualTo(0.1);
        assertThat(steps.get(2).path("color").asText()).isEqualTo("red");
        assertThat(steps.get(2).path("value").asDouble()).isEqualTo(0.25);
        assertThat(stat.path("description").asText()).contains("0.1", "0.25");
    }

    @Test
    void fsdPanelDrawsTheNoiseFloorAsAShadedBand() {
        JsonNode fsd = panel("FSD and noise floor");
        String noiseRef = null;
        for (JsonNode target : fsd.path("targets")) {
            if (target.path("expr").asText().startsWith("modewatch_fsd_noise_floor{")) {
                noiseRef = target.path("refId").asText();
            }
        }
        assertThat(noiseRef).as("a target on modewatch_fsd_noise_floor").isNotNull();
        double fill = 0;
        for (JsonNode override : fsd.path("fieldConfig").path("overrides")) {
            if (override.path("matcher").path("id").asText().equals("byFrameRefID")
                    && override.path("matcher").path("options").asText().equals(noiseRef)) {
                for (JsonNode property : override.path("properties")) {
                    if (property.path("id").asText().equals("custom.fillOpacity")) {
                        fill = property.path("value").asDouble();
                    }
                }
            }
        }
        assertThat(fill).as("fill opacity of the noise floor series").isPositive();
    }

    @Test
    void panelIdsAreUniqueAndPanelsTileTheGridWithoutOverlap() {
        Set<Integer> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode panel : panels) {
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("duplicate panel id " + panel.path("id"))
                    .isTrue();
            JsonNode g = panel.path("gridPos");
            int[] box = {
                g.path("x").asInt(),
                g.path("y").asInt(),
                g.path("w").asInt(),
                g.path("h").asInt()
            };
            assertThat(box[2]).as("width of panel " + panel.path("id")).isPositive();
            assertThat(box[3]).as("height of panel " + panel.path("id")).isPositive();
            assertThat(box[0] + box[2])
                    .as("right edge of panel " + panel.path("id"))
                    .isLessThanOrEqualTo(24);
            for (int[] other : boxes) {
                boolean overlap = box[0] < other[0] + other[2]
                        && other[0] < box[0] + box[2]
                        && box[1] < other[1] + other[3]
                        && other[1] < box[1] + box[3];
                assertThat(overlap)
                        .as("panel " + panel.path("id") + " overlaps another panel")
                        .isFalse();
            }
            boxes.add(box);
        }
    }

    @Test
    void refIdsAreUniqueWithinEachPanel() {
        for (JsonNode panel : panels) {
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertThat(refIds.add(target.path("refId").asText()))
                        .as("refId " + target.path("refId") + " twice in panel " + panel.path("id"))
                        .isTrue();
            }
        }
    }
}
