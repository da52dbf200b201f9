package io.github.modewatch.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A .npy array as stored, read without starting ND4J: element type, shape (C order) and the raw bytes, which
 * for a file are memory-mapped rather than copied. Lets the command line answer {@code ndb --reference} from a
 * .npy without ND4J's start-up (about 0.4 s, see the README's benchmark table). Read-only.
 */
public final class NpyArray {
    private final String name;
    private final DataType type;
    private final long[] shape;
    private final ByteBuffer data;
    private final int itemSize;

    /**
     * @param name  the file (or archive entry) name, for error messages
     * @param type  FLOAT, DOUBLE, INT or LONG
     * @param shape C-order shape
     * @param data  the elements in C order, with the byte order already set on the buffer
     */
    NpyArray(String name, DataType type, long[] shape, ByteBuffer data) {
        this.name = name;
        this.type = type;
        this.shape = shape.clone();
        this.itemSize = switch (type) {
            case FLOAT, INT -> 4;
            case DOUBLE, LONG -> 8;
            default -> throw new IllegalArgumentException("unsupported element type " + type);
        };
        if ((long) data.remaining() < length() * itemSize) {
            throw new IllegalArgumentException(name + ": " + data.remaining() + " bytes for " + length() + " elements");
        }
        this.data = data.slice().order(data.order());
    }

    /** An array over a copy of {@code values} (tests, and arrays built in memory). */
    public static NpyArray of(String name, long[] shape, double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.nativeOrder());
        b.asDoubleBuffer().put(values);
        return new NpyArray(name, DataType.DOUBLE, shape, b);
    }

    public String name() {
        return name;
    }

    public DataType type() {
        return type;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public long length() {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** Rows of a 2-D array (the first dimension). */
    public long rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** Columns of a 2-D array (the product of all but the first dimension; 1 for 1-D). */
    public long columns() {
        return shape.length < 2 ? 1 : length() / Math.max(1, shape[0]);
    }

    /** Element {@code index} in C order, as a double. */
    public double getDouble(long index) {
        int at = Math.toIntExact(index * itemSize);
        return switch (type) {
            case FLOAT -> data.getFloat(at);
            case DOUBLE -> data.getDouble(at);
            case INT -> data.getInt(at);
            default -> data.getLong(at);
        };
    }

    /** Every element as a double, in C order. */
    public double[] toDoubles() {
        double[] out = new double[Math.toIntExact(length())];
        if (type == DataType.DOUBLE) {
            data.asDoubleBuffer().get(0, out);   // bulk copy (the 100 x 12,288 centres of a reference file)
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    /**
     * Copies {@code dims} of row {@code row} (2-D arrays) into {@code out[offset, offset + dims.length)} and returns
     * whether every value of the whole row is finite (callers refuse NaN and infinities also in columns they do
     * not use).
     */
    public boolean gatherRow(long row, int[] dims, double[] out, int offset) {
        int columns = Math.toIntExact(columns());
        int base = Math.toIntExact(row * columns);
        boolean finite = true;
        switch (type) {
            case FLOAT -> {
                float[] values = FLOAT_ROW.get();
                if (values.length < columns) {
                    values = new float[columns];
                    FLOAT_ROW.set(values);
                }
                data.asFloatBuffer().get(base, values, 0, columns);   // one bulk copy, then plain array reads
                for (int j = 0; j < dims.length; j++) {
                    out[offset + j] = values[dims[j]];
                }
                for (int c = 0; c < columns; c++) {
                    finite &= Float.isFinite(values[c]);
                }
            }
            case DOUBLE -> {
                double[] values = DOUBLE_ROW.get();
                if (values.length < columns) {
                    values = new double[columns];
                    DOUBLE_ROW.set(values);
                }
                data.asDoubleBuffer().get(base, values, 0, columns);
                for (int j = 0; j < dims.length; j++) {
                    out[offset + j] = values[dims[j]];
                }
                for (int c = 0; c < columns; c++) {
                    finite &= Double.isFinite(values[c]);
                }
            }
            default -> {
                for (int j = 0; j < dims.length; j++) {
                    out[offset + j] = getDouble((long) base + dims[j]);
                }
            }
        }
        return finite;
    }

    private static final ThreadLocal<float[]> FLOAT_ROW = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<double[]> DOUBLE_ROW = ThreadLocal.withInitial(() -> new double[0]);
}
