package io.github.modewatch.metrics.ndb;

import io.github.modewatch.internal.linalg.LinearAlgebra;
import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.io.NpyArray;
import io.github.modewatch.io.Npz;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * NDB reference bins: K-means cells fitted on reference (training) samples, against which generated samples are
 * binned (Richardson &amp; Weiss, "On GANs and GMMs", NeurIPS 2018).
 *
 * <p>Semantics follow utils/ndb.py of the paper's code (eitanrich/gans-n-gmms): optional whitening by the
 * per-dimension mean and population std + 1e-6; when d &gt; 1000 and no dimension cap is given, K-means runs on
 * d/6 (integer division) randomly chosen dimensions; each bin center is the mean over all d (whitened)
 * dimensions of its members; samples go to the nearest center in L2 over the used dimensions; bins are sorted by
 * size, largest first. Two deliberate differences make a sample of the reference distribution itself give
 * NDB/K near alpha: K-means runs until no assignment changes (the reference stops after 100 iterations), and
 * the reference proportions come from assigning the reference samples to the final centers with exactly the
 * rule used for generated samples.
 *
 * <p>Immutable; arrays are copied in and out. Save with {@link #save(Path)}, load with {@link #load(Path)}.
 */
public final class NdbReference {
    /** Added to the population std when whitening, as in the reference code. */
    public static final double WHITENING_EPSILON = 1e-6;
    /** Rows processed at a time when binning, to bound memory. */
    private static final int BATCH_ROWS = 4096;
    /** Rows per parallel task when gathering columns. */
    private static final int GATHER_BLOCK = 256;
    /** Columns per parallel task when summing members. */
    private static final int SUM_BLOCK = 2048;
    /** Array names of the saved form. */
    public static final List<String> ARRAY_NAMES = List.of("centers", "proportions", "n", "mean", "std", "dims");

    private final int k;
    // K x d, whitened space, row-major (one array: no K objects for the GC to copy); for bins loaded from a file,
    // null until something needs all of it (centers(), toArrays()): evaluation needs only the used columns
    private volatile double[] centers;
    private final NpyArray centersFile; // the loaded K x d array, read on demand; null for fitted bins
    private volatile NearestCenter nearest; // the nearest-bin rule, made once
    private final double[] proportions;
    private final long referenceSize;
    private final double[] mean;
    private final double[] std;
    private final int[] dims;
    private final FitSummary fitSummary; // null when loaded

    /**
     * How a fit went (not saved with the bins).
     *
     * @param engine     K-means engine name
     * @param objective  K-means objective over the used dimensions (sum of squared distances)
     * @param iterations Lloyd iterations (-1 when the engine does not report them)
     * @param converged  whether assignments stopped changing before the cap
     * @param droppedEmptyBins clusters that ended empty and were dropped (K shrinks by this many)
     */
    public record FitSummary(
            String engine, double objective, int iterations, boolean converged, int droppedEmptyBins) {}

    private NdbReference(
            double[] centers,
            double[] proportions,
            long referenceSize,
            double[] mean,
            double[] std,
            int[] dims,
            FitSummary fitSummary) {
        this.k = centers.length / mean.length;
        this.centers = centers;
        this.centersFile = null;
        this.proportions = proportions;
        this.referenceSize = referenceSize;
        this.mean = mean;
        this.std = std;
        this.dims = dims;
        this.fitSummary = fitSummary;
    }

    /** Bins read from a file: {@code used} holds the used columns of the centres, K x dims.length. */
    private NdbReference(
            NpyArray centersFile,
            double[] used,
            double[] proportions,
            long referenceSize,
            double[] mean,
            double[] std,
            int[] dims) {
        this.k = Math.toIntExact(centersFile.rows());
        this.centers = null;
        this.centersFile = centersFile;
        this.proportions = proportions;
        this.referenceSize = referenceSize;
        this.mean = mean;
        this.std = std;
        this.dims = dims;
        this.fitSummary = null;
        this.nearest = NearestCenter.ofUsedColumns(used, k, dims, mean, std, LinearAlgebra.get());
    }

    /** The K x d centres, read from the file on first use for loaded bins (checked finite when loaded). */
    private double[] centersArray() {
        double[] c = centers;
        if (c == null) {
            synchronized (this) {
                c = centers;
                if (c == null) {
                    c = centersFile.toDoubles();
                    centers = c;
                }
            }
        }
        return c;
    }

    /** Fits bins with {@link NdbOptions#of(int) default options} for K bins. */
    public static NdbReference fit(INDArray samples, int bins) {
        return fit(samples, NdbOptions.of(bins), Progress.NONE);
    }

    /**
     * Fits bins on reference samples.
     *
     * @param samples n x d reference samples, one per row (float32 or float64), all finite
     * @throws IllegalArgumentException when the shape does not fit the options (e.g. K &gt; n)
     */
    public static NdbReference fit(INDArray samples, NdbOptions options, Progress progress) {
        requireMatrix(samples, "samples");
        int n = Math.toIntExact(samples.rows());
        int d = Math.toIntExact(samples.columns());
        requireBins(options, n);
        double[] mean = new double[d];
        double[] std = new double[d];
        Arrays.fill(std, 1.0);
        if (options.whiten()) {
            progress.update("whitening", 0, 2);
            columnMeanAndStd(samples, mean, std);
            for (int j = 0; j < d; j++) {
                std[j] += WHITENING_EPSILON;
            }
            progress.update("whitening", 2, 2);
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        int[] dims = chooseDimensions(d, options.usedDimensions(d), random);

        // K-means always runs on float32 copies of the whitened used columns, whatever the input's type: the bins
        // then depend on the values, not on the container (float32/float64/int .npy, .csv give the same bins).
        // Centers (member means) and every assignment are computed in float64.
        INDArray used = whitenedColumns(samples, 0, n, dims, mean, std, DataType.FLOAT);
        KMeansEngine.Clustering clustering =
                options.engine().cluster(used, options.bins(), random.nextLong(), progress);
        used.close();

        double[][] centers = memberMeans(
                (start, end) -> {
                    HostRows source = HostRows.forRows(samples, start, end);
                    return (row, from, len, dst, scratch) -> source.read(row - start, from, len, dst, scratch);
                },
                n,
                d,
                clustering.labels(),
                options.bins(),
                mean,
                std);
        return binned(
                centers, Rows.of(samples, "reference samples"), n, mean, std, dims, clustering, options, progress);
    }

    /**
     * {@link #fit(INDArray, NdbOptions, Progress)} for samples read from a file ({@code SampleFiles.open}): the same
     * bins, bit for bit, without first reading the whole matrix into memory. A .npy is read where it lies (NpyArray) and each
     * pass over the rows reads it where it lies: the used columns for K-means (converted to float32 as the
     * ND4J path does, checking every value of every row), the member means over all columns, the reference
     * proportions. A 20,000 x 12,288 float64 file (1.9 GB) was read into an ND4J array in 8 s on the 2-core
     * benchmark machine (fresh memory is slow to touch there); a pass over the file takes about 1 s. With
     * whitening the samples are read into an ND4J array and fitted by the ND4J path, whose column statistics are
     * ND4J reductions.
     *
     * @param samples n x d reference samples (float32, float64 or integer)
     * @throws InvalidInputException when a value is NaN or infinite, naming the source and the first such row
     * @throws IllegalArgumentException when the shape does not fit the options (e.g. K &gt; n)
     */
    public static NdbReference fit(NpyArray samples, NdbOptions options, Progress progress) {
        if (samples == null || samples.rank() != 2 || samples.rows() < 1 || samples.columns() < 1) {
            throw new IllegalArgumentException("samples must be a non-empty n x d matrix (one sample per row), got "
                    + (samples == null ? "null" : "shape " + Arrays.toString(samples.shape())));
        }
        int n = Math.toIntExact(samples.rows());
        int d = Math.toIntExact(samples.columns());
        requireBins(options, n);
        if (options.whiten()) {
            requireFinite(samples);
            INDArray x = samples.toINDArray();
            if (x.dataType() != DataType.FLOAT && x.dataType() != DataType.DOUBLE) {
                x = x.castTo(DataType.DOUBLE);
            }
            return fit(x, options, progress);
        }
        double[] mean = new double[d];
        double[] std = new double[d];
        Arrays.fill(std, 1.0);
        SplittableRandom random = new SplittableRandom(options.seed());
        int[] dims = chooseDimensions(d, options.usedDimensions(d), random);

        INDArray used = usedColumns(samples, dims);
        KMeansEngine.Clustering clustering =
                options.engine().cluster(used, options.bins(), random.nextLong(), progress);
        used.close();

        double[][] centers = memberMeans(
                (start, end) -> (row, from, len, dst, scratch) -> samples.readRow(row, from, len, dst),
                n,
                d,
                clustering.labels(),
                options.bins(),
                mean,
                std);
        return binned(centers, Rows.of(samples), n, mean, std, dims, clustering, options, progress);
    }

    private static void requireBins(NdbOptions options, int n) {
        if (options.bins() > n) {
            throw new IllegalArgumentException(
                    "bins = " + options.bins() + ": must be <= the number of reference samples (" + n
                            + "); use fewer bins or more samples (~500 per bin is the paper's advice)");
        }
    }

    /**
     * The bins from the member means of a clustering: empty clusters dropped, reference proportions by the very
     * rule generated samples are binned with, bins sorted by size (largest first).
     */
    private static NdbReference binned(
            double[][] centers,
            Rows samples,
            int n,
            double[] mean,
            double[] std,
            int[] dims,
            KMeansEngine.Clustering clustering,
            NdbOptions options,
            Progress progress) {
        int d = mean.length;
        int dropped = 0;
        List<double[]> kept = new ArrayList<>();
        for (double[] c : centers) {
            if (c == null) {
                dropped++;
            } else {
                kept.add(c);
            }
        }
        centers = kept.toArray(new double[0][]);

        // Reference proportions by the very rule generated samples are binned with.
        NdbReference unsorted =
                new NdbReference(flat(centers, d), new double[centers.length], n, mean, std, dims, null);
        progress.update("assigning reference samples", 0, n);
        long[] counts = unsorted.nearest().counts(samples);
        progress.update("assigning reference samples", n, n);
        Integer[] order = IntStream.range(0, centers.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingLong((Integer b) -> -counts[b]).thenComparingInt(b -> b));
        double[] sortedCenters = new double[centers.length * d];
        double[] sortedProportions = new double[centers.length];
        for (int b = 0; b < order.length; b++) {
            System.arraycopy(centers[order[b]], 0, sortedCenters, b * d, d);
            sortedProportions[b] = (double) counts[order[b]] / n;
        }
        FitSummary summary = new FitSummary(
                options.engine().name(),
                clustering.objective(),
                clustering.iterations(),
                clustering.converged(),
                dropped);
        return new NdbReference(sortedCenters, sortedProportions, n, mean, std, dims, summary);
    }

    /**
     * Bins generated samples and tests every bin (see {@link BinTest}).
     *
     * @param generated m x d samples with the reference's d (float32, float64 or integer; views allowed)
     * @param alpha     significance level in (0, 1), e.g. 0.05
     * @throws InvalidInputException when a value is NaN or infinite
     */
    public NdbResult evaluate(INDArray generated, double alpha) {
        requireAlpha(alpha);
        requireMatrix(generated, "generated");
        return evaluate(Rows.of(generated, "generated samples"), alpha);
    }

    /**
     * {@link #evaluate(INDArray, double)} for samples read from a file ({@code Npy.open}, {@code SampleFiles}):
     * the same rule, tests and result, without starting ND4J (a .npy is read row by row where it lies, not copied whole).
     *
     * @throws InvalidInputException when a value is NaN or infinite, naming the file and the row
     */
    public NdbResult evaluate(NpyArray generated, double alpha) {
        requireAlpha(alpha);
        if (generated == null || generated.rank() != 2 || generated.rows() < 1 || generated.columns() < 1) {
            throw new IllegalArgumentException("generated must be a non-empty 2-D array (samples x features)");
        }
        return evaluate(Rows.of(generated), alpha);
    }

    private NdbResult evaluate(Rows generated, double alpha) {
        requireWidth(generated.columns());
        return result(nearest().counts(generated), generated.rows(), alpha);
    }

    /** The nearest-bin rule over these bins, on the backend the core chose. */
    private NearestCenter nearest() {
        NearestCenter rule = nearest;
        if (rule == null) {
            rule = NearestCenter.ofCenters(centersArray(), bins(), dims, mean, std, LinearAlgebra.get());
            nearest = rule;
        }
        return rule;
    }

    private NdbResult result(long[] counts, long m, double alpha) {
        int k = bins();
        double[] genProportions = new double[k];
        double[] z = new double[k];
        double[] p = new double[k];
        boolean[] different = new boolean[k];
        int ndb = 0;
        for (int b = 0; b < k; b++) {
            genProportions[b] = (double) counts[b] / m;
            z[b] = BinTest.zScore(proportions[b], referenceSize, genProportions[b], m);
            p[b] = BinTest.twoSidedPValue(z[b]);
            different[b] = p[b] < alpha;
            if (different[b]) {
                ndb++;
            }
        }
        double js = BinTest.jensenShannon(proportions, genProportions);
        return new NdbResult(k, ndb, js, alpha, referenceSize, m, proportions, genProportions, z, p, different);
    }

    /**
     * Index of the nearest bin (L2 over the used dimensions, after whitening) for every row.
     *
     * @throws InvalidInputException when a value is NaN or infinite
     */
    public int[] assign(INDArray samples) {
        requireMatrix(samples, "samples");
        requireWidth(samples.columns());
        return nearest().assign(Rows.of(samples, "samples"));
    }

    private void requireWidth(long columns) {
        if (columns != dimension()) {
            throw new IllegalArgumentException("samples have " + columns + " features but the reference bins have "
                    + dimension() + ": generated samples must have the reference samples' width");
        }
    }

    private static void requireAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha = " + alpha + ": must be in (0, 1); the NDB paper uses 0.05");
        }
    }

    /** K, the number of bins. */
    public int bins() {
        return k;
    }

    /** d, the sample dimension. */
    public int dimension() {
        return mean.length;
    }

    /** Reference samples the bins were fitted on. */
    public long referenceSize() {
        return referenceSize;
    }

    /** Share of reference samples per bin, largest first; sums to 1. */
    public double[] proportions() {
        return proportions.clone();
    }

    /** Bin centers, K x d, in whitened space. */
    public double[][] centers() {
        int d = dimension();
        double[] all = centersArray();
        double[][] copy = new double[bins()][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = Arrays.copyOfRange(all, i * d, (i + 1) * d);
        }
        return copy;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    /** Indices of the dimensions used for assignment (sorted). */
    public int[] dims() {
        return dims.clone();
    }

    /** How the fit went; null for loaded bins. */
    public FitSummary fitSummary() {
        return fitSummary;
    }

    /** Warnings about too few samples for a reliable test (n_ref/K &lt; 50, n_gen/K &lt; 10), empty if none. */
    public List<String> sampleSizeWarnings(long generatedSize) {
        List<String> warnings = new ArrayList<>();
        int k = bins();
        if (referenceSize < 50L * k) {
            warnings.add("only " + samples(referenceSize, "reference") + " for " + bins(k) + " (" + referenceSize / k
                    + " per bin): NDB is noisy below ~50 per bin; the NDB paper advises ~500, or use fewer bins");
        }
        if (generatedSize > 0 && generatedSize < 10L * k) {
            warnings.add("only " + samples(generatedSize, "generated") + " for " + bins(k)
                    + ": NDB is noisy below ~10 per bin; " + "generate more samples or use fewer bins");
        }
        if (fitSummary != null && !fitSummary.converged()) {
            warnings.add("k-means stopped at its iteration cap (" + fitSummary.iterations() + ") before converging");
        }
        if (fitSummary != null && fitSummary.droppedEmptyBins() > 0) {
            warnings.add(bins(fitSummary.droppedEmptyBins())
                    + " ended empty and were dropped (too many duplicate samples?)");
        }
        return warnings;
    }

    /** "1 generated sample", "2 generated samples". */
    private static String samples(long count, String kind) {
        return count + " " + kind + (count == 1 ? " sample" : " samples");
    }

    private static String bins(int k) {
        return k + (k == 1 ? " bin" : " bins");
    }

    /** The saved form: arrays centers, proportions, n (0-d int64), mean, std, dims (int64). */
    public Map<String, INDArray> toArrays() {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("centers", Nd4j.create(centersArray().clone(), new long[] {bins(), dimension()}, DataType.DOUBLE));
        arrays.put("proportions", Nd4j.createFromArray(proportions.clone()));
        arrays.put("n", Nd4j.scalar(referenceSize));
        arrays.put("mean", Nd4j.createFromArray(mean.clone()));
        arrays.put("std", Nd4j.createFromArray(std.clone()));
        arrays.put(
                "dims", Nd4j.createFromArray(Arrays.stream(dims).asLongStream().toArray()));
        return arrays;
    }

    /** Writes the bins as a numpy-readable .npz (see {@link #toArrays()}); replaces the file atomically. */
    public void save(Path file) {
        Npz.write(file, toArrays());
    }

    /** Reads bins written by {@link #save(Path)} (or by {@code modewatch fit-reference}). */
    public static NdbReference load(Path file) {
        return load(file, "");
    }

    /**
     * Reads bins, naming {@code flag} (e.g. {@code --reference}) in front of the file in error messages.
     *
     * @throws InvalidInputException when the file is missing, not an .npz or lacks the arrays
     */
    public static NdbReference load(Path file, String flag) {
        String where = flag.isEmpty() ? file.toString() : flag + " " + file;
        Map<String, NpyArray> arrays;
        try {
            arrays = Npz.open(file); // no ND4J needed to load bins
        } catch (InvalidInputException e) {
            throw new InvalidInputException(flag.isEmpty() ? e.getMessage() : flag + " " + e.getMessage(), e);
        }
        return fromArrays(arrays, where);
    }

    /**
     * Rebuilds bins from their saved arrays (see {@link #toArrays()}), checking that they fit together.
     *
     * @param source file name for error messages
     * @throws InvalidInputException naming the array, the value and what is expected
     */
    private static NdbReference fromArrays(Map<String, NpyArray> arrays, String source) {
        for (String name : ARRAY_NAMES) {
            if (!arrays.containsKey(name)) {
                throw new InvalidInputException(source + ": missing array '" + name + "'; expected arrays "
                        + String.join(", ", ARRAY_NAMES) + " (written by modewatch fit-reference)");
            }
        }
        NpyArray c = arrays.get("centers");
        if (c.rank() != 2 || c.rows() < 1 || c.columns() < 1) {
            throw new InvalidInputException(
                    source + ": 'centers' has shape " + Arrays.toString(c.shape()) + "; expected a K x d matrix");
        }
        int k = Math.toIntExact(c.rows());
        int d = Math.toIntExact(c.columns());
        double[] proportions =
                vector(arrays.get("proportions"), "proportions", k, "K = " + k + " (rows of centers)", source);
        double[] mean = vector(arrays.get("mean"), "mean", d, "d = " + d + " (columns of centers)", source);
        double[] std = vector(arrays.get("std"), "std", d, "d = " + d + " (columns of centers)", source);
        NpyArray nArray = arrays.get("n");
        if (nArray.length() != 1) {
            throw new InvalidInputException(source + ": 'n' has " + nArray.length() + " values; expected one number");
        }
        long n = (long) nArray.getDouble(0);
        if (n < 1) {
            throw new InvalidInputException(source + ": 'n' = " + n + "; expected the reference sample count (>= 1)");
        }
        NpyArray dimsArray = arrays.get("dims");
        if (dimsArray.rank() > 1 || dimsArray.length() < 1) {
            throw new InvalidInputException(source + ": 'dims' has shape " + Arrays.toString(dimsArray.shape())
                    + "; expected a 1-D array of dimension indices");
        }
        double[] dimValues = dimsArray.toDoubles();
        int[] dims = new int[dimValues.length];
        for (int j = 0; j < dims.length; j++) {
            long v = (long) dimValues[j];
            if (v < 0 || v >= d) {
                throw new InvalidInputException(
                        source + ": 'dims' holds " + v + "; expected indices in [0, " + d + ")");
            }
            dims[j] = (int) v;
        }
        Arrays.sort(dims);
        double sum = 0;
        for (double p : proportions) {
            if (!(p >= 0 && p <= 1)) {
                throw new InvalidInputException(source + ": 'proportions' holds " + p + "; expected shares in [0, 1]");
            }
            sum += p;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new InvalidInputException(source + ": 'proportions' sum to " + sum + "; expected 1");
        }
        for (double s : std) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new InvalidInputException(source + ": 'std' holds " + s + "; expected positive finite values");
            }
        }
        // Only the used columns are kept (what evaluation needs: K x 2,048 of K x 12,288 in the benchmark), read row
        // by row where they lie; every value of every row is checked. The whole K x d array is read if asked for.
        int m = dims.length;
        double[] used = new double[k * m];
        for (int b = 0; b < k; b++) {
            if (!c.gatherRow(b, dims, used, b * m)) {
                double[] row = new double[d];
                c.readRow(b, 0, d, row);
                double bad = Arrays.stream(row)
                        .filter(v -> !Double.isFinite(v))
                        .findFirst()
                        .orElse(Double.NaN);
                throw new InvalidInputException(
                        source + ": 'centers' holds " + bad + " (row " + b + "); expected finite values");
            }
        }
        return new NdbReference(c, used, proportions, n, mean, std, dims);
    }

    private static double[] vector(NpyArray a, String name, int expected, String what, String source) {
        if (a.rank() != 1 || a.length() != expected) {
            throw new InvalidInputException(source + ": '" + name + "' has shape " + Arrays.toString(a.shape())
                    + "; expected " + expected + " values, " + what);
        }
        double[] v = a.toDoubles();
        for (double x : v) {
            if (!Double.isFinite(x)) {
                throw new InvalidInputException(source + ": '" + name + "' holds " + x + "; expected finite values");
            }
        }
        return v;
    }

    /** K rows of d values as one row-major array. */
    private static double[] flat(double[][] rows, int d) {
        double[] out = new double[rows.length * d];
        for (int b = 0; b < rows.length; b++) {
            System.arraycopy(rows[b], 0, out, b * d, d);
        }
        return out;
    }

    private static void requireMatrix(INDArray samples, String name) {
        if (samples == null || samples.rank() != 2 || samples.rows() < 1 || samples.columns() < 1) {
            throw new IllegalArgumentException(name + " must be a non-empty n x d matrix (one sample per row), got "
                    + (samples == null ? "null" : "shape " + Arrays.toString(samples.shape())));
        }
    }

    private static int[] chooseDimensions(int d, int used, SplittableRandom random) {
        int[] all = IntStream.range(0, d).toArray();
        if (used >= d) {
            return all;
        }
        for (int i = 0; i < used; i++) { // partial Fisher-Yates: a uniform subset without replacement
            int j = i + random.nextInt(d - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, used);
        Arrays.sort(chosen);
        return chosen;
    }

    /**
     * (x[start:end, dims] - mean[dims]) / std[dims] as a new C-ordered array of the given type (FLOAT or DOUBLE),
     * gathered row by row from the host buffer (rows in parallel), whitening in double precision.
     */
    static INDArray whitenedColumns(
            INDArray samples, long start, long end, int[] dims, double[] mean, double[] std, DataType type) {
        int rows = Math.toIntExact(end - start);
        int m = dims.length;
        int d = Math.toIntExact(samples.columns());
        double[] mu = new double[m];
        double[] sd = new double[m];
        for (int j = 0; j < m; j++) {
            mu[j] = mean[dims[j]];
            sd[j] = std[dims[j]];
        }
        INDArray out = Nd4j.createUninitialized(type, rows, m);
        HostRows source = HostRows.forRows(samples, start, end);
        HostRows target = HostRows.writer(out);
        boolean isFloat = type == DataType.FLOAT;
        int blocks = (rows + GATHER_BLOCK - 1) / GATHER_BLOCK;
        IntStream.range(0, blocks).parallel().forEach(block -> {
            float[] row = new float[d];
            double[] rowD = isFloat ? null : new double[d];
            float[] outF = isFloat ? new float[m] : null;
            double[] outD = isFloat ? null : new double[m];
            int last = Math.min(rows, (block + 1) * GATHER_BLOCK);
            for (int i = block * GATHER_BLOCK; i < last; i++) {
                if (isFloat) {
                    source.read(i, 0, d, row);
                    for (int j = 0; j < m; j++) {
                        outF[j] = (float) ((row[dims[j]] - mu[j]) / sd[j]);
                    }
                    target.write(i, outF);
                } else {
                    source.read(i, 0, d, rowD, row);
                    for (int j = 0; j < m; j++) {
                        outD[j] = (rowD[dims[j]] - mu[j]) / sd[j];
                    }
                    target.write(i, outD);
                }
            }
        });
        return out;
    }

    /**
     * Columns {@code dims} of every row as a new n x m float32 ND4J array (K-means' input), gathered from where the
     * rows lie, blocks of rows in parallel: the values {@link #whitenedColumns} gives without whitening (each
     * converted to float32 from its float64 value). Every value of every row is checked.
     *
     * @throws InvalidInputException naming the source and the first row with NaN or an infinity
     */
    private static INDArray usedColumns(NpyArray samples, int[] dims) {
        int rows = Math.toIntExact(samples.rows());
        int m = dims.length;
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, rows, m);
        HostRows target = HostRows.writer(out);
        long[] firstBadRow = {Long.MAX_VALUE};
        int blocks = (rows + GATHER_BLOCK - 1) / GATHER_BLOCK;
        IntStream.range(0, blocks).parallel().forEach(block -> {
            double[] values = new double[m];
            float[] row = new float[m];
            int last = Math.min(rows, (block + 1) * GATHER_BLOCK);
            for (int i = block * GATHER_BLOCK; i < last; i++) {
                if (!samples.gatherRow(i, dims, values, 0)) {
                    synchronized (firstBadRow) {
                        firstBadRow[0] = Math.min(firstBadRow[0], i);
                    }
                }
                for (int j = 0; j < m; j++) {
                    row[j] = (float) values[j];
                }
                target.write(i, row);
            }
        });
        if (firstBadRow[0] != Long.MAX_VALUE) {
            out.close();
            throw nonFinite(samples, firstBadRow[0]);
        }
        return out;
    }

    /** Fails naming the first row of {@code samples} with NaN or an infinity, if any. */
    private static void requireFinite(NpyArray samples) {
        int[] none = new int[0];
        double[] nothing = new double[0];
        for (long i = 0; i < samples.rows(); i++) {
            if (!samples.gatherRow(i, none, nothing, 0)) {
                throw nonFinite(samples, i);
            }
        }
    }

    private static InvalidInputException nonFinite(NpyArray samples, long row) {
        return new InvalidInputException(
                samples.name() + ": NaN or infinite value in row " + row + " (0-based); expected finite numbers only");
    }

    /** Per-column mean and population std, accumulated in double over row batches. */
    private static void columnMeanAndStd(INDArray samples, double[] mean, double[] std) {
        long n = samples.rows();
        int d = mean.length;
        INDArray sum = Nd4j.zeros(DataType.DOUBLE, d);
        for (long start = 0; start < n; start += BATCH_ROWS) {
            INDArray batch =
                    samples.get(NDArrayIndex.interval(start, Math.min(n, start + BATCH_ROWS)), NDArrayIndex.all());
            sum.addi(batch.castTo(DataType.DOUBLE).sum(0));
        }
        INDArray mu = sum.divi(n);
        INDArray squares = Nd4j.zeros(DataType.DOUBLE, d);
        for (long start = 0; start < n; start += BATCH_ROWS) {
            // castTo returns the caller's own array (a view here) when it is already DOUBLE: never subtract in place.
            try (INDArray centred = samples.get(
                            NDArrayIndex.interval(start, Math.min(n, start + BATCH_ROWS)), NDArrayIndex.all())
                    .castTo(DataType.DOUBLE)
                    .subRowVector(mu)) {
                squares.addi(centred.muli(centred).sum(0));
            }
        }
        double[] m = mu.toDoubleVector();
        double[] sq = squares.toDoubleVector();
        for (int j = 0; j < d; j++) {
            mean[j] = m[j];
            std[j] = Math.sqrt(sq[j] / n);
        }
    }

    /** Columns {@code [from, from + len)} of a row as doubles ({@code scratch}: float32 room of at least len). */
    private interface RowSlices {
        void read(int row, int from, int len, double[] dst, float[] scratch);
    }

    /** {@link RowSlices} for the rows {@code [start, end)} of the samples (row numbers stay absolute). */
    private interface RowBatches {
        RowSlices open(int start, int end);
    }

    /**
     * Whitened member mean over all d dimensions per cluster; null for an empty cluster. Sums in double, one
     * pass over the samples, rows in order, column blocks in parallel.
     */
    private static double[][] memberMeans(
            RowBatches samples, int n, int d, int[] labels, int k, double[] mean, double[] std) {
        int[] counts = new int[k];
        for (int label : labels) {
            counts[label]++;
        }
        double[][] sums = new double[k][d];
        for (int start = 0; start < n; start += BATCH_ROWS) {
            int end = Math.min(n, start + BATCH_ROWS);
            RowSlices source = samples.open(start, end);
            int first = start;
            int blocks = (d + SUM_BLOCK - 1) / SUM_BLOCK;
            IntStream.range(0, blocks).parallel().forEach(block -> {
                int from = block * SUM_BLOCK;
                int to = Math.min(d, from + SUM_BLOCK);
                float[] scratch = new float[to - from];
                double[] part = new double[to - from];
                for (int i = first; i < end; i++) {
                    double[] sum = sums[labels[i]];
                    source.read(i, from, to - from, part, scratch);
                    for (int j = from; j < to; j++) {
                        sum[j] += part[j - from];
                    }
                }
            });
        }
        double[][] centers = new double[k][];
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                continue;
            }
            double[] center = sums[c];
            for (int j = 0; j < center.length; j++) {
                center[j] = (center[j] / counts[c] - mean[j]) / std[j];
            }
            centers[c] = center;
        }
        return centers;
    }
}
