package io.github.modewatch.cli;

import io.github.modewatch.io.SampleFiles;
import io.github.modewatch.metrics.frechet.FrechetDistance;
import io.github.modewatch.metrics.frechet.FrechetResult;
import io.github.modewatch.metrics.frechet.GaussianStats;
import io.github.modewatch.metrics.segmentation.FsdReference;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.onnx.OnnxSegmenter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "fsd",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Frechet distance between the Gaussians (mean mu, covariance S) of two sample sets.",
            "  FD = ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))",
            "Rows are per-image segmentation class fractions for FSD (Bau et al. 2019), or any feature vectors.",
            "Statistics files are .npz with mu (d) and sigma (d x d), as pytorch-fid and clean-fid save them.",
            "With --segmenter, --real and --generated are images: an ONNX segmenter labels every pixel (argmax of",
            "its class scores) and each image becomes its class area fractions in percent, as in the FSD paper."
        },
        footer = {
            "",
            "Examples:",
            "  modewatch fsd --real real_fractions.npy --generated fake_fractions.npy",
            "  modewatch fsd --real-stats real.npz --generated-stats fake.npz --json",
            "  modewatch fsd --segmenter seg.onnx --real real.npy --generated fake.npy --json"
        })
final class FsdCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static final class RealSource {
        @Option(names = "--real", paramLabel = "FILE", description = "Real samples (.npy or .csv), one per row.")
        Path samples;

