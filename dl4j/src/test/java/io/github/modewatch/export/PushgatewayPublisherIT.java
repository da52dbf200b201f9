package io.github.modewatch.export;

import static io.github.modewatch.export.Fixtures.evaluation;
import static io.github.modewatch.export.Fixtures.ndb;
import static io.github.modewatch.export.Fixtures.samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.modewatch.internal.export.PushgatewayPublisher;
import io.github.modewatch.internal.monitor.MonitorState;
import io.github.modewatch.monitor.FailureKind;
import io.github.modewatch.testing.ExternalTools;
import io.github.modewatch.testing.PushgatewayProcess;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pushes to a real {@code prometheus-pushgateway} (Debian's, 1.5.1 here) started on loopback per test. */
class PushgatewayPublisherIT {
    private MonitorState state;
    private PrometheusMeterRegistry registry;

    @BeforeEach
    void freshRegistry() {
        state = new MonitorState();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Test
    void pushedMetricsReachTheGatewayWithJobAndRunLabels() throws Exception {
        Path binary = ExternalTools.require(ExternalTools.PUSHGATEWAY);
        ModeWatchMetrics.builder(state, "r1").model("dcgan").build().bindTo(registry);
        try (PushgatewayProcess gateway = PushgatewayProcess.start(binary)) {
            PushgatewayPublisher publisher = PushgatewayPublisher.builder(registry, state)
                    .address(gateway.address())
                    .run("r1")
                    .model("dcgan")
                    .build()
                    .pushAfterEachEvaluation();

            state.recordEvaluation(Fixtures.standard());

            assertThat(publisher.failures())
                    .as("gateway log:%n%s", gateway.logText())
                    .isZero();
            String pushed = gateway.metrics();
            List<String> fraction = samples(pushed, "modewatch_ndb_fraction");
            assertThat(fraction).singleElement().satisfies(line -> assertThat(line)
                    .contains("job=\"modewatch\"", "run=\"r1\"", "model=\"dcgan\"")
                    .endsWith(" 0.25"));
            assertThat(samples(pushed, "modewatch_ndb_bin_proportion")).hasSize(8);
            assertThat(samples(pushed, "modewatch_evaluation_seconds_count"))
                    .singleElement()
                    .satisfies(line -> assertThat(line).endsWith(" 1"));

            state.recordEvaluation(evaluation(
                    3000,
                    Duration.ofSeconds(1),
                    ndb(1, 0.1, new double[] {0.5, 0.5}, new double[] {0.9, 0.1}),
                    null,
                    Double.NaN));
            publisher.close();

            String replaced = gateway.metrics();
            assertThat(samples(replaced, "modewatch_ndb_fraction"))
                    .singleElement()
                    .satisfies(line -> assertThat(line).endsWith(" 0.5"));
            assertThat(samples(replaced, "modewatch_ndb_bin_proportion"))
                    .as("the group is replaced, not merged")
                    .hasSize(4);
            assertThat(publisher.pushes()).isEqualTo(3);
            assertThat(state.failures(FailureKind.PUSH)).isZero();
        }
    }

    @Test
    void aRunWithoutModelIsGroupedByJobAndRunOnly() throws Exception {
        Path binary = ExternalTools.require(ExternalTools.PUSHGATEWAY);
        ModeWatchMetrics.of(state, "r2").bindTo(registry);
        try (PushgatewayProcess gateway = PushgatewayProcess.start(binary)) {
            state.recordEvaluation(Fixtures.standard());
            try (PushgatewayPublisher publisher = PushgatewayPublisher.builder(registry, state)
                    .address(gateway.address())
                    .job("gan-training")
                    .run("r2")
                    .build()) {
                assertThat(publisher.push())
                        .as("gateway log:%n%s", gateway.logText())
                        .isTrue();
            }

            String pushed = gateway.metrics();
            assertThat(samples(pushed, "modewatch_ndb_fraction"))
                    .singleElement()
                    .satisfies(line -> assertThat(line)
                            .contains("job=\"gan-training\"", "run=\"r2\"", "model=\"\"")
                            .endsWith(" 0.25"));
            assertThat(samples(pushed, "push_time_seconds"))
                    .anySatisfy(line -> assertThat(line).contains("job=\"gan-training\"", "run=\"r2\""));
        }
    }

    @Test
    void pushingToADeadPortCountsAPushFailureAndDoesNotThrow() {
        ModeWatchMetrics.builder(state, "r1").model("dcgan").build().bindTo(registry);
        int deadPort = ExternalTools.freeLoopbackPort();
        PushgatewayPublisher publisher = PushgatewayPublisher.builder(registry, state)
                .address("127.0.0.1:" + deadPort)
                .run("r1")
                .timeout(Duration.ofSeconds(2))
                .build()
                .pushAfterEachEvaluation();

        assertThatCode(() -> state.recordEvaluation(Fixtures.standard())).doesNotThrowAnyException();
        assertThat(publisher.push()).isFalse();
        assertThatCode(publisher::close).doesNotThrowAnyException();

        assertThat(state.failures(FailureKind.PUSH)).isEqualTo(3);
        assertThat(publisher.pushes()).isZero();
        assertThat(state.evaluations()).isEqualTo(1);
        assertThat(registry.scrape())
                .contains("modewatch_evaluation_failures_total{kind=\"push\",model=\"dcgan\",run=\"r1\"} 3.0\n");
    }
}
