package io.github.modewatch;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test fixtures on the classpath. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A file of src/test/resources/numpy (written by numpy: make_fixtures.py there). */
    public static Path numpy(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/numpy/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture numpy/" + name, e);
        }
    }
}
