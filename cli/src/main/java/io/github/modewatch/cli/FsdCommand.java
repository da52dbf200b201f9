package io.github.modewatch.cli;

import io.github.modewatch.io.SampleFiles;
import io.github.modewatch.metrics.frechet.FrechetDistance;
import io.github.modewatch.metrics.frechet.FrechetResult;
import io.github.modewatch.metrics.frechet.GaussianStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "fsd", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Frechet distance between the Gaussians (mean mu, covariance S) of two sample sets.",
                "  FD = ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))",
                "Rows are per-image segmentation class fractions for FSD (Bau et al. 2019), or any feature vectors.",
                "Statistics files are .npz with mu (d) and sigma (d x d), as pytorch-fid and clean-fid save them."},
        footer = {"", "Examples:", "  modewatch fsd --real real_fractions.npy --generated fake_fractions.npy",
                "  modewatch fsd --real-stats real.npz --generated-stats fake.npz --json"})
final class FsdCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static final class RealSource {
        @Option(names = "--real", paramLabel = "FILE", description = "Real samples (.npy, .csv or IDX images), one per row.")
        Path samples;

        @Option(names = "--real-stats", paramLabel = "STATS.npz", description = "Real statistics: mu, sigma.")
        Path stats;
    }

    static final class GeneratedSource {
        @Option(names = "--generated", paramLabel = "FILE", description = "Generated samples (.npy, .csv or IDX images), one per row.")
        Path samples;

        @Option(names = "--generated-stats", paramLabel = "STATS.npz", description = "Generated statistics: mu, sigma.")
        Path stats;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    RealSource real;

    @ArgGroup(exclusive = true, multiplicity = "1")
    GeneratedSource generated;

    @Option(names = "--json", description = "Print one JSON object (for scripts).")
    boolean json;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        GaussianStats a = load(real.samples, real.stats, "--real");
        GaussianStats b = load(generated.samples, generated.stats, "--generated");
        requireSameWidth(a.dims(), b.dims());
        FrechetResult r = FrechetDistance.between(a, b);
        if (r.clampedEigenvalueMass() > CLAMPED_MASS_WARNING) {
            // eigenvalues were clamped: name a stats file whose sigma is not a covariance (only now: it costs a d^3 solve)
            if (real.stats != null) {
                a.requirePositiveSemiDefinite("--real-stats " + real.stats);
            }
            if (generated.stats != null) {
                b.requirePositiveSemiDefinite("--generated-stats " + generated.stats);
            }
        }
        return print(r, a.count(), b.count());
    }

    /** Clamped eigenvalue mass (share of the trace) above which the result comes with a warning. */
    private static final double CLAMPED_MASS_WARNING = 1e-6;

    private void requireSameWidth(int realDims, int generatedDims) {
        Main.require(realDims == generatedDims, (generated.samples != null ? "--generated " + generated.samples
                : "--generated-stats " + generated.stats) + ": width " + generatedDims + " differs from the real side's ("
                + realDims + "); both must describe the same features");
    }

    private int print(FrechetResult r, long realCount, long generatedCount) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new Json().put("distance", r.distance()).put("meanTerm", r.meanTerm())
                    .put("covarianceTerm", r.covarianceTerm()).putOrNull("realSize", realCount > 0 ? realCount : null)
                    .putOrNull("generatedSize", generatedCount > 0 ? generatedCount : null).put("dims", r.dims()));
        } else {
            out.printf("Frechet distance  %.6f%n", r.distance());
            out.printf("  mean term       %.6f   ||mu_real - mu_generated||^2%n", r.meanTerm());
            out.printf("  covariance term %.6f   Tr(S1 + S2 - 2 (S1 S2)^(1/2))%n", r.covarianceTerm());
            out.printf("dims %d, samples: %s real, %s generated%n", r.dims(), size(realCount), size(generatedCount));
        }
        if (r.clampedEigenvalueMass() > CLAMPED_MASS_WARNING) {
            spec.commandLine().getErr().printf("warning: covariances are numerically not positive semi-definite "
                    + "(clamped eigenvalue mass %.2g of the trace); use more samples than dimensions%n", r.clampedEigenvalueMass());
        }
        return 0;
    }

    private static String size(long count) {
        return count > 0 ? Long.toString(count) : "(from stats)";
    }

    private static GaussianStats load(Path samples, Path stats, String flag) {
        if (stats != null) {
            return GaussianStats.load(stats, flag + "-stats");
        }
        INDArray x = SampleFiles.readSamples(samples, flag);
        Main.require(x.rows() >= 2, flag + " " + samples + ": " + x.rows() + " sample; a covariance needs at least 2 rows");
        return GaussianStats.of(x);
    }
}
