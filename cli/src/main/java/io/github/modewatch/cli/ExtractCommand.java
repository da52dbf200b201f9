package io.github.modewatch.cli;

import io.github.modewatch.io.Npy;
import io.github.modewatch.metrics.features.FeatureReference;
import io.github.modewatch.onnx.OnnxFeatureExtractor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "extract",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Feature vectors of images from an ONNX model (e.g. Inception pool3 for FID), run by ONNX Runtime.",
            "Images of another size than a fixed model input are resized (antialiased bilinear, as Pillow's",
            "BILINEAR); the output [N, d1, d2, ...] is written as N x (d1*d2*...) float32.",
            "Record the extractor's name (printed) with every score: scores from different extractors differ."
        },
        footer = {
            "",
            "Examples:",
            "  modewatch extract --model pt_inception.onnx --input images.npy --out features.npy",
            "  modewatch extract --model model.onnx --output pool3 --input rows.csv --out f.npy --batch 8",
            "  modewatch extract --model model.onnx --input t10k-images-idx3-ubyte.gz --out reference.npz"
        })
final class ExtractCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M.onnx", description = "The ONNX model.")
    Path model;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "FILE",
            description = "Images: .npy N x C x H x W, or rows N x C*H*W (.npy or .csv) for a fixed-size model.")
    Path input;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FEATS.npy|FEATS.npz",
            description = "Where to write the N x D float32 features: .npy, or .npz with the features and their "
                    + "mean/covariance (mu, sigma: a reference for kid, prdc and fsd --real-stats, computed once).")
    Path out;

    @Option(names = "--output", paramLabel = "NAME", description = "Model output to read (default: the first).")
    String output;

    @Option(
            names = "--batch",
            paramLabel = "B",
            defaultValue = "32",
            description = "Images per model call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--threads",
            paramLabel = "T",
            defaultValue = "0",
            description = "ONNX Runtime threads (default 0: one per physical core).")
    int threads;

    @Mixin
    OutputOptions options;

    @Override
    public Integer call() {
        Main.require(batch >= 1, "--batch " + batch + ": must be >= 1; pass images per model call, e.g. 32");
        Main.require(threads >= 0, "--threads " + threads + ": must be >= 0 (0 = ONNX Runtime's default)");
        String outName = out.toString().toLowerCase(Locale.ROOT);
        Main.require(
                outName.endsWith(".npy") || outName.endsWith(".npz"),
                "--out " + out + ": features are written as .npy or .npz; pass a file name ending in one of them");
        Path parent = out.toAbsolutePath().getParent();
        Main.require(
                parent == null || Files.isDirectory(parent), "--out " + out + ": folder " + parent + " does not exist");
        INDArray images = ImageFiles.read(input, "--input");
        OnnxFeatureExtractor.Builder builder =
                OnnxFeatureExtractor.builder(model).batch(batch).threads(threads);
        if (output != null) {
            builder.output(output);
        }
        try (OnnxFeatureExtractor extractor = builder.build()) {
            long start = System.nanoTime();
            INDArray features = extractor.extract(images);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (outName.endsWith(".npz")) {
                FeatureReference.of(features).save(out);
            } else {
                Npy.write(out, features);
            }
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf(Locale.ROOT, "features %d x %d float32 -> %s%n", features.rows(), features.columns(), out);
            stdout.printf(Locale.ROOT, "extractor %s%n", extractor.name());
            stdout.printf(
                    Locale.ROOT,
                    "%.2f s, %.2f images/s (batch %d)%n",
                    seconds,
                    features.rows() / seconds,
                    extractor.batch());
        }
        return 0;
    }
}
