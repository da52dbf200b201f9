package io.github.modewatch.cli;

import io.github.modewatch.io.NpyArray;
import io.github.modewatch.io.SampleFiles;
import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The real and generated feature files of {@code kid} and {@code prdc}. Two .npy files are read without ND4J
 * (read where they lie, see {@link SampleFiles#open}), so these commands skip ND4J's start-up; any .csv
 * makes both go through {@link SampleFiles#readSamples}. Widths are checked here, naming the flag and file.
 */
final class FeatureFiles {
    final NpyArray realNpy;
    final NpyArray generatedNpy;
    final INDArray realArray;
    final INDArray generatedArray;
    final long realRows;
    final long generatedRows;

    private FeatureFiles(NpyArray rn, NpyArray gn, INDArray ra, INDArray ga) {
        realNpy = rn;
        generatedNpy = gn;
        realArray = ra;
        generatedArray = ga;
        realRows = rn != null ? rn.rows() : ra.rows();
        generatedRows = gn != null ? gn.rows() : ga.rows();
    }

    static FeatureFiles read(Path real, Path generated) {
        if (isNpy(real) && isNpy(generated)) {
            NpyArray x = SampleFiles.open(real, "--real");
            NpyArray y = SampleFiles.open(generated, "--generated");
            SampleFiles.requireWidth(y, x.columns(), generated, "--generated", "the --real features' width");
            return new FeatureFiles(x, y, null, null);
        }
        INDArray x = SampleFiles.readSamples(real, "--real");
        INDArray y = SampleFiles.readSamples(generated, "--generated");
        SampleFiles.requireWidth(y, x.columns(), generated, "--generated", "the --real features' width");
        return new FeatureFiles(null, null, x, y);
    }

    boolean npy() {
        return realNpy != null;
    }

    private static boolean isNpy(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }
}
