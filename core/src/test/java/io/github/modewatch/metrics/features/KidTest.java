package io.github.modewatch.metrics.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modewatch.Fixtures;
import io.github.modewatch.io.Npy;
import io.github.modewatch.io.NpyArray;
import io.github.modewatch.io.SampleFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link Kid}. Oracle for exact values: the unbiased MMD^2 of Bińkowski et al. 2018 (eq. 2 of "Demystifying MMD
 * GANs") computed with explicit float64 pair loops by {@code bench/golden/make_prdc_golden.py} (kid.json) on one
 * full subset (120 vs 120 rows, d = 10), which is deterministic.
 */
class KidTest {
    static JsonNode golden() throws IOException {
        return new ObjectMapper()
                .readTree(Fixtures.resource("golden/prdc/kid.json").toFile());
    }

    static INDArray read(String name) {
        return Npy.read(Fixtures.resource("golden/prdc/" + name + ".npy"));
    }

    static KidOptions fullSubset(int rows) {
        return KidOptions.builder().subsets(1).subsetSize(rows).build();
    }

    @ParameterizedTest
    @CsvSource({"kid_gen, shifted", "kid_same, same"})
    void oneFullSubsetEqualsTheUnbiasedFormulaInFloat64AndFloat32(String generated, String key) throws IOException {
        INDArray real = read("kid_real");
        INDArray gen = read(generated);
        KidResult f64 = Kid.compute(real, gen, fullSubset(120));
        KidResult f32 = Kid.compute(real.castTo(DataType.FLOAT), gen.castTo(DataType.FLOAT), fullSubset(120));

        double expected64 = golden().get(key + "_f64").asDouble();
        double expected32 = golden().get(key + "_f32").asDouble();
        assertThat(f64.kid()).isCloseTo(expected64, within(1e-12));
        assertThat(f64.kidStd()).isZero();
        // float32 Gram matrices: each dot product within ~1e-6 relative; kernel values are ~1, so 1e-5 absolute
        assertThat(f32.kid()).isCloseTo(expected32, within(1e-5));
        assertThat(f64.subsetSize()).isEqualTo(120);
        assertThat(f64.gamma()).isEqualTo(0.1);
        assertThat(f64.warnings()).isEmpty();
    }

    @Test
    void theNpyRouteWithoutNd4jGivesTheFormulasValue() throws IOException {
        NpyArray real = SampleFiles.open(Fixtures.resource("golden/prdc/kid_real.npy"), "--real");
        NpyArray gen = SampleFiles.open(Fixtures.resource("golden/prdc/kid_gen.npy"), "--generated");
        assertThat(Kid.compute(real, gen, fullSubset(120)).kid())
                .isCloseTo(golden().get("shifted_f64").asDouble(), within(1e-12));
    }

    @Test
    void float32NpyFilesGiveTheFormulasValueAndTheSameSubsetsAsTheirInMemoryArrays(@TempDir Path tmp)
            throws IOException {
        // the float32 file route reads the values as they are (no float64 copy): the same floats, the same draws
        INDArray real = read("kid_real").castTo(DataType.FLOAT);
        INDArray gen = read("kid_gen").castTo(DataType.FLOAT);
        Path realFile = tmp.resolve("real32.npy");
        Path genFile = tmp.resolve("gen32.npy");
        Npy.write(realFile, real);
        Npy.write(genFile, gen);
        NpyArray realNpy = SampleFiles.open(realFile, "--real");
        NpyArray genNpy = SampleFiles.open(genFile, "--generated");
        assertThat(Kid.compute(realNpy, genNpy, fullSubset(120)).kid())
                .isCloseTo(golden().get("shifted_f32").asDouble(), within(1e-5));
        KidOptions subsets =
                KidOptions.builder().subsets(7).subsetSize(50).seed(3).build();
        KidResult fromFiles = Kid.compute(realNpy, genNpy, subsets);
        KidResult inMemory = Kid.compute(real, gen, subsets);
        assertThat(fromFiles.subsetValues()).containsExactly(inMemory.subsetValues());
        assertThat(fromFiles.kidStd()).isEqualTo(inMemory.kidStd());

        INDArray bad = real.dup();
        bad.putScalar(17, 4, Float.NaN);
        Path badFile = tmp.resolve("nan32.npy");
        Npy.write(badFile, bad);
        assertThatThrownBy(() -> Kid.compute(SampleFiles.open(badFile, "--real"), genNpy, subsets))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("real features (" + badFile + ")")
                .hasMessageContaining("NaN at row 17, column 4");
        Npy.write(badFile, Nd4j.rand(DataType.FLOAT, 30, 11));
        assertThatThrownBy(() -> Kid.compute(realNpy, SampleFiles.open(badFile, "--generated"), subsets))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("generated features have 11 columns, real ones 10");
    }

    @Test
    void viewsAndIntegerInputsGiveTheSameValueAsTheirDoubleCopies() {
        INDArray big = Nd4j.rand(DataType.DOUBLE, 90, 12).muli(10);
        INDArray view = big.get(NDArrayIndex.interval(0, 3, 90), NDArrayIndex.interval(2, 10)); // 30 x 8 view
        INDArray other = Nd4j.rand(DataType.DOUBLE, 30, 8).muli(10).addi(1);
        KidOptions opts = fullSubset(30);
        assertThat(Kid.compute(view, other, opts).kid())
                .isCloseTo(Kid.compute(view.dup(), other, opts).kid(), within(1e-12));

        INDArray ints = Nd4j.createFromArray(new int[][] {{1, 2}, {3, 1}, {0, 4}, {2, 2}, {5, 0}});
        INDArray doubles = ints.castTo(DataType.DOUBLE);
        INDArray shifted = doubles.add(1.5);
        KidOptions five = fullSubset(5);
        assertThat(Kid.compute(ints, shifted, five).kid())
                .isCloseTo(Kid.compute(doubles, shifted, five).kid(), within(1e-12));
        assertThat(ints.dataType()).isEqualTo(DataType.INT);
    }

    /** E[MMD^2_u] = 0 when both sets come from one distribution (unbiasedness): the mean over seeds is near 0. */
    @Test
    void sameDistributionKidIsNearZeroOverSeedsAndShiftedKidIsClearlyPositive() {
        int seeds = 12;
        double[] same = new double[seeds];
        double[] shifted = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            INDArray a = Nd4j.createFromArray(PrdcTest.gaussian(400, 16, 0, 100 + s));
            INDArray b = Nd4j.createFromArray(PrdcTest.gaussian(400, 16, 0, 200 + s));
            INDArray c = Nd4j.createFromArray(PrdcTest.gaussian(400, 16, 0.25, 300 + s));
            KidOptions opts =
                    KidOptions.builder().subsets(10).subsetSize(200).seed(s).build();
            same[s] = Kid.compute(a, b, opts).kid();
            shifted[s] = Kid.compute(a, c, opts).kid();
        }
        double mean = mean(same);
        double se = Math.sqrt(variance(same) / seeds);
        assertThat(Math.abs(mean))
                .as("|mean| %s vs standard error %s", mean, se)
                .isLessThan(4 * se);
        assertThat(java.util.Arrays.stream(same).anyMatch(v -> v < 0))
                .as("unbiased: some estimates fall below 0")
                .isTrue();
        // shift 0.25 in 16 dims: MMD^2 of the cubic kernel is far above the same-distribution noise
        assertThat(mean(shifted)).isGreaterThan(20 * se);
        assertThat(java.util.Arrays.stream(shifted).allMatch(v -> v > 0)).isTrue();
    }

    @Test
    void theSeedMakesTheSubsetsReproducibleAndTheStdIsThePopulationStd() {
        INDArray a = Nd4j.createFromArray(PrdcTest.gaussian(300, 6, 0, 1));
        INDArray b = Nd4j.createFromArray(PrdcTest.gaussian(250, 6, 0.1, 2));
        KidOptions opts =
                KidOptions.builder().subsets(7).subsetSize(50).seed(42).build();
        KidResult r1 = Kid.compute(a, b, opts);
        KidResult r2 = Kid.compute(a, b, opts);
        KidResult other = Kid.compute(
                a, b, KidOptions.builder().subsets(7).subsetSize(50).seed(43).build());
        assertThat(r1).isEqualTo(r2);
        assertThat(other.subsetValues()).isNotEqualTo(r1.subsetValues());
        double[] v = r1.subsetValues();
        assertThat(r1.kid()).isCloseTo(mean(v), within(1e-15));
        assertThat(r1.kidStd()).isCloseTo(Math.sqrt(variance(v) * (v.length - 1) / v.length), within(1e-15));
        v[0] = 99;
        assertThat(r1.subsetValues()[0]).isNotEqualTo(99);
    }

    @Test
    void aSetSmallerThanTheSubsetSizeShrinksTheSubsetsWithAWarning() {
        INDArray a = Nd4j.rand(DataType.DOUBLE, 80, 4);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 60, 4);
        KidResult r = Kid.compute(
                a, b, KidOptions.builder().subsets(3).subsetSize(1000).build());
        assertThat(r.subsetSize()).isEqualTo(60);
        assertThat(r.warnings())
                .containsExactly("subset size 1000 is more than the generated set's 60 rows; using subsets"
                        + " of 60 (pass --subset-size 60 or more rows to silence this)");
        assertThat(r.realSize()).isEqualTo(80);
        assertThat(r.generatedSize()).isEqualTo(60);
    }

    @Test
    void badOptionsAndShapesGiveOneClearMessage() {
        assertThatThrownBy(() -> KidOptions.builder().subsetSize(1).build())
                .hasMessageStartingWith("subset size = 1: must be >= 2");
        assertThatThrownBy(() -> KidOptions.builder().subsets(0).build())
                .hasMessageStartingWith("subsets = 0: must be >= 1");
        assertThatThrownBy(() -> KidOptions.builder().gamma(-1).build())
                .hasMessageStartingWith("gamma = -1.0: must be");
        assertThatThrownBy(() -> KidOptions.builder().degree(0).build())
                .hasMessageStartingWith("degree = 0: must be >= 1");
        assertThatThrownBy(() -> Kid.compute(Nd4j.rand(DataType.DOUBLE, 1, 3), Nd4j.rand(DataType.DOUBLE, 5, 3)))
                .hasMessage("real features have 1 row; KID's unbiased estimator needs at least 2 rows in each set");
        assertThatThrownBy(() -> Kid.compute(Nd4j.rand(DataType.DOUBLE, 5, 3), Nd4j.rand(DataType.DOUBLE, 5, 2)))
                .hasMessageContaining("generated features have 2 columns, real ones 3");
    }

    @Test
    void customKernelParametersAreUsed() {
        // degree 1, coef 0: k(x, y) = gamma x.y, and MMD^2_u has the closed form below
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {1, 1}});
        INDArray b = Nd4j.createFromArray(new double[][] {{2, 0}, {0, 0}, {1, 2}});
        KidResult r = Kid.compute(
                a,
                b,
                KidOptions.builder()
                        .subsets(1)
                        .subsetSize(3)
                        .degree(1)
                        .coef(0)
                        .gamma(2)
                        .build());
        // sum_{i!=j} x_i.x_j = 2 (0 + 1 + 1) = 4; for y: 2 (0 + 2 + 0) = 4; sum_{i,j} x_i.y_j = (2,2).(3,2) = 10
        double expected = 2 * (4 + 4) / 6.0 - 2 * 2 * 10 / 9.0;
        assertThat(r.kid()).isCloseTo(expected, within(1e-12));
        assertThat(r.gamma()).isEqualTo(2.0);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample variance (n - 1). */
    static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / (v.length - 1);
    }
}
