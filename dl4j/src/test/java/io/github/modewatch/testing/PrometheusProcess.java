package io.github.modewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real Prometheus server (Debian's /usr/bin/prometheus) for integration tests: listens on 127.0.0.1 on a free
 * port, scrapes the given targets every second, keeps its TSDB in a temp dir.
 */
public final class PrometheusProcess extends ServerProcess {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A scrape job: name, {@code host:port} target, whether to honor pushed labels (for a Pushgateway). */
    public record Job(String name, String target, boolean honorLabels) {}

    private final Path binary;
    private final List<Job> jobs;
    private final List<Path> ruleFiles;

    private PrometheusProcess(Path binary, List<Job> jobs, List<Path> ruleFiles) {
        super("prometheus");
        this.binary = binary;
        this.jobs = List.copyOf(jobs);
        this.ruleFiles = List.copyOf(ruleFiles);
    }

    /** Starts Prometheus scraping {@code jobs} every second and waits until it is ready (60 s at most). */
    public static PrometheusProcess start(List<Job> jobs) throws IOException, InterruptedException {
        return start(jobs, List.of());
    }

    /** The same, evaluating the alert rules in {@code ruleFiles} every second. */
    public static PrometheusProcess start(List<Job> jobs, List<Path> ruleFiles)
            throws IOException, InterruptedException {
        PrometheusProcess prometheus =
                new PrometheusProcess(ExternalTools.require(ExternalTools.PROMETHEUS), jobs, ruleFiles);
        prometheus.start(Duration.ofSeconds(60));
        return prometheus;
    }

    @Override
    protected List<String> command(Path dir, int port) throws IOException {
        StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n");
        if (!ruleFiles.isEmpty()) {
            config.append("rule_files:\n");
            for (Path rules : ruleFiles) {
                config.append("  - '").append(rules.toAbsolutePath()).append("'\n");
            }
        }
        config.append("scrape_configs:\n");
        for (Job job : jobs) {
            config.append("  - job_name: ")
                    .append(job.name())
                    .append('\n')
                    .append("    honor_labels: ")
                    .append(job.honorLabels())
                    .append('\n')
                    .append("    static_configs:\n      - targets: ['")
                    .append(job.target())
                    .append("']\n");
        }
        Files.writeString(dir.resolve("prometheus.yml"), config.toString());
        return List.of(
                binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn");
    }

    /** Runs an instant query; returns the {@code data.result} array (throws when Prometheus reports an error). */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
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
            return http.send(
                            HttpRequest.newBuilder(uri("/api/v1/targets")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException | InterruptedException e) {
            return "(targets unavailable: " + e + ")";
        }
    }
}
