package io.github.modewatch.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * External Prometheus tools the export tests run. When one is missing a test is skipped, unless the environment
 * sets {@value #REQUIRE_ENV}=1 (CI does), in which case it fails.
 */
public final class ExternalTools {
    public static final String REQUIRE_ENV = "MODEWATCH_REQUIRE_PROMETHEUS";
    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    public static final Path PUSHGATEWAY = Path.of("/usr/bin/prometheus-pushgateway");
    public static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    private ExternalTools() {}

    /** Returns {@code tool} when it is an executable file; otherwise skips the test, or fails it under CI. */
    public static Path require(Path tool) {
        return require(tool, System::getenv);
    }

    /** {@link #require(Path)} reading the environment from {@code env} (tests of this rule pass their own). */
    public static Path require(Path tool, java.util.function.UnaryOperator<String> env) {
        if (Files.isRegularFile(tool) && Files.isExecutable(tool)) {
            return tool;
        }
        String message = tool + " is not installed (Debian: apt-get install "
                + (tool.equals(PUSHGATEWAY) ? "prometheus-pushgateway" : "prometheus") + ")";
        if ("1".equals(env.apply(REQUIRE_ENV))) {
            fail(message + " and " + REQUIRE_ENV + "=1 requires it");
        }
        Assumptions.abort(message + "; set " + REQUIRE_ENV + "=1 to make this a failure");
        throw new AssertionError("unreachable");
    }

    /** A port free on 127.0.0.1 a moment ago (another process may take it before the caller binds it). */
    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
