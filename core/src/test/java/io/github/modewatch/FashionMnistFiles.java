package io.github.modewatch;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

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
}
