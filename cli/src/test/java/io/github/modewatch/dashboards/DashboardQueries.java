package io.github.modewatch.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every PromQL query of a Grafana dashboard JSON, panel by panel, raw or with the Grafana variables replaced by
 * concrete values so that Prometheus (or promtool) can run them:
 * <pre>{@code
 * DashboardQueries dashboard = DashboardQueries.load(Path.of("dashboards/grafana/modewatch.json"));
 * for (PanelQuery q : dashboard.substituted(DashboardQueries.exampleValues("demo"))) {
 *     // GET /api/v1/query?query=<q.expr()>
 * }
 * }</pre>
 * Panels inside collapsed rows are included; targets without an {@code expr} (none in ModeWatch) are not.
 */
public final class DashboardQueries {
    /** Grafana's variable syntaxes: {@code $name}, {@code ${name}}, {@code ${name:format}}, {@code [[name]]}. */
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)(?::[^\\]]*)?]]");

    /** One target of one panel. */
    public record PanelQuery(
            int panelId, String panelTitle, String panelType, String refId, String expr, boolean instant) {
        public PanelQuery {
            Objects.requireNonNull(panelTitle, "panelTitle");
            Objects.requireNonNull(panelType, "panelType");
            Objects.requireNonNull(refId, "refId");
            Objects.requireNonNull(expr, "expr");
        }

        /** e.g. {@code panel 8 "Class area: generated vs reference" query A}, for messages. */
        public String where() {
            return "panel " + panelId + " \"" + panelTitle + "\" query " + refId;
        }

        PanelQuery withExpr(String newExpr) {
            return new PanelQuery(panelId, panelTitle, panelType, refId, newExpr, instant);
        }
    }

    private final List<PanelQuery> queries;

    private DashboardQueries(List<PanelQuery> queries) {
        this.queries = List.copyOf(queries);
    }

    public static DashboardQueries load(Path dashboardJson) throws IOException {
        return fromJson(new ObjectMapper().readTree(dashboardJson.toFile()));
    }

    public static DashboardQueries fromJson(JsonNode dashboard) {
        List<PanelQuery> found = new ArrayList<>();
        collect(dashboard.path("panels"), found);
        return new DashboardQueries(found);
    }

    private static void collect(JsonNode panels, List<PanelQuery> found) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                JsonNode expr = target.get("expr");
                if (expr != null && expr.isTextual()) {
                    found.add(new PanelQuery(
                            panel.path("id").asInt(),
                            panel.path("title").asText(),
                            panel.path("type").asText(),
                            target.path("refId").asText(),
                            expr.asText(),
                            target.path("instant").asBoolean(false)));
                }
            }
            collect(panel.path("panels"), found); // a collapsed row holds its panels
        }
    }

    /** The queries as written in the dashboard, with Grafana variables. */
    public List<PanelQuery> queries() {
        return queries;
    }

    /**
     * The queries with every Grafana variable replaced by {@code values.get(name)} (names without {@code $}).
     *
     * @throws IllegalArgumentException naming the query and the variables when a variable has no value
     */
    public List<PanelQuery> substituted(Map<String, String> values) {
        return queries.stream()
                .map(q -> q.withExpr(substitute(q.where(), q.expr(), values)))
                .toList();
    }

    /** Replaces Grafana variables in one expression; {@code where} names it in the error message. */
    public static String substitute(String where, String expr, Map<String, String> values) {
        TreeSet<String> missing = new TreeSet<>();
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value = values.get(name);
            if (value == null) {
                missing.add(name);
                value = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(where + ": no value for Grafana variable(s) " + missing + " in " + expr
                    + "; add them to the values map, e.g. exampleValues(run)");
        }
        return out.toString();
    }

    /**
     * Values for a live check of one run: {@code $run} = the run (a regex, as Grafana sends it), {@code $model} and
     * {@code $features} = {@code .*} (Grafana's "All"), and fixed intervals for {@code $window}, {@code $__rate_interval} (1m, four
     * 15 s scrapes), {@code $__interval} (15s) and {@code $__range} (1h).
     */
    public static Map<String, String> exampleValues(String run) {
        if (run == null || run.isBlank()) {
            throw new IllegalArgumentException("run = '" + run + "': must be a non-blank run name; pass the run"
                    + " label of the job you scrape, e.g. \"demo\"");
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("run", run);
        values.put("model", ".*");
        values.put("features", ".*");
        values.put("window", "15m");
        values.put("__rate_interval", "1m");
        values.put("__interval", "15s");
        values.put("__range", "1h");
        return Map.copyOf(values);
    }
}
