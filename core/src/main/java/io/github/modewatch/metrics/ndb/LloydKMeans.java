package io.github.modewatch.metrics.ndb;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * K-means by Lloyd's algorithm with greedy k-means++ seeding, distances by BLAS GEMM through ND4J.
 *
 * <p>Squared distances are expanded as ||x||^2 - 2 x.c + ||c||^2, so the O(n k m) part of every iteration is
 * one matrix product (on the GPU with ND4J's CUDA backend). Seeding is k-means++ (Arthur &amp; Vassilvitskii,
 * "k-means++: The Advantages of Careful Seeding", SODA 2007) in its greedy form: at each step
 * {@code 2 + floor(ln k)} candidates are drawn with probability proportional to D(x)^2 and the one that lowers
 * the potential most is kept, as scikit-learn does.
 *
 * <p>Iterates until no assignment changes, or until {@code maxIterations}. An empty cluster is re-seeded with
 * the sample farthest from its center. Computes in the data's floating type (float32 input stays float32).
 */
public final class LloydKMeans implements KMeansEngine {
    private final int maxIterations;

    public LloydKMeans(int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException(
                    "maxIterations = " + maxIterations + ": must be >= 1; pass a generous cap such as 300");
        }
        this.maxIterations = maxIterations;
    }

    @Override
    public String name() {
        return "lloyd-nd4j";
    }

    @Override
    public Clustering cluster(INDArray data, int k, long seed, Progress progress) {
        if (data.rank() != 2) {
            throw new IllegalArgumentException("data must be a 2-D matrix, got rank " + data.rank());
        }
        int n = Math.toIntExact(data.rows());
        int m = Math.toIntExact(data.columns());
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k = " + k + ": must be in [1, " + n + "] (the number of samples)");
        }
        DataType type = data.dataType() == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
        INDArray x = data.dataType() == type && data.ordering() == 'c' && !data.isView()
                ? data
                : data.castTo(type).dup('c');
        FloatRows xs = FloatRows.of(x); // for the O(n m) per-iteration centre update
        double[] xx = rowSquaredNorms(xs, n, m);

        SplittableRandom random = new SplittableRandom(seed);
        float[] centers = seed(x, xs, xx, n, m, k, random, progress);

        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        double[] best = new double[n]; // squared distance of each row to its assigned centre
        double objective = Double.NaN;
        int iteration = 0;
        boolean converged = false;
        while (iteration < maxIterations) {
            iteration++;
            int changed = assign(x, xx, centers, k, m, labels, best, type);
            objective = sum(best);
            progress.update("k-means", iteration, maxIterations);
            if (changed == 0) {
                converged = true;
                break;
            }
            centers = updateCenters(xs, labels, best, n, m, k);
        }
        // a full bar for the phase: the throttled progress output may not have shown the last iteration
        progress.update(converged ? "k-means converged" : "k-means stopped at the cap", iteration, iteration);
        return new Clustering(labels, objective, iteration, converged);
    }

    /**
     * The rows of the data as float32: read in place from a C-ordered float32 array's host buffer (no heap copy of
     * the whole matrix: 164 MB at 20,000 x 2,048, whose fresh pages alone cost ~0.5 s on the 2-core benchmark
     * machine), otherwise from a heap copy converted by ND4J.
     */
    private interface FloatRows {
        /** Copies row {@code i} (m values) into {@code dst[offset, offset + m)}. */
        void read(int i, float[] dst, int offset);

        static FloatRows of(INDArray x) {
            int m = Math.toIntExact(x.columns());
            if (x.dataType() == DataType.FLOAT && HostRows.readableInPlace(x)) {
                HostRows rows = HostRows.forRows(x, 0, x.rows());
                return (i, dst, offset) -> {
                    if (offset == 0) {
                        rows.read(i, 0, m, dst);
                    } else {
                        float[] row = new float[m];
                        rows.read(i, 0, m, row);
                        System.arraycopy(row, 0, dst, offset, m);
                    }
                };
            }
            float[] xs = x.data().asFloat();
            return (i, dst, offset) -> System.arraycopy(xs, i * m, dst, offset, m);
        }
    }

    private static double[] rowSquaredNorms(FloatRows xs, int n, int m) {
        double[] xx = new double[n];
        float[] row = new float[m];
        for (int i = 0; i < n; i++) {
            double s = 0;
            xs.read(i, row, 0);
            for (int j = 0; j < m; j++) {
                double v = row[j];
                s += v * v;
            }
            xx[i] = s;
        }
        return xx;
    }

    /** Greedy k-means++: returns k x m centers (row-major). */
    private static float[] seed(
            INDArray x, FloatRows xs, double[] xx, int n, int m, int k, SplittableRandom random, Progress progress) {
        float[] centers = new float[k * m];
        int first = random.nextInt(n);
        xs.read(first, centers, 0);
        double[] minDist = distancesTo(x, xx, new int[] {first})[0];
        int trials = 2 + (int) Math.floor(Math.log(k));
        double[] cumulative = new double[n];
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += Math.max(minDist[i], 0);
                cumulative[i] = total;
            }
            int[] candidates = new int[trials];
            for (int t = 0; t < trials; t++) {
                candidates[t] =
                        total > 0 ? searchCumulative(cumulative, random.nextDouble() * total) : random.nextInt(n);
            }
            double[][] candidateDist = distancesTo(x, xx, candidates);
            int bestTrial = 0;
            double bestPotential = Double.POSITIVE_INFINITY;
            for (int t = 0; t < trials; t++) {
                double potential = 0;
                double[] dist = candidateDist[t];
                for (int i = 0; i < n; i++) {
                    potential += Math.min(minDist[i], dist[i]);
                }
                if (potential < bestPotential) {
                    bestPotential = potential;
                    bestTrial = t;
                }
            }
            double[] chosen = candidateDist[bestTrial];
            for (int i = 0; i < n; i++) {
                minDist[i] = Math.min(minDist[i], chosen[i]);
            }
            xs.read(candidates[bestTrial], centers, c * m);
            progress.update("k-means++ seeding", c + 1, k);
        }
        return centers;
    }

    private static int searchCumulative(double[] cumulative, double target) {
        int i = Arrays.binarySearch(cumulative, target);
        if (i < 0) {
            i = -i - 1;
        }
        return Math.min(i, cumulative.length - 1);
    }

    /** Squared distances of every row to the given rows (one array per given row). */
    private static double[][] distancesTo(INDArray x, double[] xx, int[] rows) {
        INDArray picked = x.getRows(rows); // t x m
        int n = xx.length;
        double[] dots = Nd4j.gemm(picked, x, false, true).data().asDouble(); // t x n, row-major
        double[][] d = new double[rows.length][];
        for (int t = 0; t < rows.length; t++) {
            double cc = xx[rows[t]];
            double[] row = Arrays.copyOfRange(dots, t * n, (t + 1) * n);
            d[t] = row;
            for (int i = 0; i < row.length; i++) {
                row[i] = Math.max(xx[i] - 2 * row[i] + cc, 0);
            }
        }
        return d;
    }

    /** Assigns rows to the nearest center; returns how many labels changed. */
    private static int assign(
            INDArray x, double[] xx, float[] centers, int k, int m, int[] labels, double[] best, DataType type) {
        INDArray c = Nd4j.create(centers, new long[] {k, m}, DataType.FLOAT).castTo(type);
        double[] cc = new double[k];
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (int l = 0; l < m; l++) {
                double v = centers[j * m + l];
                s += v * v;
            }
            cc[j] = s;
        }
        INDArray dots = Nd4j.gemm(x, c, false, true); // n x k
        double[] g = dots.data().asDouble();
        int n = labels.length;
        int changed = 0;
        for (int i = 0; i < n; i++) {
            int arg = 0;
            double min = Double.POSITIVE_INFINITY;
            int off = i * k;
            for (int j = 0; j < k; j++) {
                double d = cc[j] - 2.0 * g[off + j];
                if (d < min) {
                    min = d;
                    arg = j;
                }
            }
            best[i] = Math.max(xx[i] + min, 0);
            if (labels[i] != arg) {
                labels[i] = arg;
                changed++;
            }
        }
        return changed;
    }

    /** Member means; an empty cluster takes the row farthest from its current center. */
    private static float[] updateCenters(FloatRows xs, int[] labels, double[] best, int n, int m, int k) {
        double[] sums = new double[k * m];
        int[] counts = new int[k];
        float[] row = new float[m];
        for (int i = 0; i < n; i++) {
            int off = labels[i] * m;
            xs.read(i, row, 0);
            counts[labels[i]]++;
            for (int j = 0; j < m; j++) {
                sums[off + j] += row[j];
            }
        }
        float[] centers = new float[k * m];
        boolean[] taken = new boolean[n];
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                int far = farthestUntaken(best, taken);
                taken[far] = true;
                xs.read(far, centers, c * m);
                continue;
            }
            for (int j = 0; j < m; j++) {
                centers[c * m + j] = (float) (sums[c * m + j] / counts[c]);
            }
        }
        return centers;
    }

    private static int farthestUntaken(double[] best, boolean[] taken) {
        int arg = 0;
        double max = -1;
        for (int i = 0; i < best.length; i++) {
            if (!taken[i] && best[i] > max) {
                max = best[i];
                arg = i;
            }
        }
        return arg;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