        @Option(names = "--real-stats", paramLabel = "STATS.npz", description = "Real statistics: mu, sigma.")
        Path stats;
    }

    static final class GeneratedSource {
        @Option(
                names = "--generated",
                paramLabel = "FILE",
                description = "Generated samples (.npy or .csv), one per row.")
        Path samples;

        @Option(names = "--generated-stats", paramLabel = "STATS.npz", description = "Generated statistics: mu, sigma.")
        Path stats;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    RealSource real;

    @ArgGroup(exclusive = true, multiplicity = "1")
    GeneratedSource generated;

    @Option(
            names = "--segmenter",
            paramLabel = "M.onnx",
            description = "ONNX segmenter (images -> [N, classes, H, W] scores): --real/--generated are then images "
                    + "(.npy N x C x H x W, or rows N x C*H*W for a fixed-size model).")
    Path segmenter;

    @Option(
            names = "--classes",
            paramLabel = "NAMES",
            split = ",",
            description = "With --segmenter: class names, one per output channel (default class0, class1, ...).")
    java.util.List<String> classes;

    @Option(
            names = "--batch",
            paramLabel = "B",
            defaultValue = "32",
            description = "With --segmenter: images per model call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--json", description = "Print one JSON object (for scripts).")
    boolean json;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        if (segmenter != null) {
            return segmented();
        }
        Main.require(classes == null, "--classes: only with --segmenter (class names of the segmenter's output)");
        GaussianStats a = load(real.samples, real.stats, "--real");
        GaussianStats b = load(generated.samples, generated.stats, "--generated");
        requireSameWidth(a.dims(), b.dims());
        FrechetResult r = FrechetDistance.between(a, b);
        if (r.clampedEigenvalueMass() > CLAMPED_MASS_WARNING) {
            // eigenvalues were clamped: name a stats file whose sigma is not a covariance (only now: it costs a d^3
            // solve)
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

    /** FSD (Bau et al., ICCV 2019) of two image sets under an ONNX segmenter. */
    private int segmented() {
        Main.require(
                real.samples != null && generated.samples != null,
                "--segmenter " + segmenter + " needs images: "
                        + "pass --real and --generated image files, not --real-stats/--generated-stats");
        Main.require(batch >= 1, "--batch " + batch + ": must be >= 1; pass images per model call, e.g. 32");
        INDArray realImages = ImageFiles.read(real.samples, "--real");
        INDArray generatedImages = ImageFiles.read(generated.samples, "--generated");
        Main.require(
                realImages.size(0) >= 4 && generatedImages.size(0) >= 4,
                "--real has " + realImages.size(0)
                        + " and --generated " + generatedImages.size(0)
                        + " images: FSD needs at least 4 per side (thousands "
                        + "in practice)");
        OnnxSegmenter.Builder builder = OnnxSegmenter.builder(segmenter).batch(batch);
        if (classes != null) {
            builder.classes(classes);
        }
        try (OnnxSegmenter s = builder.build()) {
            FsdResult r = FsdReference.of(s, realImages)
                    .stats()
                    .compare(FsdReference.of(s, generatedImages).stats());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(frechetJson(r.frechet(), r.referenceCount(), r.generatedCount())
                        .put("realClassFractions", r.referenceMean())
                        .put("generatedClassFractions", r.generatedMean())
                        .put("classes", r.classes())
                        .put("segmenter", s.name()));
            } else {
                printText(r.frechet(), r.referenceCount(), r.generatedCount());
                out.printf("segmenter %s%n", s.name());
                out.printf("%-16s %10s %10s   mean class area, percent%n", "class", "real", "generated");
                double[] rm = r.referenceMean();
                double[] gm = r.generatedMean();
                for (int c = 0; c < rm.length; c++) {
                    out.printf(
                            java.util.Locale.ROOT,
                            "%-16s %10.3f %10.3f%n",
                            r.classes().get(c),
                            rm[c],
                            gm[c]);
                }
            }
            warnIfClamped(r.frechet());
        }
        return 0;
    }

    private void requireSameWidth(int realDims, int generatedDims) {
        Main.require(
                realDims == generatedDims,
                (generated.samples != null
                                ? "--generated " + generated.samples
                                : "--generated-stats " + generated.stats)
                        + ": width " + generatedDims + " differs from the real side's ("
                        + realDims + "); both must describe the same features");
    }

    private int print(FrechetResult r, long realCount, long generatedCount) {
        if (json) {
            spec.commandLine().getOut().println(frechetJson(r, realCount, generatedCount));
        } else {
            printText(r, realCount, generatedCount);
        }
        warnIfClamped(r);
        return 0;
    }

    private static Json frechetJson(FrechetResult r, long realCount, long generatedCount) {
        return new Json()
                .put("distance", r.distance())
                .put("meanTerm", r.meanTerm())
                .put("covarianceTerm", r.covarianceTerm())
                .putOrNull("realSize", realCount > 0 ? realCount : null)
                .putOrNull("generatedSize", generatedCount > 0 ? generatedCount : null)
                .put("dims", r.dims());
    }

    private void printText(FrechetResult r, long realCount, long generatedCount) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Frechet distance  %.6f%n", r.distance());
        out.printf("  mean term       %.6f   ||mu_real - mu_generated||^2%n", r.meanTerm());
        out.printf("  covariance term %.6f   Tr(S1 + S2 - 2 (S1 S2)^(1/2))%n", r.covarianceTerm());
        out.printf("dims %d, samples: %s real, %s generated%n", r.dims(), size(realCount), size(generatedCount));
    }

    private void warnIfClamped(FrechetResult r) {
        if (r.clampedEigenvalueMass() > CLAMPED_MASS_WARNING) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "warning: covariances are numerically not positive semi-definite "
                                    + "(clamped eigenvalue mass %.2g of the trace); use more samples than dimensions%n",
                            r.clampedEigenvalueMass());
        }
    }

    private static String size(long count) {
        return count > 0 ? Long.toString(count) : "(from stats)";
    }

    private static GaussianStats load(Path samples, Path stats, String flag) {
        if (stats != null) {
            return GaussianStats.load(stats, flag + "-stats");
        }
        INDArray x = SampleFiles.readSamples(samples, flag);
        Main.require(
                x.rows() >= 2, flag + " " + samples + ": " + x.rows() + " sample; a covariance needs at least 2 rows");
        return GaussianStats.of(x);
    }
}
