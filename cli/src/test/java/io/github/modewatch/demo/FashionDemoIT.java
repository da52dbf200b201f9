package io.github.modewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modewatch.FashionMnistFiles;
import io.github.modewatch.io.Idx;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

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
        Path debian = FashionMnistFiles.requireInstalled();
        Path data = Files.createDirectories(dir.resolve("data"));
        writeSubset(debian, data, "train", 2_000);
        writeSubset(debian, data, "t10k", 1_000);
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
                        "Final classifier-feature Fréchet distance");
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
                        .containsPattern("classifier-feature FD \\d+\\.\\d\\d \\(floor \\d+\\.\\d\\d\\)"));
        assertThat(run.out()).containsPattern("(?m)^iteration +20 ");
        assertThat(run.scrapedDuringRun())
                .containsPattern("modewatch_ndb_bins\\{model=\"fashion-dcgan\",run=\"demo-fashion-z5\"} 100\\.0")
                .contains(
                        "modewatch_segment_area_fraction{class=\"Ankle boot\",model=\"fashion-dcgan\",run=\"demo-fashion-z5\",source=\"reference\"}")
                .contains("modewatch_segment_area_fraction{class=\"T-shirt/top\"")
                .contains("modewatch_demo_classifier_feature_frechet_noise_floor{model=\"fashion-dcgan\"");
        assertThat(Files.readString(report.resolve("index.html")))
                .contains("demo-fashion-z5", "ndb-fraction.png", "fsd-classes.png");
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

    /** The first {@code n} images and labels of a split, as gzipped IDX files (the images re-encoded from [0, 1]). */
    private static void writeSubset(Path from, Path to, String split, int n) throws IOException {
        INDArray images = Idx.readImages(from.resolve(split + "-images-idx3-ubyte.gz"));
        int[] labels = Idx.readLabels(from.resolve(split + "-labels-idx1-ubyte.gz"));
        ByteBuffer img = ByteBuffer.allocate(16 + n * 784)
                .putInt(Idx.IMAGES_MAGIC)
                .putInt(n)
                .putInt(28)
                .putInt(28);
        float[] pixels = images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n))
                .dup()
                .data()
                .asFloat();
        for (float p : pixels) {
            img.put((byte) Math.round(p * 255f));
        }
        ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(Idx.LABELS_MAGIC).putInt(n);
        for (int i = 0; i < n; i++) {
            lab.put((byte) labels[i]);
        }
        gzip(to.resolve(split + "-images-idx3-ubyte.gz"), img.array());
        gzip(to.resolve(split + "-labels-idx1-ubyte.gz"), lab.array());
    }

    private static void gzip(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes);
        }
    }
}
