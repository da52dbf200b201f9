package io.github.modewatch.io;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
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
 * <p>For a file, the data are not read when the array is opened, and nothing here starts ND4J (its start-up is
 * about 0.4 s, see the README's benchmark table). Float32/float64 rows ({@link #gatherRow}, {@link #readRow})
 * are read with positional reads into a small per-thread buffer: page faults cost the most when a mapping is
 * read once (the benchmark machine is a KVM guest), and the process does not keep the file's pages resident. One
 * pass over 5,000 x 12,288 rows on 2 threads ({@code bench/NdbKernelBench.java rows} against {@code mapped}):
 * 106-119 ms against 168-175 ms for float32, 137-154 ms against 223-240 ms for float64. {@link #toDoubles} reads
 * the same way, 1 MiB at a time; {@link #toINDArray()} reads straight into the ND4J array's buffer, so a 1 GB
 * file costs 1 GB, not 2. Single elements ({@link #getDouble}) memory-map the data on first use, after which
 * everything is read from the mapping. Large stored entries of an .npz are read where they lie in the archive, as
 * a .npy file is.
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
    private volatile FileChannel channel; // for row reads of a file not mapped; closed when this array is collected

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
                    try { // through the channel row reads use (a mapping outlives its channel anyway)
                        d = channel()
                                .map(FileChannel.MapMode.READ_ONLY, fileOffset, length() * itemSize)
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
        if (!fromFile()) {
            ByteBuffer source = data().duplicate();
            source.position(0).limit(Math.toIntExact(bytes));
            target.put(source);
        } else {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                readFully(channel, target, fileOffset);
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
        if (fromFile() && (type == DataType.DOUBLE || type == DataType.FLOAT)) {
            int chunk = (1 << 20) / itemSize; // positional reads of 1 MiB (see the class comment)
            for (int at = 0; at < out.length; at += chunk) {
                int len = Math.min(chunk, out.length - at);
                IoBuffer io = readFromFile(at, len);
                if (type == DataType.DOUBLE) {
                    io.doubles.get(0, out, at, len);
                } else {
                    for (int j = 0; j < len; j++) {
                        out[at + j] = io.floats.get(j);
                    }
                }
            }
            return out;
        }
        if (type == DataType.DOUBLE) {
            data().asDoubleBuffer().get(0, out); // bulk copy
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    /**
     * Every element of a float32 array as a float, in C order (read from the file 1 MiB at a time, or from memory);
     * values are not checked.
     *
     * @throws IllegalStateException when the array is not float32
     */
    public float[] toFloats() {
        if (type != DataType.FLOAT) {
            throw new IllegalStateException(name + " holds " + type + ", not float32");
        }
        float[] out = new float[Math.toIntExact(length())];
        if (!fromFile()) {
            data().asFloatBuffer().get(0, out);
            return out;
        }
        int chunk = (1 << 20) / itemSize; // positional reads of 1 MiB, as toDoubles
        for (int at = 0; at < out.length; at += chunk) {
            int len = Math.min(chunk, out.length - at);
            readFromFile(at, len).floats.get(0, out, at, len);
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
        floatBits(base, columns, bits);
        for (int j = 0; j < dims.length; j++) {
            out[offset + j] = Float.intBitsToFloat(bits[dims[j]]);
        }
        return finiteFloatBits(bits, columns);
    }

    /** {@link #gatherFloatRow} for float64. */
    private boolean gatherDoubleRow(int base, int columns, int[] dims, double[] out, int offset) {
        long[] bits = longRow(columns);
        doubleBits(base, columns, bits);
        for (int j = 0; j < dims.length; j++) {
            out[offset + j] = Double.longBitsToDouble(bits[dims[j]]);
        }
        return finiteDoubleBits(bits, columns);
    }

    /** Bits of float32 elements {@code [base, base + len)} into {@code bits[0, len)}. */
    private void floatBits(int base, int len, int[] bits) {
        if (fromFile()) {
            readFromFile(base, len).ints.get(0, bits, 0, len);
        } else {
            ints().get(base, bits, 0, len);
        }
    }

    /** Bits of float64 elements {@code [base, base + len)} into {@code bits[0, len)}. */
    private void doubleBits(int base, int len, long[] bits) {
        if (fromFile()) {
            readFromFile(base, len).longs.get(0, bits, 0, len);
        } else {
            longs().get(base, bits, 0, len);
        }
    }

    /** Whether element ranges are read from the file (a file whose data are not mapped). */
    private boolean fromFile() {
        return file != null && data == null;
    }

    /** Elements {@code [base, base + len)} read from the file into this thread's buffer, from its start. */
    private IoBuffer readFromFile(long base, int len) {
        int bytes = Math.multiplyExact(len, itemSize);
        IoBuffer io = IO_BUFFER.get();
        if (io == null || io.bytes.capacity() < bytes || io.bytes.order() != order) {
            io = new IoBuffer(Math.max(bytes, io == null ? 1 << 16 : io.bytes.capacity()), order);
            IO_BUFFER.set(io);
        }
        io.bytes.clear().limit(bytes);
        try {
            readFully(channel(), io.bytes, fileOffset + base * itemSize);
        } catch (IOException e) {
            throw new InvalidInputException(name + ": cannot read: " + e.getMessage(), e);
        }
        return io;
    }

    /** Fills {@code target} from its position to its limit with the file's bytes from byte {@code at} on. */
    private void readFully(FileChannel channel, ByteBuffer target, long at) throws IOException {
        long start = at - target.position();
        while (target.hasRemaining()) {
            if (channel.read(target, start + target.position()) < 0) {
                throw new InvalidInputException(name + ": truncated: the file shrank while being read");
            }
        }
    }

    /** A thread's read buffer with its typed views, made once (a view per read slows the JIT's compile). */
    private static final class IoBuffer {
        final ByteBuffer bytes;
        final IntBuffer ints;
        final LongBuffer longs;
        final FloatBuffer floats;
        final DoubleBuffer doubles;

        IoBuffer(int capacity, ByteOrder order) {
            this.bytes = ByteBuffer.allocateDirect(capacity).order(order);
            this.ints = bytes.asIntBuffer();
            this.longs = bytes.asLongBuffer();
            this.floats = bytes.asFloatBuffer();
            this.doubles = bytes.asDoubleBuffer();
        }
    }

    /** The file, opened for positional reads (safe from many threads) on first use. */
    private FileChannel channel() {
        FileChannel ch = channel;
        if (ch == null) {
            synchronized (this) {
                ch = channel;
                if (ch == null) {
                    try {
                        ch = FileChannel.open(file, StandardOpenOption.READ);
                    } catch (IOException e) {
                        throw new InvalidInputException(name + ": cannot read: " + e.getMessage(), e);
                    }
                    Closer.CLEANER.register(this, new Closer(ch));
                    channel = ch;
                }
            }
        }
        return ch;
    }

    /** Closes a channel once its array is unreachable (a static class: the action must not hold the array). */
    private static final class Closer implements Runnable {
        static final Cleaner CLEANER = Cleaner.create(); // its thread starts with the first file read

        private final FileChannel channel;

        Closer(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void run() {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do: the descriptor is released with the process at the latest
            }
        }
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
                floatBits(base, len, bits);
                for (int j = 0; j < len; j++) {
                    dst[j] = Float.intBitsToFloat(bits[j]);
                }
            }
            case DOUBLE -> {
                long[] bits = longRow(len);
                doubleBits(base, len, bits);
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
    private static final ThreadLocal<IoBuffer> IO_BUFFER = new ThreadLocal<>();
}
