package io.github.modewatch.cli;

import io.github.modewatch.metrics.features.Prdc;
import io.github.modewatch.metrics.features.PrdcOptions;
import io.github.modewatch.metrics.features.PrdcResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "prdc",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Precision, recall, density and coverage of generated features against real ones "
                    + "(Kynkaanniemi et al. 2019; Naeem et al. 2020), as clovaai's compute_prdc computes them.",
            "Each point's radius is the Euclidean distance to its k-th nearest neighbour in its own set; "
                    + "comparisons are strict."
        },
        footer = {
            "",
            "Examples:",
            "  modewatch prdc --real real_features.npy --generated fake_features.npy",
            "  modewatch prdc --real real.csv --generated fake.csv --k 3 --json"
        })
final class PrdcCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    FeatureInputs inputs;

    @Option(
            names = "--k",
            defaultValue = "5",
            description = "Neighbour whose distance is a point's radius (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--json", description = "Print one JSON object (for scripts).")
    boolean json;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Main.require(
                k >= 1,
                "--k " + k + ": must be >= 1; the radius is the distance to the k-th nearest neighbour, e.g. 5");
        FeatureFiles f = inputs.read();
        Main.require(
                f.realRows > k,
                "--k " + k + ": must be below the row count of each set, and --real " + inputs.real + " has "
                        + f.realRows + " rows; pass a smaller --k or more samples");
        Main.require(
                f.generatedRows > k,
                "--k " + k + ": must be below the row count of each set, and --generated " + inputs.generated + " has "
                        + f.generatedRows + " rows; pass a smaller --k or more samples");
        PrdcOptions options = new PrdcOptions(k);
        PrdcResult r = f.npy()
                ? Prdc.compute(f.realNpy, f.generatedNpy, options)
                : Prdc.compute(f.realArray, f.generatedArray, options);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new Json()
                    .put("precision", r.precision())
                    .put("recall", r.recall())
                    .put("density", r.density())
                    .put("coverage", r.coverage())
                    .put("k", r.k())
                    .put("realSize", r.realSize())
                    .put("generatedSize", r.generatedSize()));
        } else {
            out.printf(
                    "precision %.4f   share of generated samples inside some real sample's k-NN ball (fidelity)%n",
                    r.precision());
            out.printf(
                    "recall    %.4f   share of real samples inside some generated sample's k-NN ball (diversity)%n",
                    r.recall());
            out.printf(
                    "density   %.4f   real balls per generated sample, / k (about 1 when the distributions match)%n",
                    r.density());
            out.printf(
                    "coverage  %.4f   share of real samples whose k-NN ball holds a generated sample%n", r.coverage());
            out.printf("k %d, samples: %d real, %d generated%n", r.k(), r.realSize(), r.generatedSize());
        }
        return 0;
    }
}
