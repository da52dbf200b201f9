package io.github.modewatch.io;

import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/** Loads sample matrices (one sample per row) given on the command line, with messages that name the flag. */
public final class SampleFiles {
    private SampleFiles() {}

    /**
     * Opens {@code file} (.npy, .csv, .npz feature rows or IDX images) as an n x d sample matrix with n, d &gt;= 1, without starting
     * ND4J: a .npy is read where it lies when its rows are read, a .csv parsed into memory (float64), IDX image files
     * ({@code *-idx3-ubyte}, plain or {@code .gz}; see {@link Idx}) read as one row of rows*columns pixels per
     * image, float32, scaled to [0, 1] as value / 255. NaN and infinite values are found by whoever reads the rows
     * (e.g. {@code NdbReference.evaluate}).
     *
     * @param flag the command-line flag the file came from, e.g. {@code --generated}; prefixes every message
     */
    public static NpyArray open(Path file, String flag) {
        String name = file.getFileName() == null
                ? file.toString()
                : file.getFileName().toString().toLowerCase(Locale.ROOT);
        NpyArray samples;
        try {
            if (java.nio.file.Files.isDirectory(file)) {
                InputFiles.requireNonEmptyFile(file, ""); // the same message for every flag and format
            }
            if (name.endsWith(".npy")) {
                samples = Npy.open(file);
            } else if (name.endsWith(".csv")) {
                samples = Csv.open(file);
            } else if (name.endsWith(".npz")) {
                samples = featureRows(file);
            } else if (Idx.isIdxName(file)) {
                samples = Idx.openImages(file);
            } else {
                throw new InvalidInputException(file + ": unknown file type; expected .npy (numpy.save), .csv,"
                        + " .npz feature rows or IDX images (*-idx3-ubyte, optionally .gz)");
            }
        } catch (InvalidInputException e) {
            throw new InvalidInputException(flag + " " + e.getMessage(), e);
        }
        requireSampleShape(samples.shape(), flag + " " + file);
        return samples;
    }

    /**
     * The feature rows of an .npz: {@code features} (written by {@code modewatch extract --out F.npz} and
     * {@code FeatureReference.save}) or {@code feats} (clean-fid's KID feature files).
     */
    private static NpyArray featureRows(Path file) {
        java.util.Map<String, NpyArray> arrays = Npz.open(file);
        NpyArray rows = arrays.containsKey("features") ? arrays.get("features") : arrays.get("feats");
        if (rows == null) {
            throw new InvalidInputException(file + ": holds " + String.join(", ", arrays.keySet())
                    + "; expected feature rows 'features' (modewatch extract --out F.npz) or 'feats' (clean-fid)"
                    + (arrays.containsKey("mu") ? "; mu/sigma statistics are read by fsd --real-stats" : ""));
        }
        return rows;
    }

    /**
     * Reads {@code file} (.npy or .csv) as an n x d float32/float64 ND4J matrix with n, d &gt;= 1 and only finite
     * values: {@link #open} converted. Integer .npy data are converted to float64.
     *
     * @param flag the command-line flag the file came from, e.g. {@code --real}; prefixes every message
     */
    public static INDArray readSamples(Path file, String flag) {
        INDArray samples = open(file, flag).toINDArray();
        if (samples.dataType() != DataType.FLOAT && samples.dataType() != DataType.DOUBLE) {
            samples = samples.castTo(DataType.DOUBLE);
        }
        requireFinite(samples, flag + " " + file);
        return samples;
    }

    private static void requireSampleShape(long[] shape, String where) {
        if (shape.length != 2) {
            String hint = shape.length == 1 ? "; if each value is a sample, save x.reshape(-1, 1)" : "";
            throw new InvalidInputException(
                    where + ": expected a 2-D array (samples x features), got shape " + Npy.shapeString(shape) + hint);
        }
        if (shape[0] < 1 || shape[1] < 1) {
            throw new InvalidInputException(where + ": empty array of shape " + Npy.shapeString(shape)
                    + "; expected at least one sample with at least one feature");
        }
    }

    /** Fails unless {@code samples} has {@code expected} columns. */
    public static void requireWidth(NpyArray samples, long expected, Path file, String flag, String expectedFrom) {
        requireWidth(samples.columns(), expected, file, flag, expectedFrom);
    }

    private static void requireWidth(long columns, long expected, Path file, String flag, String expectedFrom) {
        if (columns != expected) {
            throw new InvalidInputException(flag + " " + file + ": width " + columns + " differs from " + expectedFrom
                    + " (" + expected + "); each row must have the same features");
        }
    }

    /** Fails unless {@code samples} has {@code expected} columns. */
    public static void requireWidth(INDArray samples, long expected, Path file, String flag, String expectedFrom) {
        requireWidth(samples.columns(), expected, file, flag, expectedFrom);
    }

    private static void requireFinite(INDArray samples, String where) {
        if (Double.isFinite(samples.sumNumber().doubleValue())) {
            return; // fast path: a NaN or infinity anywhere makes the sum non-finite
        }
        long bad = Nd4j.getExecutioner()
                .exec(new MatchCondition(samples, Conditions.notFinite()))
                .getLong(0);
        if (bad == 0) {
            return; // the sum overflowed, the values are finite
        }
        long firstRow = -1;
        for (long r = 0; r < samples.rows() && firstRow < 0; r++) {
            INDArray row = samples.getRow(r);
            if (Nd4j.getExecutioner()
                            .exec(new MatchCondition(row, Conditions.notFinite()))
                            .getLong(0)
                    > 0) {
                firstRow = r;
            }
        }
        throw new InvalidInputException(where + ": " + bad + " NaN or infinite values (first in row " + firstRow
                + "); expected finite numbers only");
    }
}
