package io.github.modewatch.metrics.segmentation;

import io.github.modewatch.internal.arrays.Rows;
import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.io.Npz;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;

/**
 * The reference side of FSD: class-area statistics of real images under a segmenter, computed once (and
 * savable), plus the per-image fractions needed to estimate FSD's sampling noise.
 */
public final class FsdReference {
    /** Images segmented at a time. */
    public static final int BATCH = 256;

    private final SegmentationStats stats;
    private final double[][] fractions; // n x C percent; null when loaded without them

    private FsdReference(SegmentationStats stats, double[][] fractions) {
        this.stats = stats;
        this.fractions = fractions;
    }

    /**
     * Segments real images in batches and keeps their class-area statistics.
     *
     * @param images n x ... images in the layout the segmenter accepts, n &gt;= 4
     */
    public static FsdReference of(Segmenter segmenter, INDArray images) {
        if (segmenter == null) {
            throw new IllegalArgumentException(
                    "segmenter is null: pass the Segmenter that labels generated images too");
        }
        if (images == null || images.rank() < 2 || images.size(0) < 4) {
            throw new IllegalArgumentException("images must hold at least 4 images (thousands in practice), got "
                    + (images == null ? "null" : java.util.Arrays.toString(images.shape())));
        }
        int n = Math.toIntExact(images.size(0));
        int c = segmenter.classes().size();
        ClassAreaAccumulator acc = new ClassAreaAccumulator(segmenter.classes());
        double[][] fractions = new double[n][];
        for (int start = 0; start < n; start += BATCH) {
            int end = Math.min(n, start + BATCH);
            INDArray batch = images.get(batchIndex(images.rank(), start, end));
            int[][] labels = segmenter.segment(batch);
            for (int i = 0; i < labels.length; i++) {
                fractions[start + i] = ClassAreaAccumulator.areaFractions(labels[i], c);
                acc.add(fractions[start + i]);
            }
        }
        return new FsdReference(acc.stats(), fractions);
    }

    /** From statistics alone (no noise-floor estimate). */
    public static FsdReference of(SegmentationStats stats) {
        return new FsdReference(stats, null);
    }

    /** Rows [start, end) of the first axis, all of the others. */
    public static INDArrayIndex[] batchIndex(int rank, long start, long end) {
        return Rows.interval(rank, start, end);
    }

    public SegmentationStats stats() {
        return stats;
    }

    public List<String> classes() {
        return stats.classes();
    }

    /**
     * The FSD a perfect generator would still show with {@code m} samples: FSD of a random m-image subset of the
     * reference against the remaining images (seeded, so repeatable). NaN when per-image fractions are not
     * available or m is out of range.
     */
    public double noiseFloor(int m, long seed) {
        if (fractions == null || m < 2 || fractions.length - m < 2) {
            int half = fractions == null ? 0 : fractions.length / 2;
            if (half < 2) {
                return Double.NaN;
            }
            m = half;
        }
        int n = fractions.length;
        int[] order = Rows.randomSplit(n, m, seed);
        ClassAreaAccumulator a = new ClassAreaAccumulator(stats.classes());
        ClassAreaAccumulator b = new ClassAreaAccumulator(stats.classes());
        for (int i = 0; i < n; i++) {
            (i < m ? a : b).add(fractions[order[i]]);
        }
        return b.stats().compare(a.stats()).distance();
    }

    /** Saves mu, sigma, n and the per-image fractions as .npz (class names come from the segmenter on load). */
    public void save(Path file) {
        Map<String, INDArray> arrays = new LinkedHashMap<>(stats.toGaussian().toArrays());
        arrays.put("n", Nd4j.scalar(stats.count()));
        if (fractions != null) {
            arrays.put("fractions", Nd4j.createFromArray(fractions));
        }
        Npz.write(file, arrays);
    }

    /** Loads what {@link #save} wrote; {@code classes} are the segmenter's and must match the saved width. */
    public static FsdReference load(Path file, List<String> classes) {
        Map<String, INDArray> arrays = Npz.read(file);
        String expected = "expected mu, sigma and n written by FsdReference.save";
        INDArray mu = Npz.require(arrays, "mu", file, expected);
        INDArray sigma = Npz.require(arrays, "sigma", file, expected);
        if (mu.length() != classes.size() || sigma.rank() != 2 || sigma.rows() != classes.size()) {
            throw new InvalidInputException(
                    file + ": statistics over " + mu.length() + " classes but the segmenter has " + classes.size() + " "
                            + classes + "; use the segmenter the reference was computed with");
        }
        long n = arrays.containsKey("n") ? arrays.get("n").getLong(0) : 0;
        SegmentationStats stats = new SegmentationStats(
                classes,
                mu.castTo(DataType.DOUBLE).toDoubleVector(),
                sigma.castTo(DataType.DOUBLE).toDoubleMatrix(),
                n);
        double[][] fractions = arrays.containsKey("fractions")
                ? arrays.get("fractions").castTo(DataType.DOUBLE).toDoubleMatrix()
                : null;
        return new FsdReference(stats, fractions);
    }
}
