package io.github.modewatch.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --real} and {@code --generated} feature files, shared by the feature-metric commands ({@code kid}, {@code prdc}). */
final class FeatureInputs {
    @Option(
            names = "--real",
            required = true,
            paramLabel = "FILE",
            description = "Real features, one row per sample: .npy (float32, float64 or integer) or .csv.")
    Path real;

    @Option(
            names = "--generated",
            required = true,
            paramLabel = "FILE",
            description = "Generated features, same width as --real.")
    Path generated;

    /** Both files, read and checked (same width, finite values). */
    FeatureFiles read() {
        return FeatureFiles.read(real, generated);
    }
}
