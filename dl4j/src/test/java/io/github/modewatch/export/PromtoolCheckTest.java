package io.github.modewatch.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modewatch.internal.monitor.MonitorState;
import io.github.modewatch.monitor.FailureKind;
import io.github.modewatch.testing.ExternalTools;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code promtool check metrics} (the Prometheus project's exposition linter) accepts a real scrape. */
class PromtoolCheckTest {

    @Test
    void scrapeBeforeTheFirstEvaluationPassesPromtool() throws Exception {
        MonitorState state = new MonitorState();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ModeWatchMetrics.builder(state, "r1").model("dcgan").build().bindTo(registry);

        assertPromtoolAccepts(registry.scrape());
    }

    @Test
    void scrapeWithEveryFamilyPassesPromtool() throws Exception {
        MonitorState state = new MonitorState();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ModeWatchMetrics.builder(state, "r1").features("inception").build().bindTo(registry);
        state.recordTraining(1510, 0.69);
        state.recordEvaluation(Fixtures.standardWithFeatures());
        state.recordFailure(FailureKind.PUSH);
        state.recordNonFiniteOutputs(3);
        String scrape = registry.scrape();
        for (String name : MetricNames.PROMETHEUS_NAMES) {
            assertThat(scrape).as("the scrape promtool checks has every family").contains("# TYPE " + name + " ");
        }

        assertPromtoolAccepts(scrape);
    }

    @Test
    void promtoolRejectsACounterWithoutTotal() throws Exception {
        // proves the check above can fail: promtool lints, it does not just parse
        String bad =
                "# HELP modewatch_bad A counter named without _total\n# TYPE modewatch_bad counter\nmodewatch_bad 1\n";

        PromtoolResult result = promtool(bad);

        assertThat(result.exitCode).isNotZero();
        assertThat(result.output).contains("_total");
    }

    private static void assertPromtoolAccepts(String scrape) throws Exception {
        PromtoolResult result = promtool(scrape);
        assertThat(result.exitCode)
                .as("promtool check metrics said:%n%s", result.output)
                .isZero();
        assertThat(result.output).isBlank();
    }

    private record PromtoolResult(int exitCode, String output) {}

    private static PromtoolResult promtool(String text) throws IOException, InterruptedException {
        Path promtool = ExternalTools.require(ExternalTools.PROMTOOL);
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS))
                    .as("promtool finished within 60 s")
                    .isTrue();
            return new PromtoolResult(p.exitValue(), output);
        } finally {
            p.destroyForcibly();
        }
    }
}
