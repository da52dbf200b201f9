package io.github.modewatch.internal.linalg;

import java.util.Locale;

/**
 * The dense linear algebra the metrics need (Cholesky, triangular products, symmetric eigenvalues, matrix
 * products), on one of two backends. This class is the one place the backend is chosen:
 * <ul>
 *   <li><b>CPU</b> (named "openblas"), when ND4J's CUDA backend is not on the class path: LAPACK and BLAS-3
 *       (Cholesky, trmm, syev, gemm) on OpenBLAS called directly through its JavaCPP bindings (a declared
 *       dependency of the core), loaded on first use; the thin products of NDB's nearest-bin rule (K bins, K at
 *       most a few hundred) in plain Java. ND4J never starts, which saves its start-up (about 0.4 s) in short
 *       command-line runs (on the CPU ND4J would call the same OpenBLAS anyway), and {@code ndb} does not even
 *       load OpenBLAS (about 0.2-0.5 s of CPU time through JavaCPP, measured with a probe on the 2-core
 *       benchmark machine).</li>
 *   <li><b>ND4J</b>, when its CUDA backend ({@code nd4j-cuda-*}, the {@code -Pcuda} build) is on the class path,
 *       so that GPU users' products run on the GPU.</li>
 * </ul>
 * The system property {@code modewatch.linalg} ({@code openblas} or {@code nd4j}) overrides the choice; tests
 * use it, or {@link #openBlas()} / {@link #nd4j()}, to check both backends against the same oracles.
 *
 * <p>Matrices are square, float64, column-major, and live where the backend computes ({@link Square}, closed
 * after use). A symmetric matrix stored row-major reads the same column-major, so callers pass row-major
 * symmetric data without transposing it.
 */
public abstract class LinearAlgebra {
    private static volatile LinearAlgebra chosen;

    LinearAlgebra() {}

    /** The backend for this process (chosen once; see the class comment). */
    public static LinearAlgebra get() {
        LinearAlgebra b = chosen;
        if (b == null) {
            synchronized (LinearAlgebra.class) {
                b = chosen;
                if (b == null) {
                    b = choose();
                    chosen = b;
                }
            }
        }
        return b;
    }

    private static LinearAlgebra choose() {
        String forced = System.getProperty("modewatch.linalg", "").trim().toLowerCase(Locale.ROOT);
        switch (forced) {
            case "openblas":
                return openBlas();
            case "nd4j":
                return nd4j();
            case "":
                break;
            default:
                throw new IllegalArgumentException("-Dmodewatch.linalg=" + forced
                        + ": unknown backend; use openblas or nd4j, or leave it unset to choose automatically");
        }
        if (onClassPath("org.nd4j.linalg.jcublas.JCublasBackend")) {
            return nd4j(); // GPU users: keep the products on the GPU
        }
        return openBlas();
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, LinearAlgebra.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The CPU backend: OpenBLAS through JavaCPP (loaded on first use) and plain Java. */
    public static LinearAlgebra openBlas() {
        return OpenBlasAlgebra.INSTANCE;
    }

    /** ND4J's active backend (starts ND4J on first use). */
    public static LinearAlgebra nd4j() {
        return Nd4jAlgebra.INSTANCE;
    }

    /** "openblas" or "nd4j". */
    public abstract String name();

    /** A copy of {@code values} (n x n, column-major) on this backend. */
    public abstract Square square(double[] values, int n);

    /**
     * Overwrites the lower triangle of {@code a} with its Cholesky factor L (a = L L^T, LAPACK potrf); the upper
     * triangle is left undefined.
     *
     * @return false when {@code a} is not numerically positive definite
     */
    public abstract boolean cholesky(Square a);

    /** Overwrites {@code w} with L^T W L, L the lower triangle of {@code l} (its upper triangle is ignored). */
    public abstract void congruence(Square l, Square w);

    /**
     * Eigenvalues of a symmetric matrix from its lower triangle (LAPACK syev without eigenvectors); {@code a} is
     * destroyed.
     *
     * @throws ArithmeticException when the solver does not converge
     */
    public abstract double[] eigenvalues(Square a);

    /**
     * Eigenvalues of a symmetric matrix; {@code a} is overwritten with the eigenvectors as columns.
     *
     * @throws ArithmeticException when the solver does not converge
     */
    public abstract double[] eigenvectors(Square a);

    /** op(a) op(b), op = transpose when the flag is set (BLAS gemm), as a new matrix. */
    public abstract Square multiply(Square a, boolean transposeA, Square b, boolean transposeB);

    /**
     * dots[i * k + b] = x_i . c_b for {@code rows} rows of {@code x} (row-major, width m) against the k rows of
     * {@code c} (row-major, width m), in double precision: {@link #centres} then {@link Centres#dots}.
     */
    public void dots(double[] x, int rows, double[] c, int k, int m, double[] dots) {
        centres(c, k, m).dots(x, rows, dots);
    }

    /**
     * The k rows of {@code c} (row-major, width m; copied) prepared for many {@link Centres#dots} calls, laid out as
     * this backend computes best (transposed for the CPU kernel, a device array for ND4J).
     */
    public abstract Centres centres(double[] c, int k, int m);

    /** Centres prepared by {@link #centres}; thread-safe: callers run blocks of rows in parallel. */
    public interface Centres {
        /** dots[i * k + b] = x_i . c_b for {@code rows} rows of {@code x} (row-major, width m), in double precision. */
        void dots(double[] x, int rows, double[] dots);
    }

    /** Rows per {@link #dots} call that suit this backend (small blocks in parallel on the CPU, big ones for a GPU). */
    public abstract int blockRows();

    /** A square float64 matrix on a backend; column-major. */
    public interface Square extends AutoCloseable {
        int size();

        /** The values, column-major. */
        double[] toArray();

        @Override
        void close();
    }
}
