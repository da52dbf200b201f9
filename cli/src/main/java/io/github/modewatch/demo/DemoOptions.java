package io.github.modewatch.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What one demo run does. Immutable; values are checked when the record is made.
 *
 * @param recipe    the GAN, data and NDB set-up (see {@link DemoRecipe#of})
 * @param host      the address {@code /metrics} is served on: {@value #DEFAULT_HOST} (this machine only) unless
 *                  the metrics must be reachable from elsewhere, e.g. {@code 0.0.0.0} (every interface) for a
 *                  Prometheus in a container
 * @param port      port of {@code http://host:port/metrics}, 0..65535 (0 = any free port)
 * @param reportDir where the end-of-run report goes ({@code index.html} plus PNGs)
 * @param seed      seed of the data, the GAN's weights and noise, and the evaluator's latent vectors
 * @param run       the {@code run} tag of every exported metric, and the report's title
 */
public record DemoOptions(DemoRecipe recipe, String host, int port, Path reportDir, long seed, String run) {
    /** The default address: loopback, so the metrics are not exposed beyond the machine by accident. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default metrics port (the Prometheus exporters' registry lists 9464 for OpenTelemetry-style exporters). */
    public static final int DEFAULT_PORT = 9464;
    /**
     * The default report directory, relative to the working directory; the command line puts each run's report in
     * a folder of its own under it ({@link #reportDirFor}).
     */
    public static final Path DEFAULT_REPORT_DIR = Path.of("modewatch-report");

    public static final long DEFAULT_SEED = 1;

    public DemoOptions {
        if (recipe == null) {
            throw new IllegalArgumentException("recipe is null: pass DemoRecipe.of(dataset, collapse)");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host = '" + host + "': must be an address of this machine, e.g. "
                    + DEFAULT_HOST + " (this machine only) or 0.0.0.0 (every interface)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(
                    "port = " + port + ": must be in 0..65535 (0 = any free port), e.g. " + DEFAULT_PORT);
        }
        if (reportDir == null) {
            throw new IllegalArgumentException("reportDir is null: pass a directory, e.g. " + DEFAULT_REPORT_DIR);
        }
        if (run == null || run.isBlank()) {
            throw new IllegalArgumentException(
                    "run = '" + run + "': must be a non-blank name, e.g. " + defaultRun(recipe));
        }
    }

    /** The defaults for a data set: its measured recipe, 127.0.0.1:9464, ./modewatch-report, seed 1. */
    public static DemoOptions of(DemoDataset dataset, boolean collapse) {
        DemoRecipe recipe = DemoRecipe.of(dataset, collapse);
        return new DemoOptions(
                recipe, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_REPORT_DIR, DEFAULT_SEED, defaultRun(recipe));
    }

    /** {@code demo-<dataset>}, plus {@code -collapse} for the collapse recipe. */
    public static String defaultRun(DemoRecipe recipe) {
        return "demo-" + recipe.dataset().cliName() + (recipe.collapse() ? "-collapse" : "");
    }

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * A folder of its own for one run's report under {@code parent}: {@code RUN-seedS-yyyyMMdd-HHmmss} (UTC), with
     * {@code -2}, {@code -3}, ... appended when that folder already exists (two runs in the same second), so no
     * run overwrites another's report. Characters of the run name outside {@code [A-Za-z0-9._-]} become '_'.
     * Nothing is created.
     *
     * @param now the run's start (the command line passes its clock's time)
     */
    public static Path reportDirFor(Path parent, String run, long seed, Instant now) {
        String base = run.replaceAll("[^A-Za-z0-9._-]", "_") + "-seed" + seed + "-" + STAMP.format(now);
        Path dir = parent.resolve(base);
        for (int i = 2; Files.exists(dir); i++) {
            dir = parent.resolve(base + "-" + i);
        }
        return dir;
    }

    public DemoOptions withIterations(int iterations, int every) {
        return new DemoOptions(recipe.withIterations(iterations, every), host, port, reportDir, seed, run);
    }

    public DemoOptions withHost(String value) {
        return new DemoOptions(recipe, value, port, reportDir, seed, run);
    }

    public DemoOptions withPort(int value) {
        return new DemoOptions(recipe, host, value, reportDir, seed, run);
    }

    public DemoOptions withReportDir(Path value) {
        return new DemoOptions(recipe, host, port, value, seed, run);
    }

    public DemoOptions withSeed(long value) {
        return new DemoOptions(recipe, host, port, reportDir, value, run);
    }

    public DemoOptions withRun(String value) {
        return new DemoOptions(recipe, host, port, reportDir, seed, value);
    }
}
