package io.github.modewatch.report;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Samples for the visual parts of a report: real (reference) and generated samples, one per row, with the
 * NDB bin of each row ({@code NdbReference.assign} gives them). Immutable: arrays are copied in and out.
 *
 * <p>The report shows at most a few dozen images per grid and a few thousand points per scatter plot; pass
 * that many, not the whole data set.
 *
 * @param kind          what a row is (2-D points or a flattened image)
 * @param real          real samples, n x kind.dimension(), n &gt;= 1
 * @param realBins      NDB bin of every real row, or null when NDB is not used
 * @param generated     generated samples, m x kind.dimension(), m &gt;= 1
 * @param generatedBins NDB bin of every generated row, or null when NDB is not used (then both must be null)
 */
public record ReportSamples(SampleKind kind, INDArray real, int[] realBins, INDArray generated, int[] generatedBins) {

    public ReportSamples {
        if (kind == null) {
            throw new IllegalArgumentException("kind is null: pass SampleKind.POINTS_2D or SampleKind.image(c, h, w)");
        }
        requireRows(real, "real", kind);
        requireRows(generated, "generated", kind);
        if ((realBins == null) != (generatedBins == null)) {
            throw new IllegalArgumentException("only the " + (realBins == null ? "generated" : "real") + " bins were "
                    + "given: pass the bins of both sample sets (NdbReference.assign) or of neither");
        }
        if (realBins != null) {
            requireBins(realBins, real, "realBins");
            requireBins(generatedBins, generated, "generatedBins");
            realBins = realBins.clone();
            generatedBins = generatedBins.clone();
        }
        real = real.dup();
        generated = generated.dup();
    }

    /** Samples without bins (the report then shows plain sample grids or scatter plots). */
    public static ReportSamples of(SampleKind kind, INDArray real, INDArray generated) {
        return new ReportSamples(kind, real, null, generated, null);
    }

    /** Samples with the NDB bin of every row. */
    public static ReportSamples of(
            SampleKind kind, INDArray real, int[] realBins, INDArray generated, int[] generatedBins) {
        return new ReportSamples(kind, real, realBins, generated, generatedBins);
    }

    @Override
    public INDArray real() {
        return real.dup();
    }

    @Override
    public INDArray generated() {
        return generated.dup();
    }

    @Override
    public int[] realBins() {
        return realBins == null ? null : realBins.clone();
    }

    @Override
    public int[] generatedBins() {
        return generatedBins == null ? null : generatedBins.clone();
    }

    /** Whether every row has its NDB bin. */
    public boolean hasBins() {
        return realBins != null;
    }

    private static void requireRows(INDArray samples, String name, SampleKind kind) {
        if (samples == null) {
            throw new IllegalArgumentException(name + " is null: pass an n x " + kind.dimension() + " array");
        }
        if (samples.rank() != 2 || samples.columns() != kind.dimension()) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(samples.shape())
                    + ": expected [n, "
                    + kind.dimension() + "] for " + kind
                    + (kind instanceof SampleKind.Image ? " (flatten NCHW images with reshape(n, c*h*w))" : ""));
        }
        if (samples.rows() < 1) {
            throw new IllegalArgumentException(name + " has no rows: pass at least one sample, or no ReportSamples");
        }
        if (!samples.dataType().isFPType()) {
            throw new IllegalArgumentException(
                    name + " has data type " + samples.dataType() + ": pass float or double");
        }
    }

    private static void requireBins(int[] bins, INDArray samples, String name) {
        if (bins.length != samples.rows()) {
            throw new IllegalArgumentException(
                    name + " has " + bins.length + " entries for " + samples.rows() + " rows: pass one bin per sample");
        }
        for (int i = 0; i < bins.length; i++) {
            if (bins[i] < 0) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + bins[i] + ": bins are indices >= 0");
            }
        }
    }
}
