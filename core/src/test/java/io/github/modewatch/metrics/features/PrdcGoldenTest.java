package io.github.modewatch.metrics.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modewatch.Fixtures;
import io.github.modewatch.io.Npy;
import io.github.modewatch.io.NpyArray;
import io.github.modewatch.io.SampleFiles;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link Prdc} against clovaai/generative-evaluation-prdc's own {@code compute_prdc} (prdc/prdc.py, sha256
 * {@value #PRDC_PY_SHA256}, run with scikit-learn 1.2.1 / numpy 1.24.2) on the fixture in
 * {@code src/test/resources/golden/prdc/}, written by {@code bench/golden/make_prdc_golden.py}: a 6-mode mixture
 * (300 real, 250 generated rows with 2 modes dropped, d = 16) in float64 and float32, and small integers (d = 6)
 * with many exact distance ties; k = 1, 3, 5. Precision, recall and coverage are ratios of counts and must be
 * equal; density to 1e-12; the k-NN radii equal for float32 (the reference returns float32 distances) and to
 * 1e-12 relative otherwise.
 */
class PrdcGoldenTest {
    static final String PRDC_PY_SHA256 = "9af64e54c0b2e7a28b5d08a7fa241729e294a9a1c30a7bffd7d0adf7d4031826";

    static JsonNode golden() throws IOException {
        return new ObjectMapper()
                .readTree(Fixtures.resource("golden/prdc/prdc.json").toFile());
    }

    static Stream<Arguments> cases() throws IOException {
        Stream.Builder<Arguments> b = Stream.builder();
        golden().get("cases").fieldNames().forEachRemaining(name -> b.add(Arguments.of(name)));
        return b.build();
    }

    static INDArray read(String name) {
        return Npy.read(Fixtures.resource("golden/prdc/" + name + ".npy"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void equalsComputePrdc(String name) throws IOException {
        JsonNode c = golden().get("cases").get(name);
        assertThat(golden().get("provenance").get("sha256").asText()).isEqualTo(PRDC_PY_SHA256);
        String dtype = name.substring(0, name.indexOf('_'));
        INDArray real = read("real_" + dtype);
        INDArray gen = read("gen_" + dtype);
        assertThat(real.dataType())
                .isEqualTo(
                        switch (dtype) {
                            case "f32" -> DataType.FLOAT;
                            case "f64" -> DataType.DOUBLE;
                            default -> DataType.LONG;
                        });

        PrdcResult r = Prdc.compute(real, gen, new PrdcOptions(c.get("k").asInt()));

        assertThat(r.precision()).isEqualTo(c.get("precision").asDouble());
        assertThat(r.recall()).isEqualTo(c.get("recall").asDouble());
        assertThat(r.coverage()).isEqualTo(c.get("coverage").asDouble());
        assertThat(r.density()).isCloseTo(c.get("density").asDouble(), within(1e-12));
        assertRadii(r.realRadii(), c.get("realRadii"), dtype.equals("f32"));
        assertRadii(r.generatedRadii(), c.get("generatedRadii"), dtype.equals("f32"));
    }

    private static void assertRadii(double[] actual, JsonNode expected, boolean exact) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < actual.length; i++) {
            double e = expected.get(i).asDouble();
            if (exact) {
                assertThat(actual[i]).as("radius %d", i).isEqualTo(e);
            } else {
                assertThat(actual[i]).as("radius %d", i).isCloseTo(e, within(1e-12 * Math.max(1, e)));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSampleFileReaderAndViewsOfLargerArraysGiveTheSameResult(String name) throws IOException {
        JsonNode c = golden().get("cases").get(name);
        String dtype = name.substring(0, name.indexOf('_'));
        INDArray real = SampleFiles.readSamples(Fixtures.resource("golden/prdc/real_" + dtype + ".npy"), "--real");
        INDArray gen = read("gen_" + dtype);
        // the generated rows as a strided view: every other row and column 1.. of a wider, taller array
        INDArray big = Nd4j.zeros(gen.dataType(), 2 * gen.rows(), gen.columns() + 1);
        for (long i = 0; i < gen.rows(); i++) {
            big.get(NDArrayIndex.point(2 * i), NDArrayIndex.interval(1, gen.columns() + 1))
                    .assign(gen.getRow(i));
        }
        INDArray view = big.get(NDArrayIndex.interval(0, 2, big.rows()), NDArrayIndex.interval(1, gen.columns() + 1));
        assertThat(view.isView()).isTrue();

        PrdcResult r = Prdc.compute(real, view, new PrdcOptions(c.get("k").asInt()));

        assertThat(r.precision()).isEqualTo(c.get("precision").asDouble());
        assertThat(r.recall()).isEqualTo(c.get("recall").asDouble());
        assertThat(r.coverage()).isEqualTo(c.get("coverage").asDouble());
        assertThat(r.density()).isCloseTo(c.get("density").asDouble(), within(1e-12));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theNpyRouteWithoutNd4jGivesTheSameResult(String name) throws IOException {
        JsonNode c = golden().get("cases").get(name);
        String dtype = name.substring(0, name.indexOf('_'));
        NpyArray real = SampleFiles.open(Fixtures.resource("golden/prdc/real_" + dtype + ".npy"), "--real");
        NpyArray gen = SampleFiles.open(Fixtures.resource("golden/prdc/gen_" + dtype + ".npy"), "--generated");

        PrdcResult r = Prdc.compute(real, gen, new PrdcOptions(c.get("k").asInt()));

        assertThat(r.precision()).isEqualTo(c.get("precision").asDouble());
        assertThat(r.recall()).isEqualTo(c.get("recall").asDouble());
        assertThat(r.coverage()).isEqualTo(c.get("coverage").asDouble());
        assertThat(r.density()).isCloseTo(c.get("density").asDouble(), within(1e-12));
        assertRadii(r.realRadii(), c.get("realRadii"), dtype.equals("f32"));
    }
}
