package io.github.modewatch.cli;

import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.io.NpyArray;
import io.github.modewatch.io.SampleFiles;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.metrics.ndb.NdbResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "ndb",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Number of statistically Different Bins (Richardson & Weiss 2018) of generated samples.",
            "Bins each generated sample to the nearest reference bin, runs a two-sided pooled two-proportion "
                    + "z-test per bin and reports NDB, NDB/K and the Jensen-Shannon divergence (nats)."
        },
        footer = {
            "",
            "Examples:",
            "  modewatch ndb --reference ref.npz --generated fake.npy",
            "  modewatch ndb --real real.npy --bins 100 --generated fake.npy --json"
        })
final class NdbCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static final class Source {
        @Option(names = "--reference", paramLabel = "REF.npz", description = "Bins written by fit-reference.")
        Path reference;

        @Option(names = "--real", paramLabel = "FILE", description = "Real samples to fit bins on now (needs --bins).")
        Path real;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin
    FitOptions fit;

    @Option(
            names = "--generated",
            required = true,
            paramLabel = "FILE",
            description = "Generated samples, one per row: .npy, .csv or IDX images, same width as the reference.")
    Path generated;

    @Option(
            names = "--alpha",
            defaultValue = "0.05",
            description = "Significance level of each bin's test (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--json", description = "Print one JSON object (for scripts).")
    boolean json;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Main.require(alpha > 0 && alpha < 1, "--alpha " + alpha + ": must be in (0, 1), e.g. 0.05");
        PrintWriter err = spec.commandLine().getErr();
        NdbReference reference;
        if (source.reference != null) {
            Main.require(
                    fit.bins == null,
                    "--bins " + fit.bins + ": only with --real (the bins in --reference " + source.reference
                            + " are already fitted)");
            reference = NdbReference.load(source.reference, "--reference");
        } else {
            NpyArray real = SampleFiles.open(source.real, "--real"); // a .npy is read where it lies, not loaded whole
            try {
                reference = NdbReference.fit(real, fit.toOptions(real.rows()), output.progress(err, json));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("--real " + e.getMessage(), e);
            }
        }
        String widthFrom = source.reference != null ? "the reference bins' width" : "the --real samples' width";
        NpyArray fake = SampleFiles.open(generated, "--generated"); // .npy or .csv, ND4J not needed
        SampleFiles.requireWidth(fake, reference.dimension(), generated, "--generated", widthFrom);
        NdbResult r;
        try {
            r = reference.evaluate(fake, alpha);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("--generated " + e.getMessage(), e);
        }
        for (String warning : reference.sampleSizeWarnings(r.generatedSize())) {
            err.println("warning: " + warning);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new Json()
                    .put("bins", r.bins())
                    .put("ndb", r.ndb())
                    .put("ndbFraction", r.ndbFraction())
                    .put("js", r.js())
                    .put("alpha", r.alpha())
                    .put("referenceSize", r.referenceSize())
                    .put("generatedSize", r.generatedSize())
                    .put("referenceProportions", r.referenceProportions())
                    .put("generatedProportions", r.generatedProportions())
                    .put("zScores", r.zScores())
                    .put("pValues", r.pValues())
                    .put("different", r.different())
                    .put("missingBins", r.missingBins())
                    .put("missingShare", r.missingReferenceShare()));
            return 0;
        }
        out.printf("NDB   %d of %d bins differ (alpha %s)%n", r.ndb(), r.bins(), r.alpha());
        out.printf(
                "NDB/K %.4f   (about %.2f by chance if the two samples came from one distribution; imperfect "
                        + "healthy generators sit well above it with no bin missing)%n",
                r.ndbFraction(), r.alpha());
        out.printf("JS    %.5f nats (0 = same bin histogram, ln 2 = 0.693 = disjoint)%n", r.js());
        out.printf("samples: %d reference, %d generated%n", r.referenceSize(), r.generatedSize());
        printMissing(out, r);
        printMostDifferent(out, r);
        return 0;
    }

    /** Rows of the missing-bins table before "... and N more". */
    static final int MISSING_ROWS = 20;

    /** The missing bins (NdbResult#isMissing) with their shares: the regions the generator stopped producing. */
    private static void printMissing(PrintWriter out, NdbResult r) {
        int[] missing = r.missingBins();
        String rule =
                "(missing: differs and gets under " + NdbResult.missingShareFraction() + " of its reference share)";
        if (missing.length == 0) {
            out.printf("missing bins: none %s%n", rule);
            return;
        }
        out.printf(
                java.util.Locale.ROOT,
                "missing bins: %d of %d, holding %.1f%% of the reference samples%n  %s:%n",
                missing.length,
                r.bins(),
                100 * r.missingReferenceShare(),
                rule);
        out.println("   bin  reference  generated");
        double[] pr = r.referenceProportions();
        double[] pg = r.generatedProportions();
        for (int i = 0; i < Math.min(missing.length, MISSING_ROWS); i++) {
            int b = missing[i];
            out.printf(java.util.Locale.ROOT, "  %4d   %7.4f    %7.4f%n", b, pr[b], pg[b]);
        }
        if (missing.length > MISSING_ROWS) {
            out.printf("  ... and %d more (use --json for all)%n", missing.length - MISSING_ROWS);
        }
    }

    private static void printMostDifferent(PrintWriter out, NdbResult r) {
        double[] z = r.zScores();
        int[] order = IntStream.range(0, r.bins())
                .boxed()
                .filter(b -> r.different()[b])
                .sorted(Comparator.comparingDouble((Integer b) -> -Math.abs(z[b])))
                .mapToInt(Integer::intValue)
                .limit(10)
                .toArray();
        if (order.length == 0) {
            return;
        }
        out.println(
                "most different bins (z > 0: generator under-fills the bin, a missing mode; z < 0: over-fills it):");
        out.println("   bin  reference  generated        z");
        double[] pr = r.referenceProportions();
        double[] pg = r.generatedProportions();
        for (int b : order) {
            out.printf("  %4d   %7.4f    %7.4f  %7.2f%n", b, pr[b], pg[b], z[b]);
        }
        if (r.ndb() > order.length) {
            out.printf("  ... and %d more (use --json for all)%n", r.ndb() - order.length);
        }
    }
}
