package io.github.modewatch.metrics.ndb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modewatch.io.NpyArray;
import io.github.modewatch.io.SampleFiles;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * End-to-end golden test of {@link NdbReference#evaluate} against the NDB paper's own code: {@code utils/ndb.py} of
 * <a href="https://github.com/eitanrich/gans-n-gmms">eitanrich/gans-n-gmms</a>, commit
 * {@value #NDB_PY_COMMIT} (sha256 {@value #NDB_PY_SHA256}), Richardson &amp; Weiss, NeurIPS 2018.
 *
 * <p>The oracle is not in this repository. Its outputs are the fixture in {@code src/test/resources/golden/ndbpy/},
 * written by {@code /usr/bin/python3 bench/golden/make_ndb_golden.py} (see bench/README.md, "Golden NDB fixture"),
 * which runs ndb.py with bench/reference_ndb.py's scikit-learn compatibility patch: ndb.py fits K = 20 bins on a
 * 2,000 x 16 reference sample of a 12-mode Gaussian mixture, whitened and not, from float32 and from float64 input,
 * and evaluates a 600-sample set from the same mixture, a 600-sample set with 3 modes dropped (14 of 20 bins
 * differ) and the reference sample itself. The bins come in ModeWatch's npz layout, so this test reads them with
 * {@link NdbReference#load(Path)}, reads the samples with the project's own reader (both routes: ND4J and plain
 * Java) and must reproduce ndb.py exactly: the NDB count, every bin's different flag, the generated bin counts,
 * z-scores to 1e-9 relative, p-values to 1e-9 relative and JS to 1e-12 absolute. The generator checks that no
 * sample is within 1e-5 (relative) of a tie between two centers, so float32 (ndb.py) and double (ModeWatch)
 * arithmetic cannot legitimately put a sample in different bins, and that no bin is empty in both sets (ndb.py
 * gives z = NaN there, ModeWatch z = 0, p = 1).
 */
class NdbPyGoldenTest {
    static final String NDB_PY_COMMIT = "a6bcb4e91198450963c1a99cf8bfc94d07003b56";
    static final String NDB_PY_SHA256 = "218599d0da4e8b9923153904a7e5a27dee057f5794ed3ccbdb699fe21f775094";
    private static final String DIR = "/golden/ndbpy/";
    private static final List<String> CASES = List.of("whiten_f32", "whiten_f64", "plain_f32", "plain_f64");
    private static final List<String> SETS = List.of("gen_good", "gen_dropped", "ref");
    private static final double ALPHA = 0.05;
    private static final double Z_RELATIVE = 1e-9;
    private static final double P_RELATIVE = 1e-9;
    private static final double JS_ABSOLUTE = 1e-12;

    /** How the samples reach {@code evaluate}. */
    enum Route {
        /** {@link SampleFiles#readSamples} then {@link NdbReference#evaluate(INDArray, double)} (GEMM). */
        ND4J,
        /** {@link SampleFiles#open} then {@link NdbReference#evaluate(NpyArray, double)} (the CLI's). */
        PLAIN
    }

    static Stream<Arguments> cases() {
        List<Arguments> args = new ArrayList<>();
        for (String c : CASES) {
            for (String s : SETS) {
                for (Route r : Route.values()) {
                    args.add(Arguments.of(c, s, r));
                }
            }
        }
        return args.stream();
    }

    private static Path fixture(String name) {
        try {
            return Path.of(NdbPyGoldenTest.class.getResource(DIR + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException(
                    "missing fixture golden/ndbpy/" + name
                            + " (regenerate: /usr/bin/python3 bench/golden/make_ndb_golden.py)",
                    e);
        }
    }

    private static JsonNode json(String caseName) throws IOException {
        return new ObjectMapper().readTree(fixture("case_" + caseName + ".json").toFile());
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("cases")
    void evaluateReproducesNdbPy(String caseName, String set, Route route) throws IOException {
        JsonNode doc = json(caseName);
        assertThat(doc.get("ndb_py_commit").asText()).as("oracle commit").isEqualTo(NDB_PY_COMMIT);
        assertThat(doc.get("ndb_py_sha256").asText()).as("oracle sha256").isEqualTo(NDB_PY_SHA256);
        assertThat(doc.get("alpha").asDouble()).isEqualTo(ALPHA);
        JsonNode expected = doc.get("sets").get(set);
        assertThat(expected.get("nan_z_bins"))
                .as("bins empty in both sets (ndb.py z = NaN)")
                .isEmpty();
        int k = doc.get("k").asInt();

        NdbReference bins = NdbReference.load(fixture(doc.get("bins_file").asText()));
        assertThat(bins.bins()).isEqualTo(k);
        assertThat(bins.referenceSize()).isEqualTo(doc.get("n_ref").asLong());
        assertThat(bins.proportions())
                .as("ndb.py's reference proportions, as loaded")
                .containsExactly(doubles(doc.get("reference_proportions")));

        Path file = fixture(expected.get("file").asText());
        DataType type = doc.get("dtype").asText().equals("float32") ? DataType.FLOAT : DataType.DOUBLE;
        NdbResult result;
        if (route == Route.ND4J) {
            INDArray samples = SampleFiles.readSamples(file, "--generated");
            assertThat(samples.dataType()).isEqualTo(type);
            double[] before = samples.dup('c').data().asDouble(); // INDArray.equals allows 1e-5: compare exactly
            result = bins.evaluate(samples, ALPHA);
            assertThat(samples.dataType()).isEqualTo(type);
            assertThat(samples.dup('c').data().asDouble())
                    .as("input unchanged by evaluate")
                    .containsExactly(before);
        } else {
            NpyArray samples = SampleFiles.open(file, "--generated");
            assertThat(samples.type()).isEqualTo(type);
            double[] before = samples.toDoubles();
            result = bins.evaluate(samples, ALPHA);
            assertThat(samples.toDoubles()).as("input unchanged by evaluate").containsExactly(before);
        }

        long n = expected.get("n").asLong();
        assertThat(result.generatedSize()).isEqualTo(n);
        assertThat(result.bins()).isEqualTo(k);
        assertThat(result.ndb()).as("NDB").isEqualTo(expected.get("ndb").asInt());
        assertThat(result.different()).as("different flags").containsExactly(booleans(expected.get("different")));

        long[] counts = longs(expected.get("counts"));
        double[] proportions = result.generatedProportions();
        double[] expectedProportions = doubles(expected.get("proportions"));
        for (int b = 0; b < k; b++) {
            // count / n exactly, as both compute it (count / n * n need not give the count back in floating point)
            assertThat(proportions[b])
                    .as("generated proportion of bin %d (%d of %d samples in ndb.py)", b, counts[b], n)
                    .isEqualTo((double) counts[b] / n)
                    .isEqualTo(expectedProportions[b]);
            assertThat(Math.round(proportions[b] * n))
                    .as("generated count of bin %d", b)
                    .isEqualTo(counts[b]);
        }

        double[] z = result.zScores();
        double[] p = result.pValues();
        double[] expectedZ = doubles(expected.get("z"));
        double[] expectedP = doubles(expected.get("p"));
        for (int b = 0; b < k; b++) {
            assertRelative(z[b], expectedZ[b], Z_RELATIVE, "z of bin " + b);
            assertRelative(p[b], expectedP[b], P_RELATIVE, "p-value of bin " + b);
        }
        assertThat(Math.abs(result.js() - expected.get("js").asDouble()))
                .as(
                        "|JS - ndb.py's JS|, JS = %s vs %s",
                        result.js(), expected.get("js").asDouble())
                .isLessThanOrEqualTo(JS_ABSOLUTE);
    }

    private static void assertRelative(double actual, double expected, double relative, String what) {
        assertThat(Math.abs(actual - expected))
                .as("%s: %s vs ndb.py's %s", what, actual, expected)
                .isLessThanOrEqualTo(relative * Math.abs(expected));
    }

    private static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    private static long[] longs(JsonNode array) {
        long[] v = new long[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asLong();
        }
        return v;
    }

    private static boolean[] booleans(JsonNode array) {
        boolean[] v = new boolean[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asBoolean();
        }
        return v;
    }
}
