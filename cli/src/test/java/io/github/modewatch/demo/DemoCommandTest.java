package io.github.modewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modewatch.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code modewatch demo} command end to end, on few iterations (the contract of issue 5). */
class DemoCommandTest {
    private static final Pattern METRICS_URI = Pattern.compile("Live metrics: (http://[0-9.]+:\\d+/metrics)");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    record Run(int status, String out, String err, String scrapedDuringRun, URI metrics) {}

    /**
     * Runs the CLI with an output stream that scrapes /metrics the moment the first evaluation line is printed.
     * The scrape runs inside that print, so the command cannot stop serving before it is answered.
     */
    static Run demo(String... args) {
        ScrapingWriter out = new ScrapingWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "demo";
        System.arraycopy(args, 0, all, 1, args.length);
        int status = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.text(), err.toString(), out.scraped, out.uri);
    }

    static String get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Collects the output; on the first evaluation line, scrapes the metrics URI printed before it. */
    static final class ScrapingWriter extends Writer {
        private final StringBuilder text = new StringBuilder();
        volatile String scraped;
        volatile URI uri;

        @Override
        public synchronized void write(char[] buffer, int offset, int length) {
            text.append(buffer, offset, length);
            if (uri == null) {
                Matcher m = METRICS_URI.matcher(text);
                if (m.find()) {
                    uri = URI.create(m.group(1));
                }
            }
            if (scraped == null && uri != null && text.indexOf("\niteration ") >= 0) {
                try {
                    scraped = get(uri);
                } catch (IOException | InterruptedException e) {
                    scraped = "scrape failed: " + e;
                }
            }
        }

        synchronized String text() {
            return text.toString();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Test
    void shortScenesRunPrintsEvaluationsServesLiveMetricsAndWritesTheReport() throws Exception {
        Path report = dir.resolve("report");

        Run run = demo(
                "--iterations",
                "20",
                "--every",
                "10",
                "--port",
                "0",
                "--hold",
                "0",
                "--report",
                report.toString(),
                "--quiet",
                "--seed",
                "3");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Live metrics: http://127.0.0.1:", "run=\"demo-scenes\"", "Report: ", "Final: NDB/K ");
        assertThat(run.out())
                .containsPattern(
                        "Final: NDB/K [01]\\.\\d{3}: \\d+ of 10 bins differ \\(about 0\\.5 expected "
                                + "by chance at alpha 0\\.05\\), \\d+ bins? missing \\(\\d+\\.\\d% of the reference samples\\), JS ");
        assertThat(run.out().lines().filter(l -> l.startsWith("iteration ")))
                .as("evaluations at iterations 0, 10 and after the last (20)")
                .hasSize(3)
                .allSatisfy(l -> assertThat(l)
                        .containsPattern("NDB/K [01]\\.\\d{3} \\(\\d+/10 bins, \\d+ missing\\)  JS \\d\\.\\d{4}  "
                                + "FSD \\d+\\.\\d \\(noise \\d+\\.\\d.*\\)  eval \\d+\\.\\d\\d s"));
        assertThat(run.out()).containsPattern("(?m)^iteration +20 ");
        assertThat(run.scrapedDuringRun())
                .containsPattern("modewatch_ndb_fraction\\{model=\"mixture-gan\",run=\"demo-scenes\"} [01]\\.\\d+")
                .contains("modewatch_fsd{", "modewatch_segment_area_fraction{class=\"person\"");
        assertThat(report.resolve("index.html")).isRegularFile();
        assertThat(Files.readString(report.resolve("index.html")))
                .contains("demo-scenes", "ndb-fraction.png", "fsd-classes.png");
        assertThat(report.resolve("fsd-classes.png")).isRegularFile();
        assertThat(run.out()).contains("Report: " + report.toAbsolutePath().resolve("index.html"));
        assertThatThrownBy(() -> get(run.metrics()))
                .as("--hold 0 stops serving when the command returns")
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void ringRunMeasuresNdbOnlyAndTheReportPlotsPoints() throws Exception {
        Path report = dir.resolve("ring");

        Run run = demo(
                "--dataset",
                "ring",
                "--iterations",
                "30",
                "--every",
                "10",
                "--port",
                "0",
                "--hold",
                "0",
                "--report",
                report.toString(),
                "--quiet",
                "--run",
                "ring-test");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("iteration ")))
                .hasSize(4)
                .allSatisfy(l -> assertThat(l)
                        .containsPattern("\\(\\d/8 bins, \\d missing\\)")
                        .doesNotContain("FSD"));
        assertThat(run.scrapedDuringRun())
                .contains("modewatch_ndb_fraction{model=\"mixture-gan\",run=\"ring-test\"}")
                .contains("modewatch_fsd{model=\"mixture-gan\",run=\"ring-test\"} NaN");
        assertThat(report.resolve("scatter.png")).isRegularFile();
        assertThat(report.resolve("fsd-classes.png")).doesNotExist();
    }

    @Test
    void hostServesTheMetricsOnThatAddressOnly() throws Exception {
        // 127.0.0.2 is loopback too on Linux: a second address that proves --host is used, exposing nothing
        Run run = demo(
                "--dataset",
                "ring",
                "--iterations",
                "20",
                "--every",
                "10",
                "--host",
                "127.0.0.2",
                "--port",
                "0",
                "--hold",
                "0",
                "--report",
                dir.resolve("host").toString(),
                "--quiet");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.metrics().getHost()).isEqualTo("127.0.0.2");
        assertThat(run.scrapedDuringRun()).contains("modewatch_ndb_fraction{model=\"mixture-gan\",run=\"demo-ring\"}");
        assertThat(run.out()).contains("Serving on 127.0.0.2: reachable from other machines and containers");
    }

    @Test
    void defaultHostIsLoopbackAndSaysNothingAboutExposure() {
        Run run = demo(
                "--dataset",
                "ring",
                "--iterations",
                "10",
                "--every",
                "10",
                "--port",
                "0",
                "--hold",
                "0",
                "--report",
                dir.resolve("loopback").toString(),
                "--quiet");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.metrics().getHost()).isEqualTo("127.0.0.1");
        assertThat(run.out()).doesNotContain("reachable from other machines");
    }

    @Test
    void helpSaysWhoCanReachEveryInterface() {
        StringWriter out = new StringWriter();
        int status = Main.run(
                new String[] {"demo", "--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter()));

        assertThat(status).isZero();
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help)
                .contains("--host=ADDRESS Address to serve the metrics on (default: 127.0.0.1, this machine "
                        + "only). 0.0.0.0 serves every interface, so Prometheus in a docker container can scrape it, but so can "
                        + "anyone on the networks this machine is on");
    }

    @Test
    void anAddressThatIsNotThisMachinesExitsWithStatus2AndOneLine() {
        Run run = demo(
                "--dataset",
                "ring",
                "--host",
                "192.0.2.1",
                "--port",
                "0",
                "--hold",
                "0",
                "--report",
                dir.resolve("unused").toString()); // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never a local address

        assertThat(run.status()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err().strip())
                .doesNotContain("\n")
                .startsWith("modewatch demo: --host 192.0.2.1: cannot serve on " + "this address (")
                .endsWith("pass an address of this machine: 127.0.0.1 (this machine only) or 0.0.0.0 "
                        + "(every interface)");
        assertThat(run.out()).isEmpty();
        assertThat(dir.resolve("unused")).doesNotExist();
    }

    @Test
    void withoutReportEachRunWritesItsOwnFolderUnderModewatchReportAndPrintsItLast() throws Exception {
        Path parent = DemoOptions.DEFAULT_REPORT_DIR.toAbsolutePath();
        List<Path> written = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Run run = demo(
                        "--dataset",
                        "ring",
                        "--iterations",
                        "10",
                        "--every",
                        "10",
                        "--port",
                        "0",
                        "--hold",
                        "0",
                        "--quiet",
                        "--seed",
                        "4",
                        "--run",
                        "ux/test run");
                assertThat(run.status()).as(run.err()).isZero();
                List<String> lines = run.out().lines().toList();
                String last = lines.get(lines.size() - 1);
                assertThat(last).as("the report's path is the last line").startsWith("Report: ");
                Path index = Path.of(last.substring("Report: ".length()));
                written.add(index.getParent());
                assertThat(index).isRegularFile().hasFileName("index.html");
            }

            assertThat(written.get(0)).isNotEqualTo(written.get(1));
            for (Path folder : written) {
                assertThat(folder.getParent()).isEqualTo(parent);
                assertThat(folder.getFileName().toString()).matches("ux_test_run-seed4-\\d{8}-\\d{6}(-\\d+)?");
            }
            assertThat(written.get(0).resolve("index.html"))
                    .as("the second run left the first's report alone")
                    .isRegularFile();
        } finally {
            for (Path folder : written) {
                if (parent.equals(folder.getParent()) && Files.isDirectory(folder)) { // only what this test wrote
                    deleteTree(folder);
                }
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void reportFoldersAreNamedAfterRunSeedAndUtcTimeAndNeverReused() throws IOException {
        java.time.Instant at = java.time.Instant.parse("2026-12-05T08:15:30Z");

        Path first = DemoOptions.reportDirFor(dir, "demo-scenes-collapse", 2, at);
        assertThat(first).isEqualTo(dir.resolve("demo-scenes-collapse-seed2-20261205-081530"));
        Files.createDirectories(first);
        Path second = DemoOptions.reportDirFor(dir, "demo-scenes-collapse", 2, at);
        assertThat(second).isEqualTo(dir.resolve("demo-scenes-collapse-seed2-20261205-081530-2"));
        Files.createDirectories(second);
        assertThat(DemoOptions.reportDirFor(dir, "demo-scenes-collapse", 2, at))
                .hasFileName("demo-scenes-collapse-seed2-20261205-081530-3");
        assertThat(DemoOptions.reportDirFor(dir, "../a b/c", 1, at))
                .as("a run name cannot leave the folder")
                .isEqualTo(dir.resolve(".._a_b_c-seed1-20261205-081530"));
    }

    @Test
    void collapseAnnouncementWritesTheIterationLikeEveryOtherLine() {
        assertThat(Demo.collapseLine(DemoRecipe.of(DemoDataset.SCENES, true)))
                .startsWith("iteration 1,750: --collapse: the discriminator stops training");
        assertThat(Demo.collapseLine(DemoRecipe.of(DemoDataset.RING, true).withIterations(20_000, 500)))
                .startsWith("iteration 10,000: --collapse");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--every 0             | --every 0: must be >= 1",
                "--iterations 0        | --iterations 0: must be >= 1",
                "--dataset foo         | 'foo' is not a dataset; expected one of scenes, ring, grid, fashion",
                "--port 70000          | --port 70000: must be in 0..65535",
                "--hold -1             | --hold -1: must be >= 0 seconds",
                "--iterations ten      | --iterations",
                "--colapse             | --colapse",
                "--dataset fashion --data /nonexistent/fm | --data /nonexistent/fm: no train-images-idx3-ubyte[.gz]: Fashion-MNIST is not there; install it with 'sudo apt-get install dataset-fashion-mnist'",
                "--dataset fashion --latent 0 | --latent 0: must be >= 1",
                "--latent 5            | --latent/--data/--cache: only with --dataset fashion",
            })
    void badFlagsExitWithStatus2AndOneLine(String args, String message) {
        Run run = demo(args.split(" "));

        assertThat(run.status()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err().strip())
                .doesNotContain("\n")
                .startsWith("modewatch demo: ")
                .contains(message);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aTakenPortExitsWithStatus2AndSuggestsAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            Run run = demo(
                    "--dataset",
                    "ring",
                    "--port",
                    String.valueOf(port),
                    "--hold",
                    "0",
                    "--report",
                    dir.resolve("unused").toString());

            assertThat(run.status()).isEqualTo(Main.EXIT_BAD_INPUT);
            assertThat(run.err().strip())
                    .doesNotContain("\n")
                    .startsWith("modewatch demo: --port " + port + ": already in use")
                    .contains("--port 0");
            assertThat(dir.resolve("unused")).doesNotExist();
        }
    }
}
