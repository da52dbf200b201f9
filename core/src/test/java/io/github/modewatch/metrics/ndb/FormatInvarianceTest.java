package io.github.modewatch.metrics.ndb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.modewatch.io.Npy;
import io.github.modewatch.io.SampleFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The same rows give the same bins and the same NDB whatever form they come in: float32, float64 and integer
 * {@code .npy}, {@code .csv}, an in-memory INDArray of either floating type, and a view into a larger array;
 * with and without whitening and a dimension cap. The values are small integers (pixel-like, 0..255), which
 * every one of these forms holds exactly, so any difference comes from the code path, not the data.
 *
 * <p>Bins must match exactly in proportions and dims, and in centers to float32 rounding; results must match
 * in the per-bin flags and generated proportions (the generated side is also read in every form, through the
 * command line's readers).
 */
class FormatInvarianceTest {
    private static final int D = 10;
    private static final int BINS = 12;

    @TempDir
    static Path dir;

    static double[][] reference;
    static double[][] generated;

    /** Pixel-like rows from 7 modes; the generated set lacks mode 0 so several bins differ. */
    static double[][] rows(int n, long seed, boolean dropFirstMode) {
        SplittableRandom modes = new SplittableRandom(42);
        double[][] centers = new double[7][D];
        for (double[] c : centers) {
            for (int j = 0; j < D; j++) {
                c[j] = 30 + modes.nextInt(196);
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[n][D];
        for (int i = 0; i < n; i++) {
            int mode = dropFirstMode ? 1 + random.nextInt(6) : random.nextInt(7);
            for (int j = 0; j < D; j++) {
                double v = Math.rint(centers[mode][j] + 12 * gaussian(random));
                x[i][j] = Math.max(0, Math.min(255, v));
            }
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @BeforeAll
    static void writeEveryForm() throws IOException {
        reference = rows(1_500, 1, false);
        generated = rows(600, 2, true);
        for (String set : List.of("ref", "gen")) {
            double[][] x = set.equals("ref") ? reference : generated;
            INDArray asDouble = Nd4j.createFromArray(x);
            Npy.write(dir.resolve(set + "-f32.npy"), asDouble.castTo(DataType.FLOAT));
            Npy.write(dir.resolve(set + "-f64.npy"), asDouble);
            Npy.write(dir.resolve(set + "-i32.npy"), asDouble.castTo(DataType.INT));
            Npy.write(dir.resolve(set + "-i64.npy"), asDouble.castTo(DataType.LONG));
            StringBuilder csv = new StringBuilder();
            for (double[] row : x) {
                for (int j = 0; j < D; j++) {
                    csv.append(j == 0 ? "" : ",").append((long) row[j]);
                }
                csv.append('\n');
            }
            Files.writeString(dir.resolve(set + ".csv"), csv);
        }
    }

    /** Every form a user's rows arrive in, by name. */
    static Map<String, Function<String, INDArray>> forms() {
        Map<String, Function<String, INDArray>> forms = new LinkedHashMap<>();
        forms.put("float64 in memory", set -> Nd4j.createFromArray(data(set)));
        forms.put("float32 in memory", set -> Nd4j.createFromArray(data(set)).castTo(DataType.FLOAT));
        forms.put("float64 view", set -> {
            double[][] x = data(set);
            INDArray big = Nd4j.zeros(DataType.DOUBLE, x.length + 3, D + 2).addi(-7);
            INDArray view = big.get(NDArrayIndex.interval(2, 2 + x.length), NDArrayIndex.interval(1, 1 + D));
            view.assign(Nd4j.createFromArray(x));
            return view;
        });
        forms.put("float32 .npy", set -> file(set + "-f32.npy"));
        forms.put("float64 .npy", set -> file(set + "-f64.npy"));
        forms.put("int32 .npy", set -> file(set + "-i32.npy"));
        forms.put("int64 .npy", set -> file(set + "-i64.npy"));
        forms.put(".csv", set -> file(set + ".csv"));
        return forms;
    }

    private static double[][] data(String set) {
        return set.equals("ref") ? reference : generated;
    }

    private static INDArray file(String name) {
        return SampleFiles.readSamples(dir.resolve(name), "--real");
    }

    static Stream<Arguments> options() {
        List<Arguments> out = new ArrayList<>();
        for (boolean whiten : new boolean[] {false, true}) {
            for (int maxDims : new int[] {0, 4}) {
                out.add(Arguments.of(whiten, maxDims));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "whiten={0}, maxDims={1}")
    @MethodSource("options")
    void everyFormGivesTheSameBinsAndTheSameNdb(boolean whiten, int maxDims) {
        NdbOptions options =
                NdbOptions.of(BINS).withWhiten(whiten).withMaxDims(maxDims).withSeed(5);
        Map<String, Function<String, INDArray>> forms = forms();
        NdbReference baseline = NdbReference.fit(forms.get("float64 in memory").apply("ref"), options, Progress.NONE);
        NdbResult expected = baseline.evaluate(forms.get("float64 in memory").apply("gen"), 0.05);
        assertThat(expected.ndb()).as("the dropped mode must show").isGreaterThan(0);
        assertThat(baseline.fitSummary().converged()).isTrue();

        for (var refForm : forms.entrySet()) {
            NdbReference bins = NdbReference.fit(refForm.getValue().apply("ref"), options, Progress.NONE);
            String what = "reference as " + refForm.getKey();
            assertThat(bins.dims()).as(what).containsExactly(baseline.dims());
            assertThat(bins.proportions()).as(what).containsExactly(baseline.proportions());
            assertThat(bins.mean()).as(what).containsExactly(baseline.mean());
            assertThat(bins.std()).as(what).containsExactly(baseline.std());
            double[][] centers = bins.centers();
            double[][] expectedCenters = baseline.centers();
            for (int b = 0; b < BINS; b++) {
                for (int j = 0; j < D; j++) {
                    double scale = Math.max(1, Math.abs(expectedCenters[b][j]));
                    assertThat(centers[b][j])
                            .as("%s: center %d, dim %d", what, b, j)
                            .isCloseTo(expectedCenters[b][j], within(1e-6 * scale));
                }
            }
            for (var genForm : forms.entrySet()) {
                NdbResult r = bins.evaluate(genForm.getValue().apply("gen"), 0.05);
                String pair = what + ", generated as " + genForm.getKey();
                assertThat(r.different()).as(pair).containsExactly(expected.different());
                assertThat(r.generatedProportions()).as(pair).containsExactly(expected.generatedProportions());
                assertThat(r.js()).as(pair).isCloseTo(expected.js(), within(1e-12));
            }
            // the command line's ND4J-free path (bins from a file, a .npy to bin) agrees as well
            for (String npy : List.of("gen-f32.npy", "gen-f64.npy", "gen-i32.npy", "gen-i64.npy")) {
                NdbResult r = bins.evaluate(SampleFiles.open(dir.resolve(npy), "--generated"), 0.05);
                assertThat(r.generatedProportions())
                        .as(what + ", raw " + npy)
                        .containsExactly(expected.generatedProportions());
            }
        }
    }

    @ParameterizedTest(name = "whiten={0}, maxDims={1}")
    @MethodSource("options")
    void theCommandLinesFitFromAFileGivesTheBinsOfTheNd4jFitBitForBit(boolean whiten, int maxDims) {
        NdbOptions options =
                NdbOptions.of(BINS).withWhiten(whiten).withMaxDims(maxDims).withSeed(5);
        for (String name : List.of("ref-f32.npy", "ref-f64.npy", "ref-i32.npy", "ref-i64.npy", "ref.csv")) {
            NdbReference nd4j = NdbReference.fit(file(name), options, Progress.NONE);
            NdbReference mapped =
                    NdbReference.fit(SampleFiles.open(dir.resolve(name), "--real"), options, Progress.NONE);
            assertThat(mapped.dims()).as(name).containsExactly(nd4j.dims());
            assertThat(mapped.proportions()).as(name).containsExactly(nd4j.proportions());
            assertThat(mapped.mean()).as(name).containsExactly(nd4j.mean());
            assertThat(mapped.std()).as(name).containsExactly(nd4j.std());
            assertThat(mapped.centers()).as(name).isDeepEqualTo(nd4j.centers());
            assertThat(mapped.fitSummary()).as(name).isEqualTo(nd4j.fitSummary());
        }
    }

    @org.junit.jupiter.api.Test
    void theFitFromAFileRefusesNaNAndInfinitiesNamingTheRow() throws IOException {
        double[][] x = rows(200, 3, false);
        x[137][D - 1] = Double.POSITIVE_INFINITY;
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            Path file = dir.resolve("bad-" + type + ".npy");
            Npy.write(file, Nd4j.createFromArray(x).castTo(type));
            for (boolean whiten : new boolean[] {false, true}) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> NdbReference.fit(
                                SampleFiles.open(file, "--real"),
                                NdbOptions.of(4).withWhiten(whiten),
                                Progress.NONE))
                        .isInstanceOf(io.github.modewatch.io.InvalidInputException.class)
                        .hasMessageContaining(file.toString())
                        .hasMessageContaining("row 137");
            }
        }
    }
}
