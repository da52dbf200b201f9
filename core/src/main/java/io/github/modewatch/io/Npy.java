package io.github.modewatch.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads and writes numpy's {@code .npy} format (versions 1.0 to 3.0; see numpy's {@code numpy.lib.format}).
 *
 * <p>Supported element types: float32 ({@code <f4}), float64 ({@code <f8}), int32 ({@code <i4}) and int64
 * ({@code <i8}), little- or big-endian, C order; any rank including 0-d. Data are read straight into the
 * array's off-heap buffer, so a 1 GB file costs 1 GB, not 2.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final String NUMPY_SAVE = "a .npy file written by numpy.save";
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * Opens a .npy file: the header is parsed and checked (type, order, shape, size), the data are read only when
     * used (see {@link NpyArray}). The one parser of the format; {@link #read(Path)} converts its result.
     *
     * @throws InvalidInputException naming the file, what is wrong and what is expected
     */
    public static NpyArray open(Path file) {
        InputFiles.requireNonEmptyFile(file, NUMPY_SAVE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout layout = readLayout(channel, file.toString(), channel.size());
            Header h = layout.header();
            return new NpyArray(file.toString(), h.type, h.shape, h.order, file, layout.dataOffset());
        } catch (IOException e) {
            throw readFailure(file.toString(), e);
        }
    }

    /**
     * Opens the .npy document stored in {@code length} bytes at {@code start} of {@code file} (an uncompressed .npz
     * entry, {@code channel} open on it): the header is parsed and checked; the data are read where they lie, when
     * used (see {@link NpyArray}), not copied now.
     */
    static NpyArray open(Path file, FileChannel channel, long start, long length, String name) {
        try {
            channel.position(start);
            Layout layout = readLayout(channel, name, length);
            Header h = layout.header();
            return new NpyArray(name, h.type, h.shape, h.order, file, start + layout.dataOffset());
        } catch (IOException e) {
            throw readFailure(name, e);
        }
    }

    /** Reads one .npy document from a stream (e.g. an .npz entry) into memory; {@code name} appears in messages. */
    public static NpyArray open(InputStream in, String name) {
        try {
            ReadableByteChannel channel = Channels.newChannel(in);
            Layout layout = readLayout(channel, name, -1);
            ByteBuffer data = ByteBuffer.allocate((int) layout.dataBytes());
            int got = readFully(channel, data);
            if (got < layout.dataBytes()) {
                throw truncated(name, layout.dataBytes(), got, layout.header());
            }
            data.flip();
            return new NpyArray(name, layout.header().type, layout.header().shape, data.order(layout.header().order));
        } catch (IOException e) {
            throw readFailure(name, e);
        }
    }

    /** Reads a .npy file as an ND4J array: {@link #open(Path)} then {@link NpyArray#toINDArray()}. */
    public static INDArray read(Path file) {
        return open(file).toINDArray();
    }

    /** Reads one .npy document from a stream as an ND4J array: {@link #open(InputStream, String)}, converted. */
    public static INDArray read(InputStream in, String name) {
        return open(in, name).toINDArray();
    }

    /** An I/O failure of a reader as an input error that names {@code source}. */
    private static InvalidInputException readFailure(String source, IOException e) {
        return e instanceof NoSuchFileException
                ? new InvalidInputException(source + ": file not found")
                : new InvalidInputException(source + ": cannot read: " + e.getMessage(), e);
    }

    /** A parsed header and where the data starts. */
    private record Layout(Header header, long dataOffset, long dataBytes) {}

    private static Layout readLayout(ReadableByteChannel channel, String name, long fileSize) throws IOException {
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        if (readFully(channel, prefix) < 8 || !Arrays.equals(Arrays.copyOf(prefix.array(), 6), MAGIC)) {
            throw new InvalidInputException(
                    name + ": not a .npy file (bad magic); expected a file written by numpy.save");
        }
        int major = prefix.get(6) & 0xff;
        if (major < 1 || major > 3) {
            throw new InvalidInputException(
                    name + ": .npy format version " + major + " is not supported; expected 1, 2 or 3");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer lengthBuffer = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (readFully(channel, lengthBuffer) < lengthBytes) {
            throw new InvalidInputException(name + ": truncated .npy header");
        }
        long headerLength = lengthBytes == 2 ? lengthBuffer.getShort(0) & 0xffff : lengthBuffer.getInt(0) & 0xffffffffL;
        if (headerLength > 1 << 20) {
            throw new InvalidInputException(
                    name + ": .npy header of " + headerLength + " bytes; the file looks corrupt");
        }
        ByteBuffer headerBuffer = ByteBuffer.allocate((int) headerLength);
        if (readFully(channel, headerBuffer) < headerLength) {
            throw new InvalidInputException(name + ": truncated .npy header");
        }
        String header =
                new String(headerBuffer.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = parseHeader(header, name);
        long dataOffset = 8 + lengthBytes + headerLength;
        long expected = h.elements() * h.itemSize;
        if (fileSize >= 0 && fileSize - dataOffset < expected) {
            throw truncated(name, expected, fileSize - dataOffset, h);
        }
        if (expected > Integer.MAX_VALUE - 16) {
            throw new InvalidInputException(
                    name + ": " + expected + " bytes of data; arrays over 2 GiB are not supported, "
                            + "split the samples into smaller files or save as float32");
        }
        return new Layout(h, dataOffset, expected);
    }

    private static InvalidInputException truncated(String name, long expected, long found, Header h) {
        return new InvalidInputException(name + ": truncated: expected " + expected + " bytes of data for shape "
                + shapeString(h.shape) + " " + h.type.name().toLowerCase() + ", found " + Math.max(found, 0));
    }

    private static int readFully(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private record Header(DataType type, int itemSize, ByteOrder order, long[] shape) {
        long elements() {
            long n = 1;
            for (long s : shape) {
                n = Math.multiplyExact(n, s);
            }
            return n;
        }
    }

    private static Header parseHeader(String header, String name) {
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new InvalidInputException(name + ": malformed .npy header '" + header.trim()
                    + "'; expected keys descr, fortran_order and shape");
        }
        if (fortran.group(1).equals("True")) {
            throw new InvalidInputException(name + ": Fortran-order array not supported; save it in C order, "
                    + "e.g. np.save(path, np.ascontiguousarray(x))");
        }
        String d = descr.group(1);
        if (d.length() < 3) {
            throw unsupported(name, d);
        }
        char endian = d.charAt(0);
        String code = d.substring(1);
        ByteOrder order =
                switch (endian) {
                    case '<', '|' -> ByteOrder.LITTLE_ENDIAN;
                    case '>' -> ByteOrder.BIG_ENDIAN;
                    case '=' -> ByteOrder.nativeOrder();
                    default -> throw unsupported(name, d);
                };
        DataType type =
                switch (code) {
                    case "f4" -> DataType.FLOAT;
                    case "f8" -> DataType.DOUBLE;
                    case "i4" -> DataType.INT;
                    case "i8" -> DataType.LONG;
                    default -> throw unsupported(name, d);
                };
        String dims = shape.group(1).trim();
        long[] parsed;
        if (dims.isEmpty()) {
            parsed = new long[0];
        } else {
            String[] parts = dims.split(",");
            long[] values = new long[parts.length];
            int count = 0;
            for (String part : parts) { // a plain loop: no lambda classes to spin up in a short command-line run
                String s = part.trim();
                if (s.isEmpty()) {
                    continue;
                }
                try {
                    long v = Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
                    if (v < 0) {
                        throw new NumberFormatException();
                    }
                    values[count++] = v;
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(name + ": malformed shape (" + dims + ") in .npy header");
                }
            }
            parsed = Arrays.copyOf(values, count);
        }
        return new Header(type, code.endsWith("4") ? 4 : 8, order, parsed);
    }

    private static InvalidInputException unsupported(String name, String descr) {
        return new InvalidInputException(name + ": element type '" + descr + "' not supported; expected float32 or "
                + "float64 ('<f4', '<f8'), or int32/int64; convert with x.astype(np.float32)");
    }

    /** Writes a .npy file (format 1.0, C order, little-endian). */
    public static void write(Path file, INDArray array) {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, array);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Writes one .npy document (format 1.0, or 2.0 if the header needs it) to a stream; does not close it. */
    public static void write(OutputStream out, INDArray array) throws IOException {
        String descr =
                switch (array.dataType()) {
                    case FLOAT -> "<f4";
                    case DOUBLE -> "<f8";
                    case INT -> "<i4";
                    case LONG -> "<i8";
                    default ->
                        throw new IllegalArgumentException(
                                "cannot write " + array.dataType() + " arrays to .npy: use FLOAT, DOUBLE, INT or LONG");
                };
        long[] shape = array.shape();
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeString(shape) + ", }";
        int major = dict.length() + 11 > 65535 ? 2 : 1;
        int prefix = 8 + (major == 1 ? 2 : 4);
        int total = prefix + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer head = ByteBuffer.allocate(prefix + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            head.putShort((short) header.length());
        } else {
            head.putInt(header.length());
        }
        head.put(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(head.array());
        long elements = array.length();
        if (elements == 0) {
            out.flush();
            return;
        }
        INDArray data =
                array.isView() || array.ordering() != 'c' || array.data().length() != elements ? array.dup('c') : array;
        ByteBuffer bytes = data.data().asNio().duplicate();
        bytes.position(0).limit(Math.toIntExact(elements * data.dataType().width()));
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("writing .npy on a big-endian platform is not supported");
        }
        WritableByteChannel channel = Channels.newChannel(out);
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        out.flush();
    }

    /** numpy's shape notation: (), (3,), (2, 3). */
    static String shapeString(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }
}
