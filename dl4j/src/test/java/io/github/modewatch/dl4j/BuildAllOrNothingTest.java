package io.github.modewatch.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modewatch.ModeWatch;
import io.github.modewatch.export.PortInUseException;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ModeWatchBuilder#build()} is all or nothing: a failed build leaves no ModeWatch meter in the user's
 * registries, no endpoint bound and no thread started, and the builder can be fixed and built again; a second
 * build after a successful one is refused and leaves the first listener as it was.
 */
class BuildAllOrNothingTest {
    /** Threads a listener or its exporters could start: the evaluator, the HTTP server's dispatcher and workers. */
    private static final Pattern OUR_THREADS = Pattern.compile("(?i).*(modewatch|prometheus|http).*");

    private static NdbReference ring;

    @BeforeAll
    static void fitReference() {
        ring = ModeWatchListenerTestSupport.ringReference();
    }

    /** A 2-D generator of ring-8-shaped points; cheap, no network. */
    private static ModeWatchBuilder listener() {
        return ModeWatch.listener()
                .every(5)
                .samples(50)
                .batchSize(50)
                .run("atomic")
                .generator(
                        GeneratorSampler.function(z -> Nd4j.randn(z.rows(), 2).castTo(z.dataType()), 4))
                .ndb(ring);
    }

    private static List<String> modewatchMeters(io.micrometer.core.instrument.MeterRegistry registry) {
        return registry.getMeters().stream()
                .map(Meter::getId)
                .map(Meter.Id::getName)
                .filter(n -> n.startsWith("modewatch."))
                .sorted()
                .toList();
    }

    private static Set<Long> ourThreadIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> OUR_THREADS.matcher(t.getName()).matches())
                .map(Thread::getId)
                .collect(Collectors.toSet());
    }

    /**
     * Threads matching {@link #OUR_THREADS} that were not alive in {@code before}, after giving threads that
     * are stopping up to 10 s to end (a stopped HTTP server's workers end asynchronously).
     */
    private static Set<Long> newThreads(Set<Long> before) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Set<Long> now = ourThreadIds();
            now.removeAll(before);
            if (now.isEmpty() || System.nanoTime() > deadline) {
                return now;
            }
            Thread.sleep(20);
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String get(URI uri) throws IOException {
        try (InputStream in = uri.toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aPortClashLeavesNoMetersNoThreadsAndTheBuilderCanBeRetried() throws Exception {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            ModeWatchBuilder builder =
                    listener().registry(simple).registry(prometheus).serve(port);
            Set<Long> threadsBefore = ourThreadIds();

            assertThatThrownBy(builder::build)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("port " + port + " is already in use")
                    .hasMessageContaining("Fix:");

            assertThat(modewatchMeters(simple))
                    .as("meters left in the user's SimpleMeterRegistry")
                    .isEmpty();
            assertThat(modewatchMeters(prometheus))
                    .as("meters left in the user's PrometheusMeterRegistry")
                    .isEmpty();
            assertThat(prometheus.scrape()).doesNotContain("modewatch_");
            assertThat(newThreads(threadsBefore))
                    .as("evaluator or HTTP threads started by the failed build")
                    .isEmpty();

            // the same builder, fixed, builds; its meters then reach both registries once
            try (ModeWatchListener built = builder.serve(0).build()) {
                assertThat(modewatchMeters(simple))
                        .contains("modewatch.evaluations")
                        .filteredOn("modewatch.ndb.fraction"::equals)
                        .hasSize(1);
                assertThat(get(built.metricsUri().orElseThrow())).contains("modewatch_ndb_fraction{");
            }
        }
    }

    @Test
    void aRegistryThatRefusesAMeterLeavesTheOtherRegistriesAndThePortClean() throws Exception {
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        SimpleMeterRegistry refusing = new SimpleMeterRegistry();
        refusing.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().equals("modewatch.evaluations")) {
                    throw new IllegalStateException("this registry refuses " + id.getName());
                }
                return id;
            }
        });
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        Set<Long> threadsBefore = ourThreadIds();

        assertThatThrownBy(() -> listener()
                        .registry(first)
                        .registry(refusing)
                        .serve(port)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refuses modewatch.evaluations");

        assertThat(modewatchMeters(first))
                .as("meters bound to the first registry before the second refused")
                .isEmpty();
        assertThat(modewatchMeters(refusing)).isEmpty();
        assertThat(portIsFree(port))
                .as("the endpoint started before binding is closed again")
                .isTrue();
        assertThat(newThreads(threadsBefore)).isEmpty();
    }

    @Test
    void aBadPushgatewayAddressFailsBeforeAnythingIsBound() {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        assertThatThrownBy(() -> listener()
                        .registry(simple)
                        .pushgateway("http://gateway:9091/metrics/job")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("address = ")
                .hasMessageContaining("without a path");
        assertThat(modewatchMeters(simple)).isEmpty();
    }

    @Test
    void aSecondBuildIsRefusedAndLeavesTheFirstListenerAsItWas() throws Exception {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        ModeWatchBuilder builder = listener().registry(simple).serve(0);
        try (ModeWatchListener first = builder.build()) {
            List<String> meters = modewatchMeters(simple);
            URI uri = first.metricsUri().orElseThrow();
            Set<Long> threadsBefore = ourThreadIds();

            assertThatThrownBy(builder::build)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("build() was already called")
                    .hasMessageContaining("'atomic'")
                    .hasMessageContaining("Fix: start another with ModeWatch.listener()");

            assertThat(modewatchMeters(simple)).isEqualTo(meters);
            assertThat(newThreads(threadsBefore)).isEmpty();
            assertThat(get(uri)).as("the first listener still serves").contains("modewatch_ndb_fraction{");
            first.evaluateNow(0);
            assertThat(first.state().evaluations()).isEqualTo(1);
        }
    }

    @Test
    void aFailedBuildDoesNotCountAsTheBuildersOneBuild() {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        ModeWatchBuilder builder = ModeWatch.listener().registry(simple).ndb(ring);
        assertThatThrownBy(builder::build).hasMessageStartingWith("no generator");
        builder.generator(GeneratorSampler.function(z -> Nd4j.randn(z.rows(), 2).castTo(z.dataType()), 4));
        try (ModeWatchListener listener = builder.build()) {
            assertThat(modewatchMeters(simple)).contains("modewatch.ndb.fraction");
        }
    }
}
