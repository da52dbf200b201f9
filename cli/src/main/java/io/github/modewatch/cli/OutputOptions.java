package io.github.modewatch.cli;

import io.github.modewatch.metrics.ndb.Progress;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** Flags every command shares: progress output and error detail. ({@code --verbose} is read by {@link Main}.) */
final class OutputOptions {
    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Option(names = "--verbose", description = "Stack traces on errors, library logging.")
    boolean verbose;

    /** A progress bar on {@code err}, or nothing with --quiet (or when {@code alsoQuiet}). */
    Progress progress(PrintWriter err, boolean alsoQuiet) {
        return ProgressBar.forStderr(err, quiet || alsoQuiet);
    }
}
