package io.github.modewatch.cli;

import io.github.modewatch.metrics.features.Kid;
import io.github.modewatch.metrics.features.KidOptions;
import io.github.modewatch.metrics.features.KidResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "kid",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Kernel Inception Distance (Binkowski et al. 2018): the unbiased MMD^2 between real and generated "
                    + "features with k(x, y) = (gamma x.y + coef)^degree, mean and std over random subsets.",
            "With --subsets 1 and --subset-size equal to both sets' row counts it is the MMD^2 over all rows."
        },
        footer = {
            "",
            "Examples:",
            "  modewatch kid --real real_features.npy --generated fake_features.npy",
            "  modewatch kid --real real.npy --generated fake.npy --subsets 1 --subset-size 5000 --json"
        })
final class KidCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    FeatureInputs inputs;

    @Option(
            names = "--subsets",
            defaultValue = "100",
            description = "Random subsets to average over (default: ${DEFAULT-VALUE}).")
    int subsets;

    @Option(
            names = "--subset-size",
            defaultValue = "1000",
            description = "Rows drawn without replacement from each set per subset (default: ${DEFAULT-VALUE}; "
                    + "shrunk to the smaller set with a warning).")
    int subsetSize;

    @Option(
            names = "--degree",
            defaultValue = "3",
            description = "Polynomial kernel degree (default: ${DEFAULT-VALUE}).")
    int degree;

    @Option(names = "--gamma", paramLabel = "G", description = "Kernel scale of x.y (default: 1/d, d = feature width).")
    Double gamma;

    @Option(names = "--coef", defaultValue = "1", description = "Kernel constant term (default: ${DEFAULT-VALUE}).")
    double coef;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "S",
            description = "Seed of the subset draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object (for scripts).")
    boolean json;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Main.require(subsets >= 1, "--subsets " + subsets + ": must be >= 1, e.g. 100");
        Main.require(
                subsetSize >= 2,
                "--subset-size " + subsetSize + ": must be >= 2 (the unbiased MMD^2 needs two rows "
                        + "per set), e.g. 1000");
        Main.require(degree >= 1, "--degree " + degree + ": must be >= 1, e.g. 3");
        Main.require(
                gamma == null || (gamma > 0 && Double.isFinite(gamma)),
                "--gamma " + gamma + ": must be a finite number > 0; leave it out for 1/d");
        Main.require(Double.isFinite(coef), "--coef " + coef + ": must be a finite number, e.g. 1");
        FeatureFiles f = inputs.read();
        Main.require(f.realRows >= 2, "--real " + inputs.real + ": 1 row; KID needs at least 2 rows per set");
        Main.require(
                f.generatedRows >= 2, "--generated " + inputs.generated + ": 1 row; KID needs at least 2 rows per set");
        KidOptions options = KidOptions.builder()
                .subsets(subsets)
                .subsetSize(subsetSize)
                .degree(degree)
                .gamma(gamma == null ? Double.NaN : gamma)
                .coef(coef)
                .seed(seed)
                .build();
        KidResult r = f.npy()
                ? Kid.compute(f.realNpy, f.generatedNpy, options)
                : Kid.compute(f.realArray, f.generatedArray, options);
        PrintWriter err = spec.commandLine().getErr();
        r.warnings().forEach(w -> err.println("warning: " + w));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new Json()
                    .put("kid", r.kid())
                    .put("kidStd", r.kidStd())
                    .put("subsets", r.subsets())
                    .put("subsetSize", r.subsetSize())
                    .put("degree", r.degree())
                    .put("realSize", r.realSize())
                    .put("generatedSize", r.generatedSize()));
        } else {
            out.printf(
                    "KID       %.6g   mean unbiased MMD^2 over subsets (0 for equal distributions; may be slightly negative)%n",
                    r.kid());
            out.printf("KID std   %.6g   standard deviation over the subsets%n", r.kidStd());
            out.printf(
                    "subsets %d of %d rows per set; kernel (%s x.y + %s)^%d%n",
                    r.subsets(), r.subsetSize(), compact(r.gamma()), compact(r.coef()), r.degree());
            out.printf("samples: %d real, %d generated%n", r.realSize(), r.generatedSize());
        }
        return 0;
    }

    /** 6 significant digits without trailing zeros: 0.1, 1, 0.000488281. */
    static String compact(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.6g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
