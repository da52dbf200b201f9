package io.github.modewatch.metrics.ndb;

import io.github.modewatch.io.NpyArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The rows of an n x d sample matrix, read one at a time (from any thread) by {@link NearestCenter}: the one
 * source type behind NDB's binning, whether the samples are an ND4J array (the listener, fits) or a .npy read
 * without ND4J ({@link NpyArray}, read where it lies in the file: the command line).
 */
interface Rows {
    /** n. */
    long rows();

    /** d. */
    long columns();

    /** Where the rows come from, for error messages. */
    String name();

    /**
     * Copies columns {@code dims} of row {@code row} into {@code out[offset, offset + dims.length)} as doubles and
     * returns whether every value of the whole row is finite.
     */
    boolean gather(long row, int[] dims, double[] out, int offset);

    /** Rows of a 2-D {@link NpyArray}, read where they lie (positional reads of a file, see NpyArray). */
    static Rows of(NpyArray samples) {
        return new Rows() {
            @Override
            public long rows() {
                return samples.rows();
            }

            @Override
            public long columns() {
                return samples.columns();
            }

            @Override
            public String name() {
                return samples.name();
            }

            @Override
            public boolean gather(long row, int[] dims, double[] out, int offset) {
                return samples.gatherRow(row, dims, out, offset);
            }
        };
    }

    /**
     * Rows of a 2-D ND4J array: its host buffer read in place when it is C-ordered float32/float64 (see
     * {@link HostRows#readableInPlace}), otherwise a C-ordered float64 copy.
     */
    static Rows of(INDArray samples, String name) {
        INDArray readable = HostRows.readableInPlace(samples)
                ? samples
                : samples.castTo(DataType.DOUBLE).dup('c');
        HostRows host = HostRows.forRows(readable, 0, readable.rows());
        int d = Math.toIntExact(readable.columns());
        long n = readable.rows();
        ThreadLocal<double[]> rowBuffer = ThreadLocal.withInitial(() -> new double[d]);
        ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[d]);
        return new Rows() {
            @Override
            public long rows() {
                return n;
            }

            @Override
            public long columns() {
                return d;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean gather(long row, int[] dims, double[] out, int offset) {
                double[] values = rowBuffer.get();
                host.read(row, 0, d, values, scratch.get());
                boolean finite = true;
                for (double v : values) {
                    finite &= Double.isFinite(v);
                }
                for (int j = 0; j < dims.length; j++) {
                    out[offset + j] = values[dims[j]];
                }
                return finite;
            }
        };
    }
}
