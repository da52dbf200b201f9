package io.github.modewatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Test fixtures on the classpath (this module's test resources, or its test-jar in the other modules' tests). */
public final class Fixtures {
    private Fixtures() {}

    /** A file of src/test/resources/numpy (written by numpy: make_fixtures.py there). */
    public static Path numpy(String name) {
        return resource("numpy/" + name);
    }

    /** A file of src/test/resources/idx (written by make_idx_fixtures.py there). */
    public static Path idx(String name) {
        return resource("idx/" + name);
    }

    /** A test resource as a file: itself when on disk, else a temporary copy (a test-jar entry has no path). */
    public static Path resource(String name) {
        URL url = Fixtures.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalStateException("missing fixture " + name);
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            String file = name.substring(name.lastIndexOf('/') + 1);
            Path copy = Files.createTempDirectory("modewatch-fixture").resolve(file);
            try (InputStream in = url.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            copy.getParent().toFile().deleteOnExit(); // registered first, deleted last (after the file)
            copy.toFile().deleteOnExit();
            return copy;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("fixture " + name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("fixture " + name, e);
        }
    }
}
