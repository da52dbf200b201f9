package io.github.modewatch.cli;

import io.github.modewatch.metrics.ndb.LloydKMeans;
import io.github.modewatch.metrics.ndb.NdbOptions;
import io.github.modewatch.metrics.ndb.SmileKMeans;
import picocli.CommandLine.Option;

/** The bin-fitting flags shared by {@code fit-reference} and {@code ndb --real}. */
final class FitOptions {
    enum Engine {
        lloyd,
        smile
    }

    @Option(
            names = "--bins",
            paramLabel = "K",
            description =
                    "Number of K-means bins (the NDB paper uses 100; " + "aim for ~500 reference samples per bin).")
    Integer bins;

    @Option(
            names = "--whiten",
            description = "Standardise each dimension by the reference mean and std before binning.")
    boolean whiten;

    @Option(
            names = "--max-dims",
            paramLabel = "D",
            description = "Dimensions K-means uses (default: all up to 1000, "
                    + "d/6 random ones above, as the NDB paper's code does).")
    int maxDims;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "0",
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--engine",
            defaultValue = "lloyd",
            description = "K-means engine: ${COMPLETION-CANDIDATES} "
                    + "(default: ${DEFAULT-VALUE}; lloyd = ND4J/BLAS Lloyd with k-means++, smile = Smile's K-means).")
    Engine engine;

    @Option(
            names = "--max-iterations",
            paramLabel = "N",
            defaultValue = "300",
            description =
                    "K-means iteration cap; it normally stops earlier, when no assignment changes (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    NdbOptions toOptions(long rows) {
        Main.require(bins != null, "--bins is missing; pass the number of bins, e.g. --bins 100");
        Main.require(
                bins >= 1 && bins <= rows,
                "--bins " + bins + ": must be between 1 and the number of reference samples (" + rows
                        + "); the NDB paper uses 100 with ~500 samples per bin");
        Main.require(maxDims >= 0, "--max-dims " + maxDims + ": must be >= 1 (or omit it for the automatic choice)");
        Main.require(maxIterations >= 1, "--max-iterations " + maxIterations + ": must be >= 1, e.g. 300");
        return NdbOptions.of(bins)
                .withWhiten(whiten)
                .withMaxDims(maxDims)
                .withSeed(seed)
                .withEngine(engine == Engine.smile ? new SmileKMeans(maxIterations) : new LloydKMeans(maxIterations));
    }
}
