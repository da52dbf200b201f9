package io.github.modewatch.internal.arrays;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Row helpers shared by the references (FSD, features): batches of the first axis and seeded random splits. */
public final class Rows {
    private Rows() {}

    /** Rows [start, end) of the first axis, all of the others, for an array of {@code rank} dimensions. */
    public static INDArrayIndex[] interval(int rank, long start, long end) {
        INDArrayIndex[] index = new INDArrayIndex[rank];
        index[0] = NDArrayIndex.interval(start, end);
        for (int i = 1; i < rank; i++) {
            index[i] = NDArrayIndex.all();
        }
        return index;
    }

    /**
     * 0..n-1 in an order whose first {@code m} entries are a uniform random m-subset (a partial Fisher-Yates shuffle
     * seeded by {@code seed}, so repeatable); the rest is the complement.
     */
    public static int[] randomSplit(int n, int m, long seed) {
        int[] order = IntStream.range(0, n).toArray();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
