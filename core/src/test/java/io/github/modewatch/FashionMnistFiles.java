package io.github.modewatch;

import io.github.modewatch.io.Idx;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Debian's Fashion-MNIST ({@code apt-get install dataset-fashion-mnist}) for tests: the directory, or the calling
 * test is skipped with the install command; with {@code MODEWATCH_REQUIRE_FASHION=1} (set by .ci/run) it fails
 * instead, so CI cannot pass without running it.
 */
public final class FashionMnistFiles {
    public static final String REQUIRE_ENV = "MODEWATCH_REQUIRE_FASHION";
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String[] FILES = {
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz"
    };

    private FashionMnistFiles() {}

    /** The data set's directory (all four files present), else skip or fail as described above. */
    public static Path requireInstalled() {
        for (String f : FILES) {
            if (!Files.isReadable(DEBIAN_DIR.resolve(f))) {
                String why = DEBIAN_DIR.resolve(f) + " not found: Fashion-MNIST is not installed"
                        + " (apt-get install dataset-fashion-mnist)";
                if ("1".equals(System.getenv(REQUIRE_ENV))) {
                    throw new AssertionError(why + "; " + REQUIRE_ENV + "=1 makes this test mandatory");
                }
                Assumptions.abort(why + "; skipped (set " + REQUIRE_ENV + "=1 to fail instead)");
            }
        }
        return DEBIAN_DIR;
    }

    /**
     * Writes a small Fashion-MNIST into {@code to} for a fast {@code demo --dataset fashion --data to}: the first
     * {@code train} training and {@code test} test images and labels of the installed data set, as gzipped IDX files
     * (the images re-encoded from [0, 1] to bytes, exactly the original bytes).
     */
    public static Path writeSubset(Path to, int train, int test) throws IOException {
        Path debian = requireInstalled();
        Files.createDirectories(to);
        writeSplit(debian, to, "train", train);
        writeSplit(debian, to, "t10k", test);
        return to;
    }

    private static void writeSplit(Path from, Path to, String split, int n) throws IOException {
        INDArray images = Idx.readImages(from.resolve(split + "-images-idx3-ubyte.gz"));
        int[] labels = Idx.readLabels(from.resolve(split + "-labels-idx1-ubyte.gz"));
        ByteBuffer img = ByteBuffer.allocate(16 + n * 784)
                .putInt(Idx.IMAGES_MAGIC)
                .putInt(n)
                .putInt(28)
                .putInt(28);
        float[] pixels = images.get(NDArrayIndex.interval(0, n)).dup().data().asFloat();
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
