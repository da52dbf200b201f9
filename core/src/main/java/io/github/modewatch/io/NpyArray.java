package io.github.modewatch.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What {@link Npy} and {@link Npz} parse into: a .npy array as stored (element type, C-order shape, the raw
 * bytes in the file's byte order), read without starting ND4J. Read-only.
 *
 * <p>For a file, the data are not read when the array is opened: element access ({@link #getDouble},
 * {@link #gatherRow}, {@link #toDoubles}) memory-maps them on first use, so {@code ndb --reference} over a
 * large .npy touches only what it reads and never starts ND4J (its start-up is about 0.4 s, see the README's
 * benchmark table); {@link #toINDArray()} reads them straight into the ND4J array's buffer instead, so a 1 GB
 * file costs 1 GB, not 2 (a mapping would add the file's pages to the process's resident memory).
 */
public final class NpyArray {
    private final String name;
    private final DataType type;
    private final long[] shape;
    private final int itemSize;
    private final ByteOrder order;
    private final Path file; // null for arrays held in memory
    private final long fileOffset; // where the data start in file
    private volatile ByteBuffer data; // in memory, or the file's data once mapped
    private volatile IntBuffer intView; // float32 bits, made once (absolute bulk reads are thread-safe)
    private volatile LongBuffer longView; // float64 bits

    /**
     * @param name  the file (or archive entry) name, for error messages
     * @param type  FLOAT, DOUBLE, INT or LONG
     * @param shape C-order shape
     * @param data  the elements in C order, with the byte order already set on the buffer
     */
    NpyArray(String name, DataType type, long[] shape, ByteBuffer data) {
        this(name, type, shape, data.order(), null, 0, data);
    }

    /** An array whose data start at {@code offset} in {@code file} (already checked to be long enough). */
    NpyArray(String name, DataType type, long[] shape, ByteOrder order, Path file, long offset) {
        this(name, type, shape, order, file, offset, null);
    }

    private NpyArray(
            String name, DataType type, long[] shape, ByteOrder order, Path file, long offset, ByteBuffer data) {
        this.name = name;
        this.type = type;
        this.shape = shape.clone();
        this.order = order;
        this.file = file;
        this.fileOffset = offset;
        this.itemSize = switch (type) {
            case FLOAT, INT -> 4;
            case DOUBLE, LONG -> 8;
            default -> throw new IllegalArgumentException("unsupported element type " + type);
        };
        if (data != null && (long) data.remaining() < length() * itemSize) {
            throw new IllegalArgumentException(name + ": " + data.remaining() + " bytes for " + length() + " elements");
        }
        this.data = data == null ? null : data.slice().order(order);
    }

    /** The data, mapping the file on first use. */
    private ByteBuffer data() {
        ByteBuffer d = data;
        if (d == null) {
            synchronized (this) {
                d = data;
                if (d == null) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                        d = channel.map(FileChannel.MapMode.READ_ONLY, fileOffset, length() * itemSize)
                                .order(order);
                    } catch (IOException e) {
                        throw new InvalidInputException(name + ": cannot read: " + e.getMessage(), e);
                    }
                    data = d;
                }
            }
        }
        return d;
    }

    /**
     * The array as a new C-ordered ND4J array of the same element type (float32, float64, int32, int64) and
     * shape; a file's data are read straight into the array's buffer.
     */
    public INDArray toINDArray() {
        long bytes = length() * itemSize;
        if (bytes == 0) {
            return Nd4j.create(type, shape, 'c');
        }
        INDArray array = shape.length == 0 ? Nd4j.scalar(type, 0) : Nd4j.createUninitialized(type, shape, 'c');
        ByteBuffer target = array.data().asNio();
        target.position(0).limit(Math.toIntExact(bytes));
        ByteBuffer mapped = data;
        if (mapped != null || file == null) {
            ByteBuffer source = data().duplicate();
            source.position(0).limit(Math.toIntExact(bytes));
            target.put(source);
        } else {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long at = fileOffset;
                while (target.hasRemaining()) {
                    int n = channel.read(target, at);
                    if (n < 0) {
                        throw new InvalidInputException(name + ": truncated: the file shrank while being read");
                    }
                    at += n;
                }
            } catch (IOException e) {
                throw new InvalidInputException(name + ": cannot read: " + e.getMessage(), e);
            }
        }
        if (order != ByteOrder.nativeOrder()) {
            swapBytes(array.data().asNio(), Math.toIntExact(bytes), itemSize);
        }
        return array;
    }

    private static void swapBytes(ByteBuffer buffer, int bytes, int itemSize) {
        for (int i = 0; i < bytes; i += itemSize) {
            for (int a = i, b = i + itemSize - 1; a < b; a++, b--) {
                byte t = buffer.get(a);
                buffer.put(a, buffer.get(b));
                buffer.put(b, t);
            }
        }
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
        ByteBuffer data = data();
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
            data().asDoubleBuffer().get(0, out); // bulk copy (the 100 x 12,288 centres of a reference file)
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
            case FLOAT -> finite = gatherFloatRow(base, columns, dims, out, offset);
            case DOUBLE -> finite = gatherDoubleRow(base, columns, dims, out, offset);
            default -> {
                for (int j = 0; j < dims.length; j++) {
                    out[offset + j] = getDouble((long) base + dims[j]);
                }
            }
        }
        return finite;
    }

    /**
     * {@link #gatherRow} for float32: the row's raw bits in one bulk copy from a view made once (a view per row made
     * the JIT's compile of this path cost ~0.1 s of a 1 s run), then integer arithmetic for the finite check.
     */
    private boolean gatherFloatRow(int base, int columns, int[] dims, double[] out, int offset) {
        int[] bits = intRow(columns);
        ints().get(base, bits, 0, columns);
        for (int j = 0; j < dims.length; j++) {
            out[offset + j] = Float.intBitsToFloat(bits[dims[j]]);
        }
        return finiteFloatBits(bits, columns);
    }

    /** {@link #gatherFloatRow} for float64. */
    private boolean gatherDoubleRow(int base, int columns, int[] dims, double[] out, int offset) {
        long[] bits = longRow(columns);
        longs().get(base, bits, 0, columns);
        for (int j = 0; j < dims.length; j++) {
            out[offset + j] = Double.longBitsToDouble(bits[dims[j]]);
        }
        return finiteDoubleBits(bits, columns);
    }

    private IntBuffer ints() {
        IntBuffer v = intView;
        if (v == null) {
            v = data().asIntBuffer();
            intView = v;
        }
        return v;
    }

    private LongBuffer longs() {
        LongBuffer v = longView;
        if (v == null) {
            v = data().asLongBuffer();
            longView = v;
        }
        return v;
    }

    /**
     * Copies elements {@code [from, from + len)} of row {@code row} (2-D arrays) into {@code dst[0, len)} as doubles
     * (float32 and integers widened exactly as a cast to double does); reads only those elements.
     */
    public void readRow(long row, int from, int len, double[] dst) {
        long columns = columns();
        if (from < 0 || len < 0 || from + len > columns || row < 0 || row >= rows()) {
            throw new IndexOutOfBoundsException("row " + row + ", columns [" + from + ", " + (from + len) + ") of a "
                    + rows() + " x " + columns + " array");
        }
        int base = Math.toIntExact(row * columns + from);
        switch (type) {
            case FLOAT -> {
                int[] bits = intRow(len);
                ints().get(base, bits, 0, len);
                for (int j = 0; j < len; j++) {
                    dst[j] = Float.intBitsToFloat(bits[j]);
                }
            }
            case DOUBLE -> {
                long[] bits = longRow(len);
                longs().get(base, bits, 0, len);
                for (int j = 0; j < len; j++) {
                    dst[j] = Double.longBitsToDouble(bits[j]);
                }
            }
            default -> {
                for (int j = 0; j < len; j++) {
                    dst[j] = getDouble((long) base + j);
                }
            }
        }
    }

    /**
     * Whether no float32 bit pattern among {@code bits[0, n)} is NaN or infinite (exponent bits all set): with the
     * sign cleared, adding the lowest exponent bit carries into the sign bit exactly for those patterns.
     */
    static boolean finiteFloatBits(int[] bits, int n) {
        int acc = 0;
        for (int i = 0; i < n; i++) {
            acc |= (bits[i] & 0x7fffffff) + 0x00800000;
        }
        return acc >= 0;
    }

    /** {@link #finiteFloatBits} for float64 bit patterns. */
    static boolean finiteDoubleBits(long[] bits, int n) {
        long acc = 0;
        for (int i = 0; i < n; i++) {
            acc |= (bits[i] & 0x7fffffffffffffffL) + 0x0010000000000000L;
        }
        return acc >= 0;
    }

    private static int[] intRow(int length) {
        int[] a = INT_ROW.get();
        if (a == null || a.length < length) {
            a = new int[length];
            INT_ROW.set(a);
        }
        return a;
    }

    private static long[] longRow(int length) {
        long[] a = LONG_ROW.get();
        if (a == null || a.length < length) {
            a = new long[length];
            LONG_ROW.set(a);
        }
        return a;
    }

    // per-thread row buffers (no initial-value lambdas: each lambda's first use spins a class at run time)
    private static final ThreadLocal<int[]> INT_ROW = new ThreadLocal<>();
    private static final ThreadLocal<long[]> LONG_ROW = new ThreadLocal<>();
}
