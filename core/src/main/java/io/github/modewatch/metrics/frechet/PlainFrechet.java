package io.github.modewatch.metrics.frechet;

import static org.bytedeco.openblas.global.openblas.LAPACK_dpotrf;
import static org.bytedeco.openblas.global.openblas.LAPACK_dsyev;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasLeft;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasLower;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNonUnit;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRight;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dtrmm;

import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * The Cholesky route of {@link FrechetDistance#between(GaussianStats, GaussianStats)} on plain arrays, calling
 * OpenBLAS (the one nd4j-native ships, through its JavaCPP bindings) directly instead of through ND4J: the
 * command line's {@code fsd --real-stats --generated-stats} then never starts ND4J, whose start-up (about
 * 0.45 s) was a third of that command's time at d = 2,048 (see the README's benchmark). Same LAPACK/BLAS calls in
 * the same order (potrf, two dtrmm, syev without eigenvectors), so the same result up to rounding; when neither
 * covariance is positive definite it returns empty and the caller takes ND4J's eigen route.
 */
public final class PlainFrechet {
    private PlainFrechet() {
    }

    /**
     * The Fréchet distance, or empty when neither covariance is numerically positive definite.
     *
     * @throws IllegalArgumentException when the dimensions differ
     * @throws ArithmeticException when LAPACK's eigenvalue solver does not converge
     */
    public static Optional<FrechetResult> between(GaussianStats.Arrays64 a, GaussianStats.Arrays64 b) {
        int n = a.dims();
        if (b.dims() != n) {
            throw new IllegalArgumentException("dimensions differ: " + n + " vs " + b.dims()
                    + "; both statistics must come from features of the same width");
        }
        double meanTerm = 0;
        for (int i = 0; i < n; i++) {
            double d = a.mean()[i] - b.mean()[i];
            meanTerm += d * d;
        }
        double trace1 = trace(a.covariance(), n);
        double trace2 = trace(b.covariance(), n);
        double scale = Math.max(Math.max(trace1, trace2), Double.MIN_NORMAL);
        // a row-major symmetric matrix read column-major is itself (its transpose), as FrechetDistance does
        try (DoublePointer l = new DoublePointer(a.covariance()); DoublePointer w = new DoublePointer(b.covariance())) {
            boolean factored = cholesky(l, n);
            if (!factored) {   // Tr((S1 S2)^(1/2)) = Tr((S2 S1)^(1/2)): factor S2 instead
                l.put(b.covariance());
                w.put(a.covariance());
                factored = cholesky(l, n);
            }
            if (!factored) {
                return Optional.empty();
            }
            cblas_dtrmm(CblasColMajor, CblasRight, CblasLower, CblasNoTrans, CblasNonUnit, n, n, 1.0, l, n, w, n); // W L
            cblas_dtrmm(CblasColMajor, CblasLeft, CblasLower, CblasTrans, CblasNonUnit, n, n, 1.0, l, n, w, n);    // L^T W L
            double traceSqrt = 0;
            double negative = 0;
            for (double lambda : eigenvalues(w, n)) {
                if (lambda > 0) {
                    traceSqrt += Math.sqrt(lambda);
                } else {
                    negative -= lambda;
                }
            }
            double covarianceTerm = Math.max(0.0, trace1 + trace2 - 2 * traceSqrt);
            return Optional.of(new FrechetResult(meanTerm + covarianceTerm, meanTerm, covarianceTerm, negative / scale, n));
        }
    }

    private static boolean cholesky(DoublePointer matrix, int n) {
        try (BytePointer lower = new BytePointer("L"); IntPointer size = new IntPointer(new int[] {n});
             IntPointer info = new IntPointer(1)) {
            LAPACK_dpotrf(lower, size, matrix, size, info);
            return info.get() == 0;
        }
    }

    /**
     * Eigenvalues, in ascending order, of a symmetric d x d matrix given row-major (its lower triangle is read);
     * the argument is not modified.
     *
     * @throws ArithmeticException when LAPACK's eigenvalue solver does not converge
     */
    public static double[] eigenvalues(double[] symmetric, int d) {
        if (symmetric.length != (long) d * d) {
            throw new IllegalArgumentException("matrix has " + symmetric.length + " values, expected d x d = " + d + " x " + d);
        }
        try (DoublePointer copy = new DoublePointer(symmetric)) {
            return eigenvalues(copy, d);   // row-major read column-major: the transpose, the same symmetric matrix
        }
    }

    /** Eigenvalues of a symmetric matrix from its lower triangle (dsyev, jobz = 'N'). */
    private static double[] eigenvalues(DoublePointer matrix, int n) {
        try (BytePointer none = new BytePointer("N"); BytePointer lower = new BytePointer("L");
             IntPointer size = new IntPointer(new int[] {n}); IntPointer info = new IntPointer(1);
             DoublePointer values = new DoublePointer(n); DoublePointer query = new DoublePointer(1);
             IntPointer minusOne = new IntPointer(new int[] {-1})) {
            LAPACK_dsyev(none, lower, size, matrix, size, values, query, minusOne, info);
            int lwork = Math.max(1, (int) query.get(0));
            try (DoublePointer work = new DoublePointer(lwork); IntPointer workSize = new IntPointer(new int[] {lwork})) {
                LAPACK_dsyev(none, lower, size, matrix, size, values, work, workSize, info);
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

    private static double trace(double[] rowMajor, int n) {
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += rowMajor[i * n + i];
        }
        return t;
    }
}
