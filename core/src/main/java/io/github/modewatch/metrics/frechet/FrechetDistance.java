package io.github.modewatch.metrics.frechet;

import io.github.modewatch.internal.linalg.LinearAlgebra;
import io.github.modewatch.internal.linalg.LinearAlgebra.Square;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fréchet distance between two Gaussians (Dowson &amp; Landau 1982), as used by FID and by FSD (Bau et al.,
 * "Seeing What a GAN Cannot Generate", ICCV 2019):
 * <pre>  d^2 = ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))</pre>
 *
 * <p>One algorithm, whatever the input or the machine. The trace of the matrix square root is computed without
 * ever forming the non-symmetric (S1 S2)^(1/2). When S1 is positive definite it is factored as S1 = L L^T
 * (Cholesky, LAPACK potrf); L^T S2 L is symmetric positive semi-definite and similar to S1 S2
 * (L^T S2 L = L^-1 (S1 S2) L), so Tr((S1 S2)^(1/2)) = sum_i sqrt(lambda_i(L^T S2 L)): one Cholesky, two
 * triangular matrix products (BLAS trmm) and one symmetric eigenvalue decomposition without eigenvectors (LAPACK
 * syev, jobz = 'N'). Tr((S1 S2)^(1/2)) = Tr((S2 S1)^(1/2)), so S2 is factored instead when S1 is not positive
 * definite. When neither is (rank-deficient covariances, e.g. a segmentation class that never occurs),
 * R = S1^(1/2) is taken from the eigen-decomposition of S1 and the eigenvalues of the symmetric R S2 R are used.
 * Eigenvalues that come out slightly negative are clamped to 0 and the clamped mass is reported. The result is
 * symmetric in its arguments up to rounding and 0 for identical inputs.
 *
 * <p>The linear algebra runs on the backend {@link LinearAlgebra#get()} chooses: OpenBLAS called directly on the
 * CPU (ND4J is not started, which keeps {@code modewatch fsd --real-stats --generated-stats} short), ND4J when its
 * CUDA backend is present.
 */
public final class FrechetDistance {
    private FrechetDistance() {}

    /** Fréchet distance between the Gaussians fitted to two sample sets (rows are samples). */
    public static FrechetResult between(INDArray samples1, INDArray samples2) {
        return between(GaussianStats.of(samples1), GaussianStats.of(samples2));
    }

    /** Fréchet distance between two (mean, covariance) pairs of the same dimension. */
    public static FrechetResult between(GaussianStats a, GaussianStats b) {
        return between(a, b, LinearAlgebra.get());
    }

    /**
     * {@link #between(GaussianStats, GaussianStats)} on a given backend (tests check every backend against the
     * same oracles).
     */
    public static FrechetResult between(GaussianStats a, GaussianStats b, LinearAlgebra algebra) {
        int n = a.dims();
        if (b.dims() != n) {
            throw new IllegalArgumentException("dimensions differ: " + n + " vs " + b.dims()
                    + "; both statistics must come from features of the same width");
        }
        double[] mu1 = a.meanValues();
        double[] mu2 = b.meanValues();
        double meanTerm = 0;
        for (int i = 0; i < n; i++) {
            double d = mu1[i] - mu2[i];
            meanTerm += d * d;
        }
        // row-major symmetric matrices read column-major are themselves (their transposes): no transposing copy
        double[] s1 = a.covarianceValues();
        double[] s2 = b.covarianceValues();
        double trace1 = trace(s1, n);
        double trace2 = trace(s2, n);
        double scale = Math.max(Math.max(trace1, trace2), Double.MIN_NORMAL);

        double[] clamped = new double[1];
        Square m = congruenceByCholesky(algebra, s1, s2, n);
        if (m == null) {
            m = congruenceByCholesky(algebra, s2, s1, n);
        }
        if (m == null) {
            m = throughSquareRoot(algebra, s1, s2, n, clamped, trace1);
        }
        double traceSqrt = 0;
        double negative = 0;
        try (Square symmetric = m) {
            for (double lambda : algebra.eigenvalues(symmetric)) {
                if (lambda > 0) {
                    traceSqrt += Math.sqrt(lambda);
                } else {
                    negative -= lambda;
                }
            }
        }
        double clampedMass = clamped[0] + negative / scale;
        double covarianceTerm = Math.max(0.0, trace1 + trace2 - 2 * traceSqrt);
        return new FrechetResult(meanTerm + covarianceTerm, meanTerm, covarianceTerm, clampedMass, n);
    }

    /** L^T S L with S1 = L L^T (lower Cholesky factor); null when S1 is not numerically positive definite. */
    private static Square congruenceByCholesky(LinearAlgebra algebra, double[] s1, double[] s, int n) {
        try (Square l = algebra.square(s1, n)) {
            if (!algebra.cholesky(l)) {
                return null;
            }
            Square w = algebra.square(s, n);
            algebra.congruence(l, w);
            return w;
        }
    }

    /**
     * R S2 R with R = S1^(1/2) = V diag(sqrt(max(lambda, 0))) V^T from the eigen-decomposition of S1, symmetrised;
     * adds the clamped relative mass of S1's negative eigenvalues to {@code clamped[0]}.
     */
    private static Square throughSquareRoot(
            LinearAlgebra algebra, double[] s1, double[] s2, int n, double[] clamped, double trace1) {
        double[] vectors;
        double[] lambda;
        try (Square v = algebra.square(symmetrized(s1, n), n)) {
            lambda = algebra.eigenvectors(v);
            vectors = v.toArray();
        }
        double negative = 0;
        double[] scaled = vectors.clone(); // V diag(roots): column i times root i (column-major)
        for (int i = 0; i < n; i++) {
            double root = 0;
            if (lambda[i] > 0) {
                root = Math.sqrt(lambda[i]);
            } else {
                negative -= lambda[i];
            }
            for (int r = 0; r < n; r++) {
                scaled[i * n + r] *= root;
            }
        }
        clamped[0] += negative / Math.max(Math.abs(trace1), Double.MIN_NORMAL);
        double[] product;
        try (Square vs = algebra.square(scaled, n);
                Square v = algebra.square(vectors, n);
                Square root = algebra.multiply(vs, false, v, true);
                Square s = algebra.square(s2, n);
                Square rs = algebra.multiply(root, false, s, false);
                Square rsr = algebra.multiply(rs, false, root, false)) {
            product = rsr.toArray();
        }
        return algebra.square(symmetrized(product, n), n);
    }

    private static double[] symmetrized(double[] m, int n) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = 0.5 * (m[i * n + j] + m[j * n + i]);
            }
        }
        return out;
    }

    private static double trace(double[] m, int n) {
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += m[i * n + i];
        }
        return t;
    }
}
