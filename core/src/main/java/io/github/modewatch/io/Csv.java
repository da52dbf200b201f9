package io.github.modewatch.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads comma-separated numbers, one sample per line, into an n x d float64 matrix. A first line with a
 * non-numeric field is a header and skipped; blank lines are ignored.
 */
public final class Csv {
    private Csv() {}

    /** Reads the file into memory as an n x d float64 {@link NpyArray}: the one parser of the format. */
    public static NpyArray open(Path file) {
        InputFiles.requireNonEmptyFile(file, "one sample per line, numbers separated by commas");
        double[] values = new double[1024];
        int count = 0;
        int width = -1;
        int rows = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (lineNumber == 1 && isHeader(fields)) {
                    continue;
                }
                if (width < 0) {
                    width = fields.length;
                } else if (fields.length != width) {
                    throw new InvalidInputException(file + ": line " + lineNumber + " has " + fields.length
                            + " values, expected " + width + " like the first data line");
                }
                if (count + width > values.length) {
                    values = java.util.Arrays.copyOf(values, Math.max(values.length * 2, count + width));
                }
                for (int j = 0; j < width; j++) {
                    String field = fields[j].trim();
                    try {
                        values[count++] = Double.parseDouble(field);
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException(file + ": line " + lineNumber + ", column " + (j + 1) + ": '"
                                + field + "' is not a number");
                    }
                }
                rows++;
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": file not found");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (rows == 0) {
            throw new InvalidInputException(
                    file + ": no data rows; expected one sample per line, numbers separated by commas");
        }
        return NpyArray.of(file.toString(), new long[] {rows, width}, java.util.Arrays.copyOf(values, count));
    }

    /** The same as an ND4J array: {@link #open(Path)}, converted. */
    public static INDArray read(Path file) {
        return open(file).toINDArray();
    }

    private static boolean isHeader(String[] fields) {
        for (String f : fields) {
            try {
                Double.parseDouble(f.trim());
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return false;
    }
}
