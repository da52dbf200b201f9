package io.github.modewatch.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads the IDX files of MNIST and its relatives (Fashion-MNIST, KMNIST, EMNIST), plain or gzipped.
 *
 * <p>Format (Y. LeCun, C. Cortes, C. Burges, "The MNIST database", file-format section): a big-endian header
 * of two zero bytes, a type byte ({@code 0x08} = unsigned byte) and the number of dimensions, then one
 * big-endian 32-bit size per dimension, then the values in row-major order. Images are 3-D
 * ({@code magic 0x00000803}: count x rows x columns), labels 1-D ({@code 0x00000801}). Gzip is recognised by
 * its own magic bytes ({@code 1f 8b}), whatever the file is called.
 *
 * <p>Images become an n x (rows*columns) float32 matrix, one image per row, pixel (r, c) in column
 * {@code r * columns + c}, scaled to [0, 1] as {@code value / 255}.
 */
public final class Idx {
    /** Magic number of a 3-D unsigned-byte IDX file (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of a 1-D unsigned-byte IDX file (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final String FIX =
            "; expected an IDX file as MNIST/Fashion-MNIST ship them (e.g. train-images-idx3-ubyte[.gz])";

    private Idx() {}

    /** True when the file name looks like an IDX file: contains {@code -idx} or ends in {@code .idx}/{@code .ubyte}, optionally {@code .gz}. */
    public static boolean isIdxName(Path file) {
        Path fileName = file.getFileName();
        String name = (fileName == null ? file.toString() : fileName.toString()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        return name.contains("-idx") || name.endsWith(".idx") || name.endsWith("ubyte");
    }

    /**
     * Reads an IDX image file (magic {@code 0x00000803}) as an n x (rows*columns) float32 matrix of
     * {@code pixel / 255}, values in [0, 1].
     *
     * @throws InvalidInputException for a missing, empty, truncated or non-image IDX file (message names the
     *     file, what was found and what is expected)
     */
    public static INDArray readImages(Path file) {
        return openImages(file).toINDArray();
    }

    /**
     * {@link #readImages} shaped as images: {@code [n, 1, rows, columns]} (NCHW, one grey channel), for image models
     * such as an ONNX feature extractor.
     */
    public static INDArray readImagesNchw(Path file) {
        Images images = parseImages(file);
        INDArray flat = images.pixels().toINDArray();
        return flat.reshape('c', flat.rows(), 1, images.rows(), images.columns());
    }

    /** Pixels (n x rows*columns) with the image size from the header. */
    private record Images(NpyArray pixels, int rows, int columns) {}

    /** The one parser of IDX images: pixels / 255 as an in-memory float32 {@link NpyArray} (rows x pixels). */
    static NpyArray openImages(Path file) {
        return parseImages(file).pixels();
    }

    private static Images parseImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readMagic(in, file);
            if (magic == LABELS_MAGIC) {
                throw new InvalidInputException(file + ": an IDX label file (magic 0x00000801), not images; "
                        + "pass the images file (e.g. train-images-idx3-ubyte.gz)");
            }
            requireMagic(magic, IMAGES_MAGIC, "images", file);
            int n = readSize(in, file, "image count");
            int rows = readSize(in, file, "rows");
            int cols = readSize(in, file, "columns");
            long pixels = (long) rows * cols;
            if (n == 0 || pixels == 0) {
                throw new InvalidInputException(file + ": IDX header says " + n + " images of " + rows + "x" + cols
                        + "; expected at least one image with at least one pixel");
            }
            if ((long) n * pixels > Integer.MAX_VALUE - 8L) {
                throw new InvalidInputException(
                        file + ": " + n + " images of " + rows + "x" + cols + " exceed 2^31 values; split the file");
            }
            byte[] data = readBody(in, file, (long) n * pixels, n + " images of " + rows + "x" + cols);
            java.nio.ByteBuffer values =
                    java.nio.ByteBuffer.allocate(4 * data.length).order(java.nio.ByteOrder.nativeOrder());
            for (byte b : data) {
                values.putFloat((b & 0xff) / 255f);
            }
            values.flip();
            return new Images(
                    new NpyArray(file.toString(), DataType.FLOAT, new long[] {n, pixels}, values), rows, cols);
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    /**
     * Reads an IDX label file (magic {@code 0x00000801}) as its unsigned byte values (0..255).
     *
     * @throws InvalidInputException for a missing, empty, truncated or non-label IDX file
     */
    public static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readMagic(in, file);
            if (magic == IMAGES_MAGIC) {
                throw new InvalidInputException(file + ": an IDX image file (magic 0x00000803), not labels; "
                        + "pass the labels file (e.g. train-labels-idx1-ubyte.gz)");
            }
            requireMagic(magic, LABELS_MAGIC, "labels", file);
            int n = readSize(in, file, "label count");
            if (n == 0) {
                throw new InvalidInputException(file + ": IDX header says 0 labels; expected at least one");
            }
            byte[] data = readBody(in, file, n, n + " labels");
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = data[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in =
                (b0 == 0x1f && b1 == 0x8b) ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
        return new DataInputStream(in);
    }

    private static int readMagic(DataInputStream in, Path file) throws IOException {
        byte[] header = new byte[4];
        int got = in.readNBytes(header, 0, 4);
        if (got == 0) {
            throw new InvalidInputException(file + ": empty file" + FIX);
        }
        if (got < 4) {
            throw new InvalidInputException(file + ": truncated IDX header (" + got + " of 4 magic bytes)" + FIX);
        }
        return ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
    }

    private static void requireMagic(int magic, int expected, String what, Path file) {
        if (magic != expected) {
            throw new InvalidInputException(String.format(
                    Locale.ROOT,
                    "%s: IDX magic 0x%08x is not %s (0x%08x: unsigned bytes, %d dimensions)%s",
                    file,
                    magic,
                    what,
                    expected,
                    expected & 0xff,
                    FIX));
        }
    }

    private static int readSize(DataInputStream in, Path file, String what) throws IOException {
        int size;
        try {
            size = in.readInt();
        } catch (EOFException e) {
            throw new InvalidInputException(file + ": truncated IDX header (no " + what + ")" + FIX);
        }
        if (size < 0) {
            throw new InvalidInputException(
                    file + ": IDX " + what + " " + Integer.toUnsignedString(size) + " is beyond 2^31" + FIX);
        }
        return size;
    }

    private static byte[] readBody(DataInputStream in, Path file, long count, String what) throws IOException {
        byte[] data = new byte[(int) count];
        int got = in.readNBytes(data, 0, data.length);
        if (got < data.length) {
            throw new InvalidInputException(file + ": truncated: header says " + what + " (" + count
                    + " bytes), the file holds " + got + "; re-download or re-extract it");
        }
        if (in.read() >= 0) {
            throw new InvalidInputException(file + ": bytes after the " + what + " its header declares"
                    + "; expected exactly " + count + " data bytes" + FIX);
        }
        return data;
    }

    private static InvalidInputException ioFailure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new InvalidInputException(file + ": file not found");
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return new InvalidInputException(
                    file + ": corrupt or truncated gzip data (" + e.getMessage() + "); re-download the file", e);
        }
        return new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
    }
}
