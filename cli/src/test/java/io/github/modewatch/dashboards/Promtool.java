package io.github.modewatch.dashboards;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Prometheus' promtool. Found on the PATH (Debian package prometheus: /usr/bin/promtool). When it is missing
 * the calling test is skipped, unless MODEWATCH_REQUIRE_PROMETHEUS=1 (CI), where it fails.
 */
final class Promtool {
    /** Guards against a hung process only; promtool finishes in well under a second here. */
    private static final long HANG_GUARD_SECONDS = 120;

    record Result(List<String> command, int exitCode, String output) {
        /** Command, exit code and everything promtool printed, for assertion messages. */
        String report() {
            return "$ " + String.join(" ", command) + "\nexit code " + exitCode + "\n" + output;
        }
    }

    private final Path executable;

    private Promtool(Path executable) {
        this.executable = executable;
    }

    static final String REQUIRE_ENV = "MODEWATCH_REQUIRE_PROMETHEUS";

    /** The promtool on the PATH; skips (or fails when MODEWATCH_REQUIRE_PROMETHEUS=1) when there is none. */
    static Promtool require() {
        return require(System::getenv);
    }

    /** {@link #require()} reading PATH and {@value #REQUIRE_ENV} from {@code env} (tests of the rule pass their own). */
    static Promtool require(UnaryOperator<String> env) {
        Optional<Path> found = onPath("promtool", env.apply("PATH"));
        if (found.isPresent()) {
            return new Promtool(found.get());
        }
        String message = "promtool not found on PATH (" + env.apply("PATH")
                + "); install it (Debian/Ubuntu: apt-get install prometheus)";
        if ("1".equals(env.apply(REQUIRE_ENV))) {
            fail(REQUIRE_ENV + "=1 but " + message);
        }
        return Assumptions.abort(message + "; set " + REQUIRE_ENV + "=1 to make this a failure");
    }

    private static Optional<Path> onPath(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    Path executable() {
        return executable;
    }

    /** Runs promtool with the given arguments in {@code workDir}, collecting stdout and stderr together. */
    Result run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile("promtool", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                process.getOutputStream().close();
                if (!process.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
                    fail("promtool did not finish within " + HANG_GUARD_SECONDS + " s: " + command + "\n"
                            + Files.readString(log));
                }
            } finally {
                process.destroyForcibly();
            }
            return new Result(command, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
