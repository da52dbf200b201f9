package io.github.modewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.modewatch.testing.ExternalTools;
import io.github.modewatch.testing.PrometheusProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard against a real run: a short {@code modewatch demo} (scenes: NDB and FSD live) serves /metrics,
 * a real Prometheus scrapes it, then (1) every metric a panel uses is in the demo's own scrape and (2) every
 * panel query, with the Grafana variables filled in for this run, returns data from Prometheus. The feature
 * panels (KID, precision/recall/density/coverage: the scenes demo has no feature extractor) are checked the same
 * way against the Fashion-MNIST demo by {@link FeaturePanelsLiveIT}.
 */
class DashboardLiveIT {
    private static final String RUN = "dashboard-it";

    @TempDir
    Path tmp;

    @Test
    void everyPanelQueryReturnsDataForARealDemoRun() throws Exception {
        int port = ExternalTools.freeLoopbackPort();
        String[] args = {
            "demo",
            "--iterations",
            "300",
            "--every",
            "50",
            "--port",
            String.valueOf(port),
            "--hold",
            "120",
            "--run",
            RUN,
            "--report",
            tmp.resolve("report").toString()
        };
        try (PrometheusProcess prometheus = PrometheusProcess.start(
                        List.of(new PrometheusProcess.Job("modewatch", "127.0.0.1:" + port, false)));
                BackgroundDemo demo = BackgroundDemo.start(port, args)) {
            // Training is over once the final evaluation is scraped; the demo then holds /metrics open.
            prometheus.awaitQuery(
                    "modewatch_evaluations_total{run=\"" + RUN + "\"} >= 7 and on(run) "
                            + "modewatch_training_iteration{run=\"" + RUN + "\"} >= 299",
                    r -> r.size() == 1,
                    Duration.ofMinutes(4));
            Thread.sleep(3_000); // a few more scrapes of the final state, so rate windows hold several samples

            String scrape = demo.scrape();
            DashboardQueries queries = DashboardQueries.load(Path.of("dashboards/grafana/modewatch.json"));
            TreeSet<String> missingFromScrape = new TreeSet<>();
            List<String> empty = new ArrayList<>();
            Map<String, String> values = DashboardQueries.exampleValues(RUN);
            for (DashboardQueries.PanelQuery q : queries.substituted(values)) {
                if (FeaturePanelsLiveIT.isFeatureQuery(q)) {
                    continue;
                }
                for (PromQlSelectors.Selector s : PromQlSelectors.selectors(q.expr())) {
                    if (!scrape.contains("\n" + s.name() + "{")) {
                        missingFromScrape.add(s.name() + " (" + q.where() + ")");
                    }
                }
                JsonNode result = prometheus.query(q.expr());
                if (result.size() == 0) {
                    empty.add(q.where() + ": " + q.expr());
                }
            }
            assertThat(missingFromScrape)
                    .as("metrics used by panels but absent from the demo's scrape")
                    .isEmpty();
            assertThat(empty).as("panel queries without data for run %s", RUN).isEmpty();
            assertThat(queries.queries()).hasSizeGreaterThan(10);
            assertThat(demo.out()).contains("NDB/K");
        }
    }
}
