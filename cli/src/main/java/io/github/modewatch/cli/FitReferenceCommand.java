package io.github.modewatch.cli;

import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.io.NpyArray;
import io.github.modewatch.io.SampleFiles;
import io.github.modewatch.metrics.ndb.NdbReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "fit-reference",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Fit NDB bins (K-means on real samples) once and save them in a file numpy reads (.npz).",
            "The .npz holds centers (K x d), proportions (K), n, mean (d), std (d) and dims."
        },
        footer = {"", "Example:", "  modewatch fit-reference --real real.npy --bins 100 --out ref.npz"})
final class FitReferenceCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--real",
            required = true,
            paramLabel = "FILE",
            description =
                    "Real (training) samples, one per row: .npy (float32/64, 2-D), .csv or IDX images (MNIST-style idx3-ubyte files, plain or gzipped; pixels / 255).")
    Path real;

    @Mixin
    FitOptions fit;

    @Option(names = "--out", required = true, paramLabel = "REF.npz", description = "Where to write the bins.")
    Path out;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Path dir = out.toAbsolutePath().getParent();
        Main.require(
                dir != null && Files.isDirectory(dir),
                "--out " + out + ": directory " + dir + " does not exist; create it first");
        Main.require(
                !Files.isDirectory(out), "--out " + out + ": is a directory; expected a file name such as ref.npz");
        var err = spec.commandLine().getErr();
        NpyArray samples = SampleFiles.open(real, "--real"); // a .npy is read where it lies, not loaded whole
        NdbReference reference;
        try {
            reference = NdbReference.fit(samples, fit.toOptions(samples.rows()), output.progress(err, false));
        } catch (InvalidInputException e) {
            throw new InvalidInputException("--real " + e.getMessage(), e);
        }
        reference.save(out);
        for (String warning : reference.sampleSizeWarnings(0)) {
            err.println("warning: " + warning);
        }
        var summary = reference.fitSummary();
        spec.commandLine()
                .getOut()
                .printf(
                        "wrote %s: %d bins over %d samples x %d dims (k-means on %d dims, %s, "
                                + "%d iterations, objective %.6g)%n",
                        out,
                        reference.bins(),
                        reference.referenceSize(),
                        reference.dimension(),
                        reference.dims().length,
                        summary.engine(),
                        summary.iterations(),
                        summary.objective());
        return 0;
    }
}
