package io.github.modewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modewatch.cli.Main;
import io.github.modewatch.testing.ExternalTools;
import io.github.modewatch.testing.PrometheusProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped alert rules against real runs: a real Prometheus, loaded with dashboards/prometheus/modewatch-alerts.yml,
 * scrapes a healthy and a collapsing {@code modewatch demo --dataset ring} at the same time. ModeCollapse must
 * fire for the collapsing run and never even be pending for the healthy one.
 */
class AlertsLiveIT {
    private static final String HEALTHY = "alerts-it-healthy";
    private static final String COLLAPSE = "alerts-it-collapse";

    @TempDir
    Path tmp;

    private Thread demo(String run, int port, boolean collapse, StringWriter out) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "demo",
                "--dataset",
                "ring",
                "--port",
                String.valueOf(port),
                "--hold",
                "600",
                "--run",
                run,
                "--report",
                tmp.resolve(run).toString(),
                "--quiet"));
        if (collapse) {
            args.add("--collapse");
        }
        Thread t = new Thread(
                () -> Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(out, true)),
                run);
        t.setDaemon(true); // it keeps serving after training; the JVM need not wait
        t.start();
        return t;
    }

    @Test
    void modeCollapseFiresForTheCollapsingRingDemoAndStaysQuietForTheHealthyOne() throws Exception {
        int healthyPort = ExternalTools.freeLoopbackPort();
        int collapsePort = ExternalTools.freeLoopbackPort();
        StringWriter healthyOut = new StringWriter();
        StringWriter collapseOut = new StringWriter();
        try (PrometheusProcess prometheus = PrometheusProcess.start(
                List.of(
                        new PrometheusProcess.Job("healthy", "127.0.0.1:" + healthyPort, false),
                        new PrometheusProcess.Job("collapse", "127.0.0.1:" + collapsePort, false)),
                List.of(Path.of("dashboards/prometheus/modewatch-alerts.yml")))) {
            Thread healthy = demo(HEALTHY, healthyPort, false, healthyOut);
            Thread collapsing = demo(COLLAPSE, collapsePort, true, collapseOut);

            // on ring-8 both branches fire (NDB/K 0 -> 1 and JS ~0 -> 0.5): signal="ndb" and signal="js"; the NDB
            // branch with K = 8 needs a rise of 1.5 / sqrt(8) = 0.53 over the run's best
            for (String signal : List.of("ndb", "js")) {
                prometheus.awaitQuery(
                        "ALERTS{alertname=\"ModeCollapse\", alertstate=\"firing\", signal=\"" + signal + "\", run=\""
                                + COLLAPSE + "\"}",
                        r -> r.size() == 1,
                        Duration.ofMinutes(6));
            }
            // the healthy run's whole training (2,000 iterations) has been watched by the rules
            prometheus.awaitQuery(
                    "modewatch_evaluation_iteration{run=\"" + HEALTHY + "\"} >= 2000",
                    r -> r.size() == 1,
                    Duration.ofMinutes(4));
            Thread.sleep(3_000); // a few more rule evaluations of the final state

            assertThat(prometheus.query(
                            "max_over_time(ALERTS{alertname=\"ModeCollapse\", run=\"" + HEALTHY + "\"}[30m])"))
                    .as("ModeCollapse pending or firing for the healthy run")
                    .isEmpty();
            assertThat(prometheus.query("modewatch_ndb_fraction{run=\"" + COLLAPSE + "\"} > 0.25"))
                    .hasSize(1);
            assertThat(prometheus.query("modewatch_ndb_fraction_best{run=\"" + COLLAPSE + "\"} <= 0.25"))
                    .hasSize(1);
            healthy.interrupt();
            collapsing.interrupt();
        }
        assertThat(collapseOut.toString()).contains("--collapse: the discriminator stops training");
        assertThat(healthyOut.toString()).doesNotContain("the discriminator stops training");
    }
}
