package io.github.modewatch.demo;

import java.nio.file.Path;

/**
 * What one demo run does. Immutable; values are checked when the record is made.
 *
 * @param recipe    the GAN, data and NDB set-up (see {@link DemoRecipe#of})
 * @param port      port of {@code http://127.0.0.1:port/metrics}, 0..65535 (0 = any free port)
 * @param reportDir where the end-of-run report goes ({@code index.html} plus PNGs)
 * @param seed      seed of the data, the GAN's weights and noise, and the evaluator's latent vectors
 * @param run       the {@code run} tag of every exported metric, and the report's title
 */
public record DemoOptions(DemoRecipe recipe, int port, Path reportDir, long seed, String run) {
    /** The default metrics port (the Prometheus exporters' registry lists 9464 for OpenTelemetry-style exporters). */
    public static final int DEFAULT_PORT = 9464;
    /** The default report directory, relative to the working directory. */
    public static final Path DEFAULT_REPORT_DIR = Path.of("modewatch-report");
    public static final long DEFAULT_SEED = 1;

    public DemoOptions {
        if (recipe == null) {
            throw new IllegalArgumentException("recipe is null: pass DemoRecipe.of(dataset, collapse)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port = " + port + ": must be in 0..65535 (0 = any free port), e.g. "
                    + DEFAULT_PORT);
        }
        if (reportDir == null) {
            throw new IllegalArgumentException("reportDir is null: pass a directory, e.g. " + DEFAULT_REPORT_DIR);
        }
        if (run == null || run.isBlank()) {
            throw new IllegalArgumentException("run = '" + run + "': must be a non-blank name, e.g. " + defaultRun(recipe));
        }
    }

    /** The defaults for a data set: its measured recipe, port 9464, ./modewatch-report, seed 1. */
    public static DemoOptions of(DemoDataset dataset, boolean collapse) {
        DemoRecipe recipe = DemoRecipe.of(dataset, collapse);
        return new DemoOptions(recipe, DEFAULT_PORT, DEFAULT_REPORT_DIR, DEFAULT_SEED, defaultRun(recipe));
    }

    /** {@code demo-<dataset>}, plus {@code -collapse} for the collapse recipe. */
    public static String defaultRun(DemoRecipe recipe) {
        return "demo-" + recipe.dataset().cliName() + (recipe.collapse() ? "-collapse" : "");
    }

    public DemoOptions withIterations(int iterations, int every) {
        return new DemoOptions(recipe.withIterations(iterations, every), port, reportDir, seed, run);
    }

    public DemoOptions withPort(int value) {
        return new DemoOptions(recipe, value, reportDir, seed, run);
    }

    public DemoOptions withReportDir(Path value) {
        return new DemoOptions(recipe, port, value, seed, run);
    }

    public DemoOptions withSeed(long value) {
        return new DemoOptions(recipe, port, reportDir, value, run);
    }

    public DemoOptions withRun(String value) {
        return new DemoOptions(recipe, port, reportDir, seed, value);
    }
}
