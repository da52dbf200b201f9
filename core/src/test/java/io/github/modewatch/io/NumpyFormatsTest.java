package io.github.modewatch.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    @Test
    void largeStoredNpzEntriesAreReadWhereTheyLieAsNumpyWroteThem() {
        // numpy.savez writes zip64 local headers; entries of 64 KiB and more are read where they lie in the archive
        Map<String, NpyArray> arrays = Npz.open(fixture("large_entries.npz"));
        assertThat(arrays.keySet()).containsExactly("big", "big_be32", "n");
        double[] big = arrays.get("big").toDoubles();
        assertThat(arrays.get("big").shape()).containsExactly(100, 100);
        for (int i = 0; i < big.length; i++) {
            assertThat(big[i]).as("big[%d]", i).isEqualTo(i / 7.0);
        }
        NpyArray be = arrays.get("big_be32");
        assertThat(be.type()).isEqualTo(DataType.FLOAT);
        double[] row = new double[40];
        be.readRow(150, 30, 40, row);
        for (int j = 0; j < 40; j++) {
            assertThat(row[j]).isEqualTo((float) ((150 * 100 + 30 + j) / 3.0));
        }
        double[] be32 = be.toDoubles();
        for (int i = 0; i < be32.length; i += 97) {
            assertThat(be32[i]).as("big_be32[%d]", i).isEqualTo((float) (i / 3.0));
        }
        assertThat(arrays.get("n").getDouble(0)).isEqualTo(7);
        assertThat(Npz.read(fixture("large_entries.npz")).get("big").data().asDouble())
                .containsExactly(big);
    }

    @Test
    void largeNpzEntriesWeWriteReadBackIdentically() {
        INDArray big = Nd4j.rand(DataType.DOUBLE, 300, 50).subi(0.5).muli(1e3);
        INDArray small = Nd4j.createFromArray(1f, 2f, 3f);
        Path file = tmp.resolve("large.npz");
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put("big", big);
        out.put("small", small);
        Npz.write(file, out);
        Map<String, NpyArray> in = Npz.open(file);
        assertThat(in.get("big").toDoubles()).containsExactly(big.data().asDouble());
        assertThat(in.get("small").toDoubles()).containsExactly(1, 2, 3);
    }

    @Test
    void rowReadsFindNaNAndInfinitiesInEveryColumnAndKeepEveryFiniteValue() {
        double[] finite = {0.0, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 1e-310, 3.5};
        float[] finiteF = {0f, -0f, Float.MIN_VALUE, -Float.MAX_VALUE, 1e-40f, 3.5f};
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0}) {
                for (int column = 0; column < finite.length; column++) {
                    ByteBuffer d = ByteBuffer.allocate(2 * finite.length * 8).order(order);
                    ByteBuffer f = ByteBuffer.allocate(2 * finite.length * 4).order(order);
                    for (int r = 0; r < 2; r++) {
                        for (int j = 0; j < finite.length; j++) {
                            boolean here = r == 1 && j == column;
                            d.putDouble(here ? bad : finite[j]);
                            f.putFloat(here ? (float) bad : finiteF[j]);
                        }
                    }
                    d.flip();
                    f.flip();
                    long[] shape = {2, finite.length};
                    NpyArray d64 = new NpyArray("d.npy", DataType.DOUBLE, shape, d);
                    NpyArray f32 = new NpyArray("f.npy", DataType.FLOAT, shape, f);
                    int[] dims = {column, 0};
                    double[] got = new double[2];
                    String what = order + ", " + bad + " in column " + column;
                    assertThat(d64.gatherRow(0, dims, got, 0)).as(what).isTrue();
                    assertThat(got).containsExactly(finite[column], finite[0]);
                    assertThat(Double.doubleToRawLongBits(got[0]))
                            .isEqualTo(Double.doubleToRawLongBits(finite[column]));
                    assertThat(d64.gatherRow(1, dims, got, 0)).as(what).isEqualTo(bad == 0.0);
                    assertThat(f32.gatherRow(0, dims, got, 0)).as(what).isTrue();
                    assertThat(got).containsExactly(finiteF[column], finiteF[0]);
                    assertThat(f32.gatherRow(1, dims, got, 0)).as(what).isEqualTo(bad == 0.0);
                    double[] row = new double[finite.length];
                    d64.readRow(0, 0, finite.length, row);
                    assertThat(row).containsExactly(finite);
                    f32.readRow(0, 0, finite.length, row);
                    for (int j = 0; j < finite.length; j++) {
                        assertThat(row[j]).isEqualTo((double) finiteF[j]);
                    }
                }
            }
        }
    }

    /** A .npy file of {@code rows x cols} values {@code value(i, j)} in the given type and byte order. */
    private Path npyFile(String name, DataType type, ByteOrder order, int rows, int cols) throws IOException {
        boolean f32 = type == DataType.FLOAT;
        String descr = (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + (f32 ? "f4" : "f8");
        StringBuilder header = new StringBuilder(
                "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        int width = f32 ? 4 : 8;
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + rows * cols * width);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.order(ByteOrder.LITTLE_ENDIAN).putShort((short) header.length());
        b.put(header.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.order(order);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (f32) {
                    b.putFloat((float) value(i, j));
                } else {
                    b.putDouble(value(i, j));
                }
            }
        }
        Path file = tmp.resolve(name);
        Files.write(file, b.array());
        return file;
    }

    /** Distinct values, with NaN and infinities in a few rows (rows 7, 19 and 31; the last column of row 31). */
    private static double value(int i, int j) {
        if (i == 7 && j == 3) {
            return Double.NaN;
        }
        if (i == 19 && j == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (i == 31 && j == 999) {
            return Double.POSITIVE_INFINITY;
        }
        return (i * 1000 + j) / 7.0 - 3000;
    }

    @Test
    void rowsOfANpyFileReadFromManyThreadsEqualTheMappedValuesInEveryTypeAndByteOrder() throws IOException {
        int rows = 300;
        int cols = 1000;
        int[] dims = {999, 0, 3, 500, 501};
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                String what = type + ", " + order;
                Path file = npyFile("rows_" + type + "_" + order + ".npy", type, order, rows, cols);
                NpyArray read = Npy.open(file); // rows by positional reads (never mapped: no element access)
                NpyArray map = Npy.open(file);
                map.getDouble(0); // a single element maps the data: everything after reads the mapping
                double[] mapped = map.toDoubles();
                double[] all = Npy.open(file).toDoubles(); // positional reads, 1 MiB at a time
                for (int i = 0; i < all.length; i++) {
                    if (Double.doubleToRawLongBits(all[i]) != Double.doubleToRawLongBits(mapped[i])) {
                        assertThat(all[i]).as("%s, element %d", what, i).isEqualTo(mapped[i]);
                    }
                }
                boolean[] finite = new boolean[rows];
                double[][] gathered = new double[rows][dims.length];
                double[][] slices = new double[rows][40];
                java.util.stream.IntStream.range(0, rows).parallel().forEach(i -> {
                    finite[i] = read.gatherRow(i, dims, gathered[i], 0);
                    read.readRow(i, 480, 40, slices[i]);
                });
                for (int i = 0; i < rows; i++) {
                    assertThat(finite[i]).as("%s, row %d finite", what, i).isEqualTo(i != 7 && i != 19 && i != 31);
                    for (int k = 0; k < dims.length; k++) {
                        assertThat(Double.doubleToRawLongBits(gathered[i][k]))
                                .as("%s, row %d, column %d", what, i, dims[k])
                                .isEqualTo(Double.doubleToRawLongBits(mapped[i * cols + dims[k]]));
                    }
                    for (int j = 0; j < 40; j++) {
                        assertThat(Double.doubleToRawLongBits(slices[i][j]))
                                .as("%s, row %d, column %d", what, i, 480 + j)
                                .isEqualTo(Double.doubleToRawLongBits(mapped[i * cols + 480 + j]));
                    }
                }
                assertThat(mapped[5 * cols + 6]).isEqualTo(type == DataType.FLOAT ? (float) value(5, 6) : value(5, 6));
            }
        }
    }

    @Test
    void float32ValuesReadWholeFromAFileFromMemoryAndFromAMappingAreTheStoredFloats() throws IOException {
        // more than one 1 MiB chunk, big-endian: the file route, the mapped route and an in-memory copy agree
        Path file = npyFile("floats.npy", DataType.FLOAT, ByteOrder.BIG_ENDIAN, 300, 1000);
        float[] fromFile = Npy.open(file).toFloats();
        NpyArray mapped = Npy.open(file);
        mapped.getDouble(0);
        byte[] bytes = Files.readAllBytes(file);
        int dataStart = 10 + ((bytes[8] & 0xff) | (bytes[9] & 0xff) << 8); // version 1.0 header length
        ByteBuffer data =
                ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).order(ByteOrder.BIG_ENDIAN);
        float[] inMemory = new NpyArray("m", DataType.FLOAT, new long[] {300, 1000}, data).toFloats();
        assertThat(fromFile).hasSize(300_000);
        for (int i = 0; i < fromFile.length; i++) {
            float expected = (float) value(i / 1000, i % 1000);
            if (Float.floatToRawIntBits(fromFile[i]) != Float.floatToRawIntBits(expected)) {
                assertThat(fromFile[i]).as("element %d", i).isEqualTo(expected);
            }
        }
        assertThat(mapped.toFloats()).isEqualTo(fromFile); // Arrays.equals: NaN equals NaN
        assertThat(inMemory).isEqualTo(fromFile);
        assertThatThrownBy(() ->
                        NpyArray.of("d", new long[] {1, 2}, new double[] {1, 2}).toFloats())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not float32");
    }

    @Test
    void rowsOfANpyFileThatShrankAfterOpeningAreRefusedNamingTheFile() throws IOException {
        Path file = npyFile("shrinks.npy", DataType.FLOAT, ByteOrder.LITTLE_ENDIAN, 50, 1000);
        NpyArray a = Npy.open(file);
        double[] row = new double[1];
        assertThat(a.gatherRow(49, new int[] {0}, row, 0)).isTrue();
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 4000);
        }
        assertThat(a.gatherRow(0, new int[] {0}, row, 0)).isTrue();
        assertThatThrownBy(() -> a.gatherRow(49, new int[] {0}, row, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shrinks.npy")
                .hasMessageContaining("truncated");
    }

    @Test
    void rowReadsRefuseRowsAndColumnsOutsideTheArray() {
        NpyArray a = NpyArray.of("a", new long[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6});
        double[] row = new double[3];
        a.readRow(1, 1, 2, row);
        assertThat(row).startsWith(5, 6);
        assertThatThrownBy(() -> a.readRow(2, 0, 3, row)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> a.readRow(0, 2, 2, row)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
