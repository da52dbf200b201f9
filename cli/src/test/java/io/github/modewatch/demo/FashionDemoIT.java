package io.github.modewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modewatch.FashionMnistFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --dataset fashion} smoke-runs end to end on a subset of Debian's Fashion-MNIST (first 2,000 training and
 * 1,000 test images, written back as gzipped IDX files into a {@code --data} directory, so the classifier and the
 * K = 100 bins take seconds): evaluations with 100 bins, the per-class and classifier-feature metrics on /metrics
 * during the run, the report, and the cache used by a second run.
 */
class FashionDemoIT {
    @TempDir
    Path dir;

    @Test
    void shortFashionRunServesClassAndFeatureMetricsWritesTheReportAndReusesTheCache() throws Exception {
        Path data = FashionMnistFiles.writeSubset(dir.resolve("data"), 2_000, 1_000);
        Path cache = dir.resolve("cache");
        Path report = dir.resolve("report");

        DemoCommandTest.Run run = DemoCommandTest.demo(
                "--dataset",
                "fashion",
                "--data",
                data.toString(),
                "--cache",
                cache.toString(),
                "--iterations",
                "20",
                "--every",
                "10",
                "--latent",
                "5",
                "--port",
                "0",
                "--hold",
                "0",
                "--report",
                report.toString(),
                "--quiet");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "2,000 training and 1,000 test images",
                        "Classifier: trained in",
                        "NDB bins: fitted in",
                        "Report: ",
                        "Per-class share of images (classifier's labels), generated vs real:",
                        "Ankle boot",
                        "Feature metrics on the classifier's 64 penultimate-layer features (fashion-classifier-dense64",
                        "Final feature metrics on fashion-classifier-dense64");
        assertThat(run.out())
                .containsPattern("Classifier: test accuracy \\d+\\.\\d\\d% \\(10,000 test images\\)"
                        .replace("10,000", "\\d[\\d,]*"));
        assertThat(run.out().lines().filter(l -> l.startsWith("iteration ")))
                .as("evaluations at iteration 0 and after the last (20); the one due at 10 may be skipped while the "
                        + "first still runs on a loaded machine")
                .hasSizeBetween(2, 3)
                .allSatisfy(l -> assertThat(l)
                        .containsPattern("NDB/K [01]\\.\\d{3} \\(\\d+/100 bins, \\d+ missing\\)")
                        .containsPattern("FSD \\d+\\.\\d")
                        .containsPattern("features FD \\d+\\.\\d\\d \\(noise \\d+\\.\\d\\d\\)  KID -?\\d\\.\\d{4}"
                                + "  P [01]\\.\\d\\d R [01]\\.\\d\\d D \\d+\\.\\d\\d C [01]\\.\\d\\d"));
        assertThat(run.out()).containsPattern("(?m)^iteration +20 ");
        assertThat(run.scrapedDuringRun())
                .containsPattern("modewatch_ndb_bins\\{model=\"fashion-dcgan\",run=\"demo-fashion-z5\"} 100\\.0")
                .contains(
                        "modewatch_segment_area_fraction{class=\"Ankle boot\",model=\"fashion-dcgan\",run=\"demo-fashion-z5\",source=\"reference\"}")
                .contains("modewatch_segment_area_fraction{class=\"T-shirt/top\"")
                .contains(
                        "modewatch_features_frechet_noise_floor{features=\"fashion-classifier-dense64\",model=\"fashion-dcgan\"")
                .contains(
                        "modewatch_features_coverage{features=\"fashion-classifier-dense64\",model=\"fashion-dcgan\"");
        assertThat(Files.readString(report.resolve("index.html")))
                .contains("demo-fashion-z5", "ndb-fraction.png", "fsd-classes.png", "feature-frechet.png", "prdc.png");
        assertThat(report.resolve("samples-largest-bin.png")).isRegularFile();
        assertThat(Files.list(cache)).hasSize(2);

        DemoCommandTest.Run again = DemoCommandTest.demo(
                "--dataset",
                "fashion",
                "--data",
                data.toString(),
                "--cache",
                cache.toString(),
                "--iterations",
                "1",
                "--every",
                "10",
                "--port",
                "0",
                "--hold",
                "0",
                "--report",
                dir.resolve("report2").toString(),
                "--quiet");
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out())
                .contains("Classifier: cached", "NDB bins: cached")
                .doesNotContain("trained in");
    }
}
