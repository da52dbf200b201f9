package io.github.modewatch.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Fixtures in src/test/resources/numpy were written by numpy (make_fixtures.py there). */
class NumpyFormatsTest {
    @TempDir
    Path tmp;

    private static Path fixture(String name) {
        return io.github.modewatch.Fixtures.numpy(name);
    }

    @Test
    void readsNumpyWrittenFloat32Matrix() {
        INDArray a = Npy.read(fixture("f32_3x4.npy"));
        assertThat(a.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(a.shape()).containsExactly(3, 4);
        assertThat(a.getFloat(2, 3)).isEqualTo(11 / 4f);
        assertThat(a.getFloat(1, 0)).isEqualTo(1f);
    }

    @Test
    void readsNumpyWrittenFloat64ExtremesAndBigEndian() {
        INDArray a = Npy.read(fixture("f64_2x3.npy"));
        assertThat(a.toDoubleMatrix()).isDeepEqualTo(new double[][] {{1.5, -2.0, 3.25}, {1e-300, 1e300, -0.0}});
        INDArray be = Npy.read(fixture("f64_be_2x2.npy"));
        assertThat(be.toDoubleMatrix()).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}});
    }

    @Test
    void readsZeroDimensionalInt64() {
        INDArray n = Npy.read(fixture("i64_scalar.npy"));
        assertThat(n.rank()).isZero();
        assertThat(n.getLong(0)).isEqualTo(20000L);
    }

    @Test
    void refusesFortranOrderWithAFix() {
        assertThatThrownBy(() -> Npy.read(fixture("f64_fortran_2x3.npy")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Fortran")
                .hasMessageContaining("C order");
    }

    @Test
    void readsStoredAndCompressedNpzStats() {
        Map<String, INDArray> a = Npz.read(fixture("stats_a.npz"));
        Map<String, INDArray> b = Npz.read(fixture("stats_b.npz")); // np.savez_compressed
        assertThat(a).containsOnlyKeys("mu", "sigma");
        assertThat(b.get("sigma").shape()).containsExactly(5, 5);
        assertThat(b.get("mu").length()).isEqualTo(5);
    }

    @Test
    void npzWeWriteReadsBackIdentically() {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("centers", Nd4j.createFromArray(new double[][] {{1.25, -3}, {Math.PI, 1e-200}}));
        arrays.put("f", Nd4j.createFromArray(new float[] {1.5f, -0f, Float.MAX_VALUE}));
        arrays.put("n", Nd4j.scalar(123456789012L));
        arrays.put("dims", Nd4j.createFromArray(new long[] {0, 1}));
        Path file = tmp.resolve("x.npz");
        Npz.write(file, arrays);
        Map<String, INDArray> back = Npz.read(file);
        assertThat(back).containsOnlyKeys("centers", "f", "n", "dims");
        arrays.forEach((k, v) -> {
            assertThat(back.get(k).dataType()).as(k).isEqualTo(v.dataType());
            assertThat(back.get(k).shape()).as(k).containsExactly(v.shape());
            assertThat(back.get(k)).as(k).isEqualTo(v);
        });
    }

    @Test
    void csvWithHeaderIsRead() {
        INDArray a = Csv.read(fixture("with_header.csv"));
        assertThat(a.toDoubleMatrix()).isDeepEqualTo(new double[][] {{0, 1}, {2, 3}, {4, 5}});
    }

    @Test
    void truncatedNpyIsRefusedNamingTheFile() throws IOException {
        byte[] full = Files.readAllBytes(fixture("f32_3x4.npy"));
        Path cut = tmp.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(full, full.length - 10));
        assertThatThrownBy(() -> SampleFiles.readSamples(cut, "--real"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--real ")
                .hasMessageContaining("cut.npy");
    }

    @Test
    void oneDimensionalSamplesAreRefusedWithAReshapeHint() {
        assertThatThrownBy(() -> SampleFiles.readSamples(fixture("f32_1d.npy"), "--generated"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--generated")
                .hasMessageContaining("2-D")
                .hasMessageContaining("reshape(-1, 1)");
    }

    @Test
    void nonFiniteValuesAreRefusedWithTheirRow() {
        Path file = tmp.resolve("nan.npy");
        Npy.write(file, Nd4j.createFromArray(new double[][] {{1, 2}, {3, Double.POSITIVE_INFINITY}}));
        assertThatThrownBy(() -> SampleFiles.readSamples(file, "--real"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("row 1")
                .hasMessageContaining("finite");
    }
}
