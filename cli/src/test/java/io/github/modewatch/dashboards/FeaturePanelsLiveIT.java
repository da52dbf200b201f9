package io.github.modewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.modewatch.FashionMnistFiles;
import io.github.modewatch.export.MetricNames;
import io.github.modewatch.testing.ExternalTools;
import io.github.modewatch.testing.PrometheusProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's feature panels (Fréchet distance on features, KID, precision/recall/density/coverage) against a real
 * run that has a feature extractor: the Fashion-MNIST demo (its classifier's penultimate layer, through the listener's
 * {@code .features(...)}) on a 2,000-image subset, scraped by a real Prometheus. Every feature panel query, with the
 * Grafana variables filled in for this run, must return data with the {@code features} label of the demo's extractor.
 */
class FeaturePanelsLiveIT {
    private static final String RUN = "feature-panels-it";

    @TempDir
    Path tmp;

    /** A query every selector of which reads a feature metric (registered only with a feature extractor). */
    static boolean isFeatureQuery(DashboardQueries.PanelQuery q) {
        List<PromQlSelectors.Selector> selectors = PromQlSelectors.selectors(q.expr());
        return !selectors.isEmpty()
                && selectors.stream().allMatch(s -> MetricNames.FEATURE_PROMETHEUS_NAMES.contains(s.name()));
    }

    @Test
    void everyFeaturePanelQueryReturnsDataForARealFashionRun() throws Exception {
        Path data = FashionMnistFiles.writeSubset(tmp.resolve("data"), 2_000, 1_000);
        int port = ExternalTools.freeLoopbackPort();
        String[] args = {
            "demo",
            "--dataset",
            "fashion",
            "--data",
            data.toString(),
            "--cache",
            tmp.resolve("cache").toString(),
            "--iterations",
            "20",
            "--every",
            "10",
            "--latent",
            "5",
            "--port",
            String.valueOf(port),
            "--hold",
            "120",
            "--run",
            RUN,
            "--report",
            tmp.resolve("report").toString(),
            "--quiet"
        };
        DashboardQueries queries = DashboardQueries.load(Path.of("dashboards/grafana/modewatch.json"));
        List<DashboardQueries.PanelQuery> featureQueries =
                queries.substituted(DashboardQueries.exampleValues(RUN)).stream()
                        .filter(FeaturePanelsLiveIT::isFeatureQuery)
                        .toList();
        assertThat(featureQueries)
                .as("the dashboard has feature panels")
                .hasSizeGreaterThanOrEqualTo(MetricNames.FEATURE_PROMETHEUS_NAMES.size() - 1);
        try (PrometheusProcess prometheus = PrometheusProcess.start(
                        List.of(new PrometheusProcess.Job("modewatch", "127.0.0.1:" + port, false)));
                BackgroundDemo demo = BackgroundDemo.start(port, args)) {
            prometheus.awaitQuery(
                    "modewatch_features_coverage{run=\"" + RUN + "\"} >= 0 and on(run) "
                            + "modewatch_training_iteration{run=\"" + RUN + "\"} >= 19",
                    r -> r.size() == 1,
                    Duration.ofMinutes(8));
            Thread.sleep(3_000);

            String scrape = demo.scrape();
            List<String> empty = new ArrayList<>();
            for (DashboardQueries.PanelQuery q : featureQueries) {
                JsonNode result = prometheus.query(q.expr());
                if (result.size() == 0) {
                    empty.add(q.where() + ": " + q.expr());
                }
                for (JsonNode series : result) {
                    assertThat(series.path("metric").path("features").asText())
                            .as(q.where())
                            .isEqualTo("fashion-classifier-dense64");
                }
            }
            assertThat(empty)
                    .as("feature panel queries without data for run %s", RUN)
                    .isEmpty();
            for (String name : MetricNames.FEATURE_PROMETHEUS_NAMES) {
                assertThat(scrape).as(name).contains("\n" + name + "{features=\"fashion-classifier-dense64\"");
            }
            assertThat(demo.out()).contains("features FD");
        }
    }
}
