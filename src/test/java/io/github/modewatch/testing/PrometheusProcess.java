package io.github.modewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian's /usr/bin/prometheus) for integration tests: listens on 127.0.0.1 on a free
 * port, scrapes the given targets every second, keeps its TSDB in a temp dir. {@link #close()} kills it and
 * removes the dir.
 */
public final class PrometheusProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A scrape job: name, {@code host:port} target, whether to honor pushed labels (for a Pushgateway). */
    public record Job(String name, String target, boolean honorLabels) {
    }

    private final Process process;
    private final Path dir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts Prometheus scraping {@code jobs} every second and waits until it is ready. */
    public static PrometheusProcess start(List<Job> jobs) throws IOException, InterruptedException {
        Path binary = ExternalTools.require(ExternalTools.PROMETHEUS);
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path dir = Files.createTempDirectory("modewatch-prometheus");
            StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n");
            for (Job job : jobs) {
                config.append("  - job_name: ").append(job.name()).append('\n')
                        .append("    honor_labels: ").append(job.honorLabels()).append('\n')
                        .append("    static_configs:\n      - targets: ['").append(job.target()).append("']\n");
            }
            Files.writeString(dir.resolve("prometheus.yml"), config.toString());
            int port = ExternalTools.freeLoopbackPort();
            Process p = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            PrometheusProcess prometheus = new PrometheusProcess(p, dir, port);
            try {
                prometheus.awaitReady();
                return prometheus;
            } catch (IOException e) {
                last = e;
                prometheus.close();
            }
        }
        throw last;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("prometheus exited with " + process.exitValue() + "; log:\n" + log());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("prometheus on port " + port + " not ready within " + READY_TIMEOUT + "; log:\n" + log());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Runs an instant query; returns the {@code data.result} array (throws when Prometheus reports an error). */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IOException("query " + promql + " failed (" + r.statusCode() + "): " + r.body());
        }
        return body.path("data").path("result");
    }

    /** Polls {@code promql} until its result satisfies {@code done}, or fails after {@code timeout}. */
    public JsonNode awaitQuery(String promql, Predicate<JsonNode> done, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode result = null;
        while (System.nanoTime() < deadline) {
            result = query(promql);
            if (done.test(result)) {
                return result;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("query " + promql + " did not reach the expected result within " + timeout
                + "; last result: " + result + "; targets: " + targets());
    }

    /** The scrape targets' health, for failure messages. */
    public String targets() {
        try {
            return http.send(HttpRequest.newBuilder(uri("/api/v1/targets")).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            return "(targets unavailable: " + e + ")";
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
