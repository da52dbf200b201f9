package io.github.modewatch.dashboards;

import io.github.modewatch.export.MetricNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Where the files under {@code dashboards/} live, and which series names they may query. */
final class DashboardFiles {
    private DashboardFiles() {}

    /** Prometheus name of the evaluation timer; scraped only as its _count, _sum and _max series. */
    static final String TIMER = "modewatch_evaluation_seconds";

    static final List<String> TIMER_SUFFIXES = List.of("_count", "_sum", "_max");

    /** The {@code dashboards/} folder of this checkout (the build passes the checkout as {@code modewatch.root}). */
    static Path root() {
        Path root = Path.of(System.getProperty("modewatch.root", System.getProperty("user.dir")))
                .resolve("dashboards");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException(
                    "dashboards folder not found at " + root.toAbsolutePath()
                            + ": run the tests with Maven (it sets modewatch.root to the checkout) or from the checkout's root");
        }
        return root;
    }

    static Path dashboardJson() {
        return root().resolve("grafana/modewatch.json");
    }

    static Path prometheusConfig() {
        return root().resolve("prometheus/prometheus.yml");
    }

    /** The same configuration for a Prometheus on this machine (not in docker): every address on 127.0.0.1. */
    static Path prometheusLocalConfig() {
        return root().resolve("prometheus/prometheus-local.yml");
    }

    static Path alertRules() {
        return root().resolve("prometheus/modewatch-alerts.yml");
    }

    static Path alertRuleTests() {
        return root().resolve("prometheus/modewatch-alerts.test.yml");
    }

    static Path compose() {
        return root().resolve("docker-compose.yml");
    }

    /**
     * Series names a query may select: every name of {@link MetricNames#PROMETHEUS_NAMES}, except that the timer
     * family is only queryable as {@code _count}, {@code _sum} and {@code _max}.
     */
    static Set<String> queryableSeriesNames() {
        Set<String> names = new LinkedHashSet<>(MetricNames.PROMETHEUS_NAMES);
        if (!names.remove(TIMER)) {
            throw new IllegalStateException(TIMER + " is not in MetricNames.PROMETHEUS_NAMES: update DashboardFiles");
        }
        TIMER_SUFFIXES.forEach(suffix -> names.add(TIMER + suffix));
        return Set.copyOf(names);
    }
}
