package io.github.modewatch.metrics.features;

import io.github.modewatch.internal.arrays.Rows;
import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.io.Npz;
import io.github.modewatch.metrics.frechet.FrechetDistance;
import io.github.modewatch.metrics.frechet.FrechetResult;
import io.github.modewatch.metrics.frechet.GaussianStats;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * The real side of the feature metrics, computed once and reused at every evaluation: the real images' feature
 * rows (for KID and precision/recall/density/coverage) and their Gaussian statistics (for the Fréchet distance).
 *
 * <pre>{@code
 * FeatureReference reference = FeatureReference.of(extractor, realImages);   // or .of(features), .load(file)
 * reference.save(Path.of("inception-real.npz"));                             // cache for the next run
 * FeatureResult r = reference.compare(extractor.name(), extractor.extract(generatedImages));
 * }</pre>
 *
 * <p>Cache format ({@link #save}/{@link #load}): an {@code .npz} with {@code features} (n x d), {@code mu} (d),
 * {@code sigma} (d x d) and {@code n}. {@link #load} also reads what other tools write: pytorch-fid's and clean-fid's
 * statistics files ({@code mu} and {@code sigma} only: the Fréchet distance works, KID and prdc need feature rows and
 * are skipped), and clean-fid's KID feature files ({@code feats}).
 *
 * <p>Defaults: KID with {@link KidOptions#defaults()} (100 subsets of 1,000, subset size shrinking to the smaller set
 * with a warning in the result), prdc with k = 5; {@link #withKid}, {@link #withPrdc}, {@link #withoutKid()} and
 * {@link #withoutPrdc()} change them. Immutable: the rows are copied in and never exposed.
 */
public final class FeatureReference {
    private final INDArray features; // n x d private copy, or null (statistics only)
    private final GaussianStats stats;
    private final KidOptions kid; // null: off
    private final PrdcOptions prdc; // null: off
    private final FeatureRows rows; // the features as KID and prdc read them, copied once; null without features
    private final Prdc.Real prdcReal; // real rows + k-NN radii (computed at the first comparison); null when off

    private FeatureReference(INDArray features, GaussianStats stats, KidOptions kid, PrdcOptions prdc) {
        this(features, stats, kid, prdc, features == null ? null : FeatureRows.of(features, "real"));
    }

    private FeatureReference(
            INDArray features, GaussianStats stats, KidOptions kid, PrdcOptions prdc, FeatureRows rows) {
        this.features = features;
        this.stats = stats;
        this.kid = kid;
        this.prdc = prdc;
        this.rows = rows;
        this.prdcReal = prdc == null || rows == null ? null : new Prdc.Real(rows, prdc);
    }

    /**
     * From real feature rows (copied; float32, float64 or integer; views accepted; not modified).
     *
     * @throws IllegalArgumentException for fewer than 2 rows, a non-matrix, or NaN/infinite values
     */
    public static FeatureReference of(INDArray realFeatures) {
        requireMatrix(realFeatures, "real features");
        INDArray copy = realFeatures.dataType() == DataType.FLOAT || realFeatures.dataType() == DataType.DOUBLE
                ? realFeatures.dup('c')
                : realFeatures.castTo(DataType.DOUBLE).dup('c');
        copy = copy.detach();
        requireFinite(copy, "real features");
        return new FeatureReference(copy, GaussianStats.of(copy), KidOptions.defaults(), PrdcOptions.defaults());
    }

    /**
     * Extracts the features of real images in batches of {@code batch} and keeps them.
     *
     * @param images n x ... images in the layout the extractor accepts; not modified
     * @param batch  images per {@link FeatureExtractor#extract} call (bounds memory), &gt;= 1
     */
    public static FeatureReference of(FeatureExtractor extractor, INDArray images, int batch) {
        if (extractor == null) {
            throw new IllegalArgumentException(
                    "extractor is null: pass the FeatureExtractor that sees the generated " + "images too");
        }
        if (images == null || images.rank() < 2 || images.size(0) < 2) {
            throw new IllegalArgumentException("images must hold at least 2 images (thousands in practice), got "
                    + (images == null ? "null" : Arrays.toString(images.shape())));
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch = " + batch + ": must be >= 1, e.g. 500");
        }
        return of(extractInBatches(extractor, images, batch));
    }

    /** {@link #of(FeatureExtractor, INDArray, int)} with batches of 500 images. */
    public static FeatureReference of(FeatureExtractor extractor, INDArray images) {
        return of(extractor, images, 500);
    }

    /** From Gaussian statistics alone (e.g. pytorch-fid's {@code mu}/{@code sigma}): Fréchet distance only. */
    public static FeatureReference of(GaussianStats stats) {
        if (stats == null) {
            throw new IllegalArgumentException("stats is null: pass the real features' mean and covariance");
        }
        return new FeatureReference(null, stats, null, null);
    }

    /**
     * Runs {@code extractor} over {@code images} in batches of {@code batch} and stacks the rows.
     *
     * @throws IllegalArgumentException when the extractor returns the wrong number of rows or changes width
     */
    public static INDArray extractInBatches(FeatureExtractor extractor, INDArray images, int batch) {
        long n = images.size(0);
        INDArray[] parts = new INDArray[Math.toIntExact((n + batch - 1) / batch)];
        long width = -1;
        for (int p = 0; p < parts.length; p++) {
            long start = (long) p * batch;
            long end = Math.min(n, start + batch);
            INDArray slice = images.get(Rows.interval(images.rank(), start, end));
            INDArray f = extractor.extract(slice);
            if (f == null || f.rank() != 2 || f.size(0) != end - start) {
                throw new IllegalArgumentException("feature extractor '" + extractor.name() + "' returned "
                        + (f == null ? "null" : Arrays.toString(f.shape())) + " for " + (end - start)
                        + " images of shape " + Arrays.toString(slice.shape())
                        + "; expected one feature row per image");
            }
            if (width >= 0 && f.size(1) != width) {
                throw new IllegalArgumentException("feature extractor '" + extractor.name() + "' returned " + f.size(1)
                        + " features per image for one batch and " + width + " for another");
            }
            width = f.size(1);
            parts[p] = f;
        }
        return parts.length == 1 ? parts[0] : Nd4j.concat(0, parts);
    }

    /** KID with these options at each comparison (needs feature rows). */
    public FeatureReference withKid(KidOptions options) {
        if (options == null) {
            throw new IllegalArgumentException(
                    "KID options are null: pass KidOptions.defaults(), or call withoutKid()");
        }
        requireRows("KID");
        return new FeatureReference(features, stats, options, prdc, rows);
    }

    /** Precision/recall/density/coverage with these options at each comparison (needs feature rows). */
    public FeatureReference withPrdc(PrdcOptions options) {
        if (options == null) {
            throw new IllegalArgumentException(
                    "prdc options are null: pass PrdcOptions.defaults(), or call withoutPrdc()");
        }
        requireRows("precision/recall/density/coverage");
        return new FeatureReference(features, stats, kid, options, rows);
    }

    /** No KID (saves 100 x 3 Gram matrices of 1,000 x 1,000 per comparison). */
    public FeatureReference withoutKid() {
        return new FeatureReference(features, stats, null, prdc, rows);
    }

    /** No precision/recall/density/coverage (saves the k-NN radii and an n x m distance pass per comparison). */
    public FeatureReference withoutPrdc() {
        return new FeatureReference(features, stats, kid, null, rows);
    }

    private void requireRows(String metric) {
        if (features == null) {
            throw new IllegalArgumentException(
                    metric + " needs the real feature rows, but this reference holds "
                            + "statistics only (mu/sigma); build it with FeatureReference.of(features) or of(extractor, images)");
        }
    }

    /** d, the feature width. */
    public int dimension() {
        return stats.dims();
    }

    /** Real rows behind the reference (0 when unknown). */
    public long size() {
        return features != null ? features.rows() : stats.count();
    }

    /** Whether the feature rows are kept (KID and prdc need them). */
    public boolean hasFeatureRows() {
        return features != null;
    }

    /** The Gaussian statistics of the real features. */
    public GaussianStats stats() {
        return stats;
    }

    /** KID's options, or null when KID is off. */
    public KidOptions kidOptions() {
        return kid;
    }

    /** prdc's options, or null when off. */
    public PrdcOptions prdcOptions() {
        return prdc;
    }

    /** A copy of the real feature rows, or null when the reference holds statistics only. */
    public INDArray features() {
        return features == null ? null : features.dup();
    }

    /**
     * The Fréchet distance a generator that sampled the data itself would still show with {@code m} samples: a
     * random m-row part of the reference against the rest (seeded, so repeatable). When fewer than m + 2 rows are
     * kept, the reference is split in halves. NaN without feature rows or with fewer than 4 of them.
     */
    public double noiseFloor(int m, long seed) {
        if (features == null || features.rows() < 4) {
            return Double.NaN;
        }
        int n = Math.toIntExact(features.rows());
        if (m < 2 || n - m < 2) {
            m = n / 2;
        }
        int[] order = Rows.randomSplit(n, m, seed);
        INDArray a = features.getRows(Arrays.copyOfRange(order, 0, m));
        INDArray b = features.getRows(Arrays.copyOfRange(order, m, n));
        return FrechetDistance.between(GaussianStats.of(b), GaussianStats.of(a)).distance();
    }

    /**
     * Compares generated features with the reference: the Fréchet distance always, KID and prdc when configured
     * and the reference holds feature rows.
     *
     * @param extractor name of the extractor that made the features (recorded in the result)
     * @param generated m x d features (float32, float64 or integer; not modified)
     * @param noiseFloor the value to record as {@link FeatureResult#frechetNoiseFloor()} (e.g. from
     *                   {@link #noiseFloor}, computed once), or NaN
     * @throws IllegalArgumentException when the width differs, m &lt; 2, a value is not finite, or m &lt;= prdc's k
     */
    public FeatureResult compare(String extractor, INDArray generated, double noiseFloor) {
        requireMatrix(generated, "generated features");
        if (generated.columns() != dimension()) {
            throw new IllegalArgumentException("generated features have " + generated.columns()
                    + " columns, the reference " + dimension()
                    + "; both must come from the same feature extractor (same network, output and input size)");
        }
        requireFinite(generated, "generated features");
        FrechetResult frechet = FrechetDistance.between(stats, GaussianStats.of(generated));
        FeatureRows generatedRows = kid == null && prdc == null ? null : FeatureRows.of(generated, "generated");
        // the real rows (and prdc's real k-NN radii) are kept from the first comparison: only the generated side is new
        KidResult kidResult = kid == null || rows == null ? null : Kid.compute(rows, generatedRows, kid);
        PrdcResult prdcResult = prdcReal == null ? null : Prdc.compute(prdcReal, generatedRows);
        return new FeatureResult(extractor, frechet, noiseFloor, kidResult, prdcResult);
    }

    /** {@link #compare(String, INDArray, double)} without a noise floor. */
    public FeatureResult compare(String extractor, INDArray generated) {
        return compare(extractor, generated, Double.NaN);
    }

    /** Writes {@code features} (when kept), {@code mu}, {@code sigma} and {@code n} as an .npz. */
    public void save(Path file) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        if (features != null) {
            arrays.put("features", features);
        }
        arrays.putAll(stats.toArrays());
        Npz.write(file, arrays);
    }

    /**
     * Reads what {@link #save} wrote, or a pytorch-fid / clean-fid file: {@code features} or {@code feats} (n x d
     * rows; the statistics are recomputed from them), else {@code mu} and {@code sigma} (statistics only).
     *
     * @throws InvalidInputException naming the file and what it holds when neither is there
     */
    public static FeatureReference load(Path file) {
        Map<String, INDArray> arrays = Npz.read(file);
        INDArray rows = arrays.containsKey("features") ? arrays.get("features") : arrays.get("feats");
        if (rows != null) {
            if (rows.rank() != 2 || rows.rows() < 2) {
                throw new InvalidInputException(file + ": feature rows have shape " + Arrays.toString(rows.shape())
                        + "; expected n x d with n >= 2");
            }
            return of(rows);
        }
        if (arrays.containsKey("mu") && arrays.containsKey("sigma")) {
            return of(GaussianStats.load(file, ""));
        }
        throw new InvalidInputException(file + ": holds " + String.join(", ", arrays.keySet())
                + "; expected 'features' (n x d, as FeatureReference.save writes it), 'feats' (clean-fid) or "
                + "'mu' and 'sigma' (pytorch-fid statistics)");
    }

    private static void requireMatrix(INDArray a, String what) {
        if (a == null || a.rank() != 2 || a.rows() < 2 || a.columns() < 1) {
            throw new IllegalArgumentException(what + " have shape "
                    + (a == null ? "null" : Arrays.toString(a.shape()))
                    + "; expected an n x d matrix with n >= 2, one feature vector per row");
        }
    }

    private static void requireFinite(INDArray a, String what) {
        if (a.dataType().isFPType()) {
            long bad = Nd4j.getExecutioner()
                    .exec(new MatchCondition(a, Conditions.notFinite()))
                    .getLong(0);
            if (bad > 0) {
                throw new IllegalArgumentException(what + " hold " + bad + " NaN or infinite values");
            }
        }
    }

    @Override
    public String toString() {
        return "FeatureReference[d=" + dimension() + ", n=" + size() + (features == null ? ", statistics only" : "")
                + ", kid=" + (kid == null ? "off" : kid.subsets() + "x" + kid.subsetSize())
                + ", prdc=" + (prdc == null ? "off" : "k=" + prdc.k()) + "]";
    }
}
