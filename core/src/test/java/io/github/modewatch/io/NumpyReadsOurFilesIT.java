package io.github.modewatch.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * numpy itself (the oracle) reads the .npy/.npz files we write. Needs python3 with numpy; CI sets
 * MODEWATCH_REQUIRE_NUMPY=1 so that a missing numpy fails instead of skipping.
 */
class NumpyReadsOurFilesIT {
    @TempDir
    Path tmp;

    @Test
    void numpyLoadsOurNpzWithShapesDtypesAndValues() throws Exception {
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> arrays = new LinkedHashMap<>();
        arrays.put("centers", Nd4j.createFromArray(new double[][] {{1.25, -3}, {0.5, 7}}));
        arrays.put("n", Nd4j.scalar(20000L));
        arrays.put("dims", Nd4j.createFromArray(new long[] {0, 1}));
        arrays.put("f", Nd4j.createFromArray(new float[] {1.5f, 2.5f}));
        Path file = tmp.resolve("ref.npz");
        Npz.write(file, arrays);
        String script = "import numpy as np,sys\n"
                + "z=np.load(sys.argv[1])\n"
                + "print(sorted(z.files), z['centers'].dtype, z['centers'].shape, z['centers'][1,1], z['n'].dtype,"
                + " z['n'].shape, int(z['n']), z['dims'].dtype, z['f'].dtype, z['f'][1])\n";
        String out = python(script, file.toString());
        assertThat(out.strip())
                .isEqualTo("['centers', 'dims', 'f', 'n'] float64 (2, 2) 7.0 int64 () 20000 int64 float32 2.5");
    }

    static String python(String script, String arg) throws IOException, InterruptedException {
        String python = System.getenv().getOrDefault("MODEWATCH_PYTHON", "python3");
        Process p;
        try {
            p = new ProcessBuilder(python, "-c", script, arg)
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            requireOrSkip("cannot start " + python + ": " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() != 0 && out.contains("No module named 'numpy'")) {
            requireOrSkip("numpy is not installed for " + python);
        }
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static void requireOrSkip(String why) {
        if ("1".equals(System.getenv("MODEWATCH_REQUIRE_NUMPY"))) {
            throw new AssertionError(why + " (MODEWATCH_REQUIRE_NUMPY=1: apt-get install python3-numpy)");
        }
        Assumptions.abort(why);
    }
}
