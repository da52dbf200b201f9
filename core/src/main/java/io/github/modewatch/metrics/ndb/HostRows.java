package io.github.modewatch.metrics.ndb;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Row-by-row access to the host buffer of a 2-D float32 / float64 matrix, for the O(n d) passes over reference
 * samples (column gathers, member sums) that ND4J's per-column ops do slowly (e.g. {@code getColumns} on a
 * 20,000 x 12,288 matrix costs seconds).
 *
 * <p>A C-ordered, unit-stride matrix is read in place; any other layout or element type is copied to a
 * C-ordered matrix (float64 for non-floating types) one block of rows at a time by {@link #forRows}, so memory
 * stays bounded by the block.
 */
final class HostRows {
    private final FloatBuffer floats; // null unless FLOAT
    private final DoubleBuffer doubles; // null unless DOUBLE
    private final long offset;
    private final int columns;

    private HostRows(INDArray a) {
        Nd4j.getAffinityManager().ensureLocation(a, AffinityManager.Location.HOST);
        var bytes = a.data().asNio().order(ByteOrder.nativeOrder());
        this.floats = a.dataType() == DataType.FLOAT ? bytes.asFloatBuffer() : null;
        this.doubles = a.dataType() == DataType.DOUBLE ? bytes.asDoubleBuffer() : null;
        this.offset = a.offset();
        this.columns = Math.toIntExact(a.columns());
    }

    /**
     * Whether {@code a} can be read in place: 2-D, float32/float64, rows stored one after the other with unit
     * column stride (C order), buffer below 2 GiB.
     */
    static boolean readableInPlace(INDArray a) {
        return a.rank() == 2
                && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE)
                && (a.columns() == 1 || a.stride(1) == 1)
                && (a.rows() == 1 || a.stride(0) == a.columns())
                && (a.offset() + a.length()) * a.dataType().width() <= Integer.MAX_VALUE;
    }

    /**
     * Reader for rows {@code [start, end)} of {@code a}, with row indices relative to {@code start}: the matrix
     * itself when it is {@link #readableInPlace readable in place}, otherwise a C-ordered copy of those rows.
     */
    static HostRows forRows(INDArray a, long start, long end) {
        if (readableInPlace(a)) {
            return new HostRows(a).shifted(start);
        }
        INDArray block = a.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
        DataType type =
                a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE ? a.dataType() : DataType.DOUBLE;
        return new HostRows(block.castTo(type).dup('c'));
    }

    private HostRows(FloatBuffer floats, DoubleBuffer doubles, long offset, int columns) {
        this.floats = floats;
        this.doubles = doubles;
        this.offset = offset;
        this.columns = columns;
    }

    private HostRows shifted(long rows) {
        return new HostRows(floats, doubles, offset + rows * columns, columns);
    }

    /** Copies columns {@code [from, from + len)} of row {@code row} into {@code dst[0, len)}, as float. */
    void read(long row, int from, int len, float[] dst) {
        int at = Math.toIntExact(offset + row * columns + from);
        if (floats != null) {
            floats.get(at, dst, 0, len);
        } else {
            for (int j = 0; j < len; j++) {
                dst[j] = (float) doubles.get(at + j);
            }
        }
    }

    /**
     * Copies columns {@code [from, from + len)} of row {@code row} into {@code dst[0, len)}, as double;
     * {@code scratch} (length &gt;= len) is used for float32 data.
     */
    void read(long row, int from, int len, double[] dst, float[] scratch) {
        int at = Math.toIntExact(offset + row * columns + from);
        if (doubles != null) {
            doubles.get(at, dst, 0, len);
        } else {
            floats.get(at, scratch, 0, len);
            for (int j = 0; j < len; j++) {
                dst[j] = scratch[j];
            }
        }
    }

    /** Writes {@code src} (length &gt;= columns) as row {@code row}; only for in-place readers. */
    void write(long row, float[] src) {
        floats.put(Math.toIntExact(offset + row * columns), src, 0, columns);
    }

    /** Writes {@code src} (length &gt;= columns) as row {@code row}; only for in-place readers. */
    void write(long row, double[] src) {
        doubles.put(Math.toIntExact(offset + row * columns), src, 0, columns);
    }

    /** A writer for a freshly created C-ordered float32/float64 matrix. */
    static HostRows writer(INDArray fresh) {
        if (!readableInPlace(fresh)) {
            throw new IllegalArgumentException(
                    "expected a C-ordered float32/float64 matrix, got " + fresh.shapeInfoToString());
        }
        return new HostRows(fresh);
    }
}
