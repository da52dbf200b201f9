package io.github.modewatch.internal.linalg;

import static org.bytedeco.openblas.global.openblas.LAPACK_dpotrf;
import static org.bytedeco.openblas.global.openblas.LAPACK_dsyev;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasLeft;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasLower;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNonUnit;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRight;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dtrmm;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * {@link LinearAlgebra} on the CPU: LAPACK/BLAS-3 on OpenBLAS (the JavaCPP {@code org.bytedeco:openblas} build the
 * core declares), called directly, matrices in native memory ({@link DoublePointer}), no ND4J; the thin products
 * of nearest-bin searches in plain Java ({@link PlainDots}).
 *
 * <p>L^T W L uses two {@code dtrmm} calls (half the flops of two general products). ND4J 1.0.0-M2.1's
 * {@code Level3.trmm} cannot be used for this: it passes the {@code diag} argument to CBLAS unconverted, OpenBLAS
 * rejects it and leaves the matrix unchanged.
 */
final class OpenBlasAlgebra extends LinearAlgebra {
    static final OpenBlasAlgebra INSTANCE = new OpenBlasAlgebra();
    private volatile boolean loaded;

    private OpenBlasAlgebra() {}

    /** Loads the native library on the first LAPACK/BLAS call (a LinkageError when there is none for the platform). */
    private void load() {
        if (!loaded) {
            Loader.load(openblas.class);
            loaded = true;
        }
    }

    @Override
    public String name() {
        return "openblas";
    }

    private static final class NativeSquare implements Square {
        final DoublePointer data;
        final int n;

        NativeSquare(DoublePointer data, int n) {
            this.data = data;
            this.n = n;
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public double[] toArray() {
            double[] out = new double[n * n];
            data.get(out);
            return out;
        }

        @Override
        public void close() {
            data.close();
        }
    }

    private static NativeSquare of(Square s) {
        return (NativeSquare) s;
    }

    @Override
    public Square square(double[] values, int n) {
        load();
        if (values.length != n * n) {
            throw new IllegalArgumentException(values.length + " values for a " + n + " x " + n + " matrix");
        }
        return new NativeSquare(new DoublePointer(values), n);
    }

    @Override
    public boolean cholesky(Square a) {
        NativeSquare s = of(a);
        try (BytePointer lower = new BytePointer("L");
                IntPointer size = new IntPointer(new int[] {s.n});
                IntPointer info = new IntPointer(1)) {
            LAPACK_dpotrf(lower, size, s.data, size, info);
            return info.get() == 0;
        }
    }

    @Override
    public void congruence(Square l, Square w) {
        int n = l.size();
        DoublePointer a = of(l).data;
        DoublePointer b = of(w).data;
        cblas_dtrmm(CblasColMajor, CblasRight, CblasLower, CblasNoTrans, CblasNonUnit, n, n, 1.0, a, n, b, n); // W L
        cblas_dtrmm(CblasColMajor, CblasLeft, CblasLower, CblasTrans, CblasNonUnit, n, n, 1.0, a, n, b, n); // L^T W L
    }

    @Override
    public double[] eigenvalues(Square a) {
        return syev("N", of(a));
    }

    @Override
    public double[] eigenvectors(Square a) {
        return syev("V", of(a));
    }

    private static double[] syev(String job, NativeSquare s) {
        int n = s.n;
        try (BytePointer jobz = new BytePointer(job);
                BytePointer lower = new BytePointer("L");
                IntPointer size = new IntPointer(new int[] {n});
                IntPointer info = new IntPointer(1);
                DoublePointer values = new DoublePointer(n);
                DoublePointer query = new DoublePointer(1);
                IntPointer minusOne = new IntPointer(new int[] {-1})) {
            LAPACK_dsyev(jobz, lower, size, s.data, size, values, query, minusOne, info); // workspace query
            int lwork = Math.max(1, (int) query.get(0));
            try (DoublePointer work = new DoublePointer(lwork);
                    IntPointer workSize = new IntPointer(new int[] {lwork})) {
                LAPACK_dsyev(jobz, lower, size, s.data, size, values, work, workSize, info);
            }
            if (info.get() != 0) {
                throw new ArithmeticException("symmetric eigenvalue decomposition did not converge (LAPACK syev info = "
                        + info.get() + "); check the covariances for NaN or huge values");
            }
            double[] out = new double[n];
            values.get(out);
            return out;
        }
    }

    @Override
    public Square multiply(Square a, boolean transposeA, Square b, boolean transposeB) {
        int n = a.size();
        DoublePointer c = new DoublePointer((long) n * n);
        cblas_dgemm(
                CblasColMajor,
                transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans,
                n,
                n,
                n,
                1.0,
                of(a).data,
                n,
                of(b).data,
                n,
                0.0,
                c,
                n);
        return new NativeSquare(c, n);
    }

    /** The plain-Java kernel the JIT vectorizes (see {@link PlainDots}): no native library to load. */
    @Override
    public Centres centres(double[] c, int k, int m) {
        return new PlainDots(c, k, m);
    }

    @Override
    public int blockRows() {
        return 128;
    }
}
