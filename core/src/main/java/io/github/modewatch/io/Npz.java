package io.github.modewatch.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads and writes numpy's {@code .npz} archives: a zip of {@code name.npy} entries, stored ({@code np.savez})
 * or deflated ({@code np.savez_compressed}).
 */
public final class Npz {
    private Npz() {}

    /**
     * Reads every array of an .npz into memory, keyed by name without ".npy", in archive order, without ND4J:
     * the one reader of the format ({@link #read(Path)} converts its result).
     */
    public static Map<String, NpyArray> open(Path file) {
        InputFiles.requireNonEmptyFile(file, "a .npz archive written by numpy.savez");
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile());
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Map<String, Long> stored = null; // data offsets of stored entries, read when a large one comes
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(".npy")) {
                    continue;
                }
                String key = name.substring(0, name.length() - 4);
                if (entry.getMethod() == ZipEntry.STORED && entry.getSize() >= MAP_BYTES) {
                    if (stored == null) {
                        stored = storedDataOffsets(channel);
                    }
                    Long at = stored.get(name);
                    if (at != null && at + entry.getSize() <= channel.size()) {
                        arrays.put(key, Npy.open(file, channel, at, entry.getSize(), file + ":" + name));
                        continue;
                    }
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(key, Npy.open(in, file + ":" + name));
                }
            }
        } catch (ZipException e) {
            throw new InvalidInputException(
                    file + ": not a valid .npz (zip) archive: " + e.getMessage()
                            + "; expected a file written by numpy.savez",
                    e);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": file not found");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        return arrays;
    }

    /**
     * Stored (uncompressed) entries of at least this many bytes are read where they lie in the file, when used
     * ({@link NpyArray}), rather than copied onto the heap now (a 32 MiB covariance copied twice cost ~0.2 s on the
     * 2-core benchmark machine).
     */
    private static final long MAP_BYTES = 1 << 16;

    /**
     * Where the data of every stored (uncompressed) entry start in the file, by entry name, from the zip central
     * directory and each entry's local header (zip64 fields included, as numpy.savez writes them). Empty when the
     * directory is not laid out as expected: those entries are then streamed through {@link ZipFile}, which has
     * already checked the archive.
     */
    private static Map<String, Long> storedDataOffsets(FileChannel channel) throws IOException {
        long size = channel.size();
        int tail = (int) Math.min(size, 22 + 65535);
        ByteBuffer end = readAt(channel, size - tail, tail);
        int eocd = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (end.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            return Map.of();
        }
        long count = end.getShort(eocd + 10) & 0xffff;
        long directorySize = end.getInt(eocd + 12) & 0xffffffffL;
        long directoryOffset = end.getInt(eocd + 16) & 0xffffffffL;
        if (count == 0xffff || directorySize == 0xffffffffL || directoryOffset == 0xffffffffL) {
            int locator = eocd - 20;
            if (locator < 0 || end.getInt(locator) != 0x07064b50) {
                return Map.of();
            }
            long record = end.getLong(locator + 8);
            if (record < 0 || record + 56 > size) {
                return Map.of();
            }
            ByteBuffer zip64 = readAt(channel, record, 56);
            if (zip64.getInt(0) != 0x06064b50) {
                return Map.of();
            }
            count = zip64.getLong(32);
            directorySize = zip64.getLong(40);
            directoryOffset = zip64.getLong(48);
        }
        if (directorySize < 0
                || directorySize > (1 << 24)
                || directoryOffset < 0
                || directoryOffset + directorySize > size) {
            return Map.of();
        }
        ByteBuffer dir = readAt(channel, directoryOffset, (int) directorySize);
        Map<String, Long> offsets = new java.util.HashMap<>();
        int p = 0;
        for (long e = 0; e < count; e++) {
            if (p + 46 > dir.limit() || dir.getInt(p) != 0x02014b50) {
                return Map.of();
            }
            int method = dir.getShort(p + 10) & 0xffff;
            long compressed = dir.getInt(p + 20) & 0xffffffffL;
            long plain = dir.getInt(p + 24) & 0xffffffffL;
            int nameLength = dir.getShort(p + 28) & 0xffff;
            int extraLength = dir.getShort(p + 30) & 0xffff;
            int commentLength = dir.getShort(p + 32) & 0xffff;
            long local = dir.getInt(p + 42) & 0xffffffffL;
            if (p + 46 + nameLength + extraLength > dir.limit()) {
                return Map.of();
            }
            byte[] nameBytes = new byte[nameLength];
            dir.get(p + 46, nameBytes);
            for (int x = p + 46 + nameLength, xEnd = x + extraLength; x + 4 <= xEnd; ) {
                int id = dir.getShort(x) & 0xffff;
                int length = dir.getShort(x + 2) & 0xffff;
                if (id == 0x0001) { // zip64: the 8-byte values of the fields set to 0xffffffff, in this order
                    int q = x + 4;
                    if (plain == 0xffffffffL && q + 8 <= xEnd) {
                        plain = dir.getLong(q);
                        q += 8;
                    }
                    if (compressed == 0xffffffffL && q + 8 <= xEnd) {
                        compressed = dir.getLong(q);
                        q += 8;
                    }
                    if (local == 0xffffffffL && q + 8 <= xEnd) {
                        local = dir.getLong(q);
                    }
                    break;
                }
                x += 4 + length;
            }
            p += 46 + nameLength + extraLength + commentLength;
            if (method != ZipEntry.STORED || compressed != plain || local < 0 || local + 30 > size) {
                continue;
            }
            ByteBuffer header = readAt(channel, local, 30);
            if (header.getInt(0) != 0x04034b50) {
                return Map.of();
            }
            long data = local + 30 + (header.getShort(26) & 0xffff) + (header.getShort(28) & 0xffff);
            offsets.put(new String(nameBytes, StandardCharsets.UTF_8), data);
        }
        return offsets;
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new ZipException("truncated archive");
            }
        }
        return buffer;
    }

    /** Every array of an .npz as ND4J arrays: {@link #open(Path)}, each converted by {@link NpyArray#toINDArray()}. */
    public static Map<String, INDArray> read(Path file) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        open(file).forEach((name, array) -> arrays.put(name, array.toINDArray()));
        return arrays;
    }

    /**
     * Returns {@code arrays.get(key)} or fails with a message naming the file, the missing key and what was
     * expected.
     */
    public static <T> T require(Map<String, T> arrays, String key, Path file, String expected) {
        T a = arrays.get(key);
        if (a == null) {
            throw new InvalidInputException(file + ": missing array '" + key + "' (found "
                    + String.join(", ", arrays.keySet()) + "); " + expected);
        }
        return a;
    }

    /**
     * Writes arrays as an uncompressed .npz that {@code numpy.load} reads. The file is written to a temporary
     * file beside it and moved into place, so a failure never leaves a half-written archive.
     */
    public static void write(Path file, Map<String, INDArray> arrays) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try (OutputStream fileOut = Files.newOutputStream(tmp);
                    ZipOutputStream zip = new ZipOutputStream(fileOut)) {
                for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    Npy.write(bytes, e.getValue());
                    byte[] data = bytes.toByteArray();
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(data.length);
                    entry.setCompressedSize(data.length);
                    entry.setCrc(crc.getValue());
                    zip.putNextEntry(entry);
                    zip.write(data);
                    zip.closeEntry();
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot write: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is hidden and named after the target
                }
            }
        }
    }
}
