package io.github.modewatch.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modewatch.internal.export.PrometheusEndpoint;
import io.github.modewatch.internal.monitor.MonitorState;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private MonitorState state;
    private PrometheusMeterRegistry registry;

    @BeforeEach
    void freshRegistry() {
        state = new MonitorState();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ModeWatchMetrics.builder(state, "r1").model("dcgan").build().bindTo(registry);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheScrapeOnAnEphemeralLoopbackPort() throws Exception {
        state.recordEvaluation(Fixtures.standard());
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.serve(registry, 0)) {
            assertThat(endpoint.port()).isBetween(1, 65_535);
            assertThat(endpoint.host()).isEqualTo("127.0.0.1");
            assertThat(endpoint.uri()).hasToString("http://127.0.0.1:" + endpoint.port() + "/metrics");

            HttpResponse<String> response = get(endpoint.uri());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
            assertThat(response.body())
                    .contains("modewatch_ndb_fraction{model=\"dcgan\",run=\"r1\"} 0.25\n", "# HELP modewatch_fsd ");
        }
    }

    @Test
    void scrapesSeeNewEvaluations() throws Exception {
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.serve(registry, "127.0.0.1", 0)) {
            assertThat(get(endpoint.uri()).body()).contains("modewatch_ndb_fraction{model=\"dcgan\",run=\"r1\"} NaN\n");

            state.recordEvaluation(Fixtures.standard());

            assertThat(get(endpoint.uri()).body())
                    .contains("modewatch_ndb_fraction{model=\"dcgan\",run=\"r1\"} 0.25\n");
        }
    }

    @Test
    void closeFreesThePort() throws Exception {
        PrometheusEndpoint endpoint = PrometheusEndpoint.serve(registry, 0);
        URI uri = endpoint.uri();
        endpoint.close();

        assertThatThrownBy(() -> get(uri)).isInstanceOf(ConnectException.class);
        try (PrometheusEndpoint again = PrometheusEndpoint.serve(registry, endpoint.port())) {
            assertThat(get(again.uri()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void portInUseIsReportedWithThePortAndTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> PrometheusEndpoint.serve(registry, port))
                    .isInstanceOfSatisfying(
                            PortInUseException.class, e -> assertThat(e.port()).isEqualTo(port))
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("port " + port + " is already in use")
                    .hasMessageContaining("pass another port, or 0 for a free one");
        }
    }

    @Test
    void anAddressOfAnotherMachineIsNotReportedAsAPortInUse() {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this machine; the bind fails with a
        // BindException ("Cannot assign requested address") that used to read "port 0 is already in use"
        assertThatThrownBy(() -> PrometheusEndpoint.serve(registry, "192.0.2.1", 0))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .isNotInstanceOf(io.github.modewatch.export.PortInUseException.class)
                .hasMessageContaining("192.0.2.1 is not an address of this machine")
                .hasMessageContaining("e.g. 127.0.0.1 or 0.0.0.0");
    }

    @Test
    void aSecondLoopbackAddressIsServed() throws Exception {
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.serve(registry, "127.0.0.2", 0)) {
            assertThat(endpoint.uri().getHost()).isEqualTo("127.0.0.2");
            assertThat(get(endpoint.uri()).body()).contains("modewatch_ndb_fraction");
        }
    }

    @Test
    void rejectsPortsOutsideTheValidRange() {
        assertThatThrownBy(() -> PrometheusEndpoint.serve(registry, 70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port = 70000")
                .hasMessageContaining("0..65535");
        assertThatThrownBy(() -> PrometheusEndpoint.serve(registry, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port = -1");
        assertThatThrownBy(() -> PrometheusEndpoint.serve(registry, " ", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host = \" \"");
    }
}
