package io.github.modewatch.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.modewatch.internal.export.PushgatewayPublisher;
import io.github.modewatch.internal.monitor.MonitorState;
import io.github.modewatch.monitor.FailureKind;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publisher against a stand-in gateway (a JDK HTTP server on loopback that records each request). */
class PushgatewayPublisherTest {
    private record Request(String method, String path, String body) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private HttpServer gateway;
    private MonitorState state;
    private PrometheusMeterRegistry registry;

    @BeforeEach
    void start() throws Exception {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(
                    exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), body));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        gateway.start();
        state = new MonitorState();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ModeWatchMetrics.builder(state, "r1").model("dcgan").build().bindTo(registry);
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    private String address() {
        return "127.0.0.1:" + gateway.getAddress().getPort();
    }

    @Test
    void pushPutsTheRegistryUnderJobRunAndModel() {
        state.recordEvaluation(Fixtures.standard());
        PushgatewayPublisher publisher = PushgatewayPublisher.builder(registry, state)
                .address(address())
                .run("r1")
                .model("dcgan")
                .build();

        assertThat(publisher.push()).isTrue();

        assertThat(requests).hasSize(1);
        Request r = requests.get(0);
        assertThat(r.method()).isEqualTo("PUT");
        assertThat(r.path())
                .isIn("/metrics/job/modewatch/model/dcgan/run/r1", "/metrics/job/modewatch/run/r1/model/dcgan");
        assertThat(r.body()).contains("modewatch_ndb_fraction{model=\"dcgan\",run=\"r1\"} 0.25");
        assertThat(publisher.pushes()).isEqualTo(1);
        assertThat(state.failures(FailureKind.PUSH)).isZero();
    }

    @Test
    void groupingKeyLeavesOutAnEmptyModelAndUsesTheConfiguredJob() {
        PushgatewayPublisher publisher = PushgatewayPublisher.builder(registry, state)
                .address("http://" + address() + "/")
                .job("gan-training")
                .run("r1")
                .build();

        publisher.push();

        assertThat(requests).extracting(Request::path).containsExactly("/metrics/job/gan-training/run/r1");
        assertThat(publisher.groupingKey()).containsOnlyKeys("run");
        assertThat(publisher.url()).isEqualTo("http://" + address());
    }

    @Test
    void anHttpErrorIsCountedAsAPushFailureAndNotThrown() {
        status = 400;
        PushgatewayPublisher publisher = PushgatewayPublisher.builder(registry, state)
                .address(address())
                .run("r1")
                .build();

        boolean first = publisher.push();
        boolean second = publisher.push();

        assertThat(first).isFalse();
        assertThat(second).isFalse();
        assertThat(state.failures(FailureKind.PUSH)).isEqualTo(2);
        assertThat(publisher.failures()).isEqualTo(2);
        assertThat(registry.scrape())
                .contains("modewatch_evaluation_failures_total{kind=\"push\",model=\"dcgan\",run=\"r1\"} 2.0\n");
    }

    @Test
    void pushesAfterEachEvaluationAndOnceOnClose() {
        PushgatewayPublisher publisher = PushgatewayPublisher.builder(registry, state)
                .address(address())
                .run("r1")
                .build()
                .pushAfterEachEvaluation()
                .pushAfterEachEvaluation();

        state.recordEvaluation(Fixtures.standard());
        state.recordEvaluation(Fixtures.standard());
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).body())
                .as("the binder updated the rows before the push")
                .contains(
                        "modewatch_ndb_bin_proportion{bin=\"3\",model=\"dcgan\",run=\"r1\",source=\"reference\"} 0.1");

        publisher.close();
        publisher.close();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(2).body()).contains("modewatch_evaluations_total{model=\"dcgan\",run=\"r1\"} 2.0");

        state.recordEvaluation(Fixtures.standard());
        assertThat(publisher.push()).isFalse();
        assertThat(requests).as("no pushes after close").hasSize(3);
    }

    @Test
    void builderRejectsBadValuesNamingTheFieldAndTheFix() {
        assertThatThrownBy(() -> PushgatewayPublisher.builder(registry, state).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("run(name)");
        assertThatThrownBy(() -> PushgatewayPublisher.builder(registry, state).run(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run = \" \"");
        assertThatThrownBy(() -> PushgatewayPublisher.builder(registry, state).job(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job = \"\"");
        assertThatThrownBy(() -> PushgatewayPublisher.builder(registry, state).address("gw:9091/metrics"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("address = \"gw:9091/metrics\"")
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> PushgatewayPublisher.builder(registry, state).timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout = PT0S");
        assertThatThrownBy(() -> PushgatewayPublisher.builder(null, state))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registry = null");
    }
}
