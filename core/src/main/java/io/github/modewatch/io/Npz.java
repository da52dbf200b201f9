package io.github.modewatch.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(".npy")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(name.substring(0, name.length() - 4), Npy.open(in, file + ":" + name));
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
