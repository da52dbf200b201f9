package io.github.modewatch.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.modewatch.internal.gan.MixtureGan;
import io.github.modewatch.monitor.FailureKind;
import io.github.modewatch.testing.ExternalTools;
import io.github.modewatch.testing.PrometheusProcess;
import io.github.modewatch.testing.PushgatewayProcess;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end: a real DL4J GAN trains with the listener; a real Prometheus (Debian package) scrapes the listener's
 * endpoint, or a real Pushgateway the listener pushes to; Prometheus's HTTP API returns the value the listener
 * computed.
 */
class ListenerPrometheusIT {

    private static double value(JsonNode result) {
        return Double.parseDouble(result.get(0).get("value").get(1).asText());
    }

    @Test
    void prometheusScrapingTheListenerReturnsItsNdbFraction() throws Exception {
        MixtureGan gan = TinyGans.ring(11);
        try (ModeWatchListener listener =
                ringListener(gan).run("it-scrape").serve(0).build()) {
            URI metrics = listener.metricsUri().orElseThrow();
            try (PrometheusProcess prometheus = PrometheusProcess.start(List.of(
                    new PrometheusProcess.Job("modewatch", metrics.getHost() + ":" + metrics.getPort(), false)))) {
                gan.addListeners(listener);
                TinyGans.train(gan, 41, 1);
                assertThat(listener.awaitIdle(30_000)).isTrue();
                double expected = listener.state().latest().ndb().ndbFraction();
                long iteration = listener.state().latest().iteration();
                String query = "modewatch_ndb_fraction{job=\"modewatch\",run=\"it-scrape\"}";
                JsonNode result = prometheus.awaitQuery(
                        "modewatch_evaluation_iteration{run=\"it-scrape\"} == " + iteration,
                        r -> r.size() == 1,
                        Duration.ofSeconds(30));
                assertThat(result).hasSize(1);
                assertThat(value(prometheus.query(query))).isEqualTo(expected);
            }
        }
    }

    @Test
    void prometheusScrapingAPushgatewayReturnsThePushedNdbFraction() throws Exception {
        MixtureGan gan = TinyGans.ring(12);
        try (PushgatewayProcess gateway = PushgatewayProcess.start(ExternalTools.require(ExternalTools.PUSHGATEWAY));
                PrometheusProcess prometheus = PrometheusProcess.start(
                        List.of(new PrometheusProcess.Job("pushgateway", gateway.address(), true)))) {
            ModeWatchListener listener = ringListener(gan)
                    .run("it-push")
                    .pushgateway(gateway.address())
                    .build();
            gan.addListeners(listener);
            TinyGans.train(gan, 25, 2);
            listener.close(); // waits for the evaluator, evaluates the last iteration, pushes once more
            double expected = listener.state().latest().ndb().ndbFraction();
            long iteration = listener.state().latest().iteration();
            assertThat(iteration).isEqualTo(24);
            prometheus.awaitQuery(
                    "modewatch_evaluation_iteration{job=\"modewatch\",run=\"it-push\"} == 24",
                    r -> r.size() == 1,
                    Duration.ofSeconds(30));
            JsonNode result = prometheus.query("modewatch_ndb_fraction{job=\"modewatch\",run=\"it-push\"}");
            assertThat(value(result)).isEqualTo(expected);
            assertThat(listener.state().failures(FailureKind.PUSH)).isZero();
        }
    }

    private static ModeWatchBuilder ringListener(MixtureGan gan) {
        return io.github.modewatch.ModeWatch.listener()
                .every(10)
                .samples(400)
                .batchSize(200)
                .generator(GeneratorSampler.firstLayersOf(gan.gan(), gan.generatorLayers(), gan.latentSize()))
                .ndb(ModeWatchListenerTestSupport.ringReference());
    }
}
