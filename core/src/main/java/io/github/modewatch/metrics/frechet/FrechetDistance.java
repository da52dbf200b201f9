package io.github.modewatch.metrics.frechet;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fréchet distance between two Gaussians (Dowson &amp; Landau 1982), as used by FID and by FSD (Bau et al.,
 * "Seeing What a GAN Cannot Generate", ICCV 2019):
 * <pre>  d^2 = ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))</pre>
 *
 * <p>The trace of the matrix square root is computed without ever forming the non-symmetric (S1 S2)^(1/2).
 * When S1 is positive definite it is factored as S1 = L L^T (Cholesky, LAPACK potrf); L^T S2 L is symmetric
 * positive semi-definite and similar to S1 S2 (L^T S2 L = L^-1 (S1 S2) L), so
 * Tr((S1 S2)^(1/2)) = sum_i sqrt(lambda_i(L^T S2 L)): one Cholesky, two triangular matrix products (BLAS trmm on ND4J's CPU backend, GEMM on others) and one
 * symmetric eigenvalue decomposition without eigenvectors (LAPACK syev, jobz = 'N'). Tr((S1 S2)^(1/2)) =
 * Tr((S2 S1)^(1/2)), so S2 is factored instead when S1 is not positive definite. When neither is (rank-deficient
 * covariances, e.g. a segmentation class that never occurs), R = S1^(1/2) is taken from the eigen-decomposition
 * of S1 and the eigenvalues of the symmetric R S2 R are used; eigenvalues that come out slightly negative are
 * clamped to 0 and the clamped mass is reported. The result is symmetric in its arguments up to rounding and 0
 * for identical inputs.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /** Fréchet distance between the Gaussians fitted to two sample sets (rows are samples). */
    public static FrechetResult between(INDArray samples1, INDArray samples2) {
        return between(GaussianStats.of(samples1), GaussianStats.of(samples2));
    }

    /** Fréchet distance between two (mean, covariance) pairs of the same dimension. */
    public static FrechetResult between(GaussianStats a, GaussianStats b) {
        if (a.dims() != b.dims()) {
            throw new IllegalArgumentException("dimensions differ: " + a.dims() + " vs " + b.dims()
                    + "; both statistics must come from features of the same width");
        }
        INDArray diff = a.mean().subi(b.mean());
        double meanTerm = diff.mul(diff).sumNumber().doubleValue();

        INDArray s1 = a.covariance();
        INDArray s2 = b.covariance();
        double trace1 = trace(s1);
        double trace2 = trace(s2);
        double scale = Math.max(Math.max(trace1, trace2), Double.MIN_NORMAL);

        double[] clamped = new double[1];
        INDArray m = congruenceByCholesky(s1, s2);
        if (m == null) {
            m = congruenceByCholesky(s2, s1);
        }
        if (m == null) {
            INDArray root1 = symmetricSqrt(s1, clamped, trace1);
            m = Nd4j.gemm(Nd4j.gemm(root1, s2, false, false), root1, false, false);
            symmetrize(m);
        }
        double traceSqrt = 0;
        double negative = 0;
        for (double lambda : eigenvalues(m)) {
            if (lambda > 0) {
                traceSqrt += Math.sqrt(lambda);
            } else {
                negative -= lambda;
            }
        }
        double clampedMass = clamped[0] + negative / scale;
        double covarianceTerm = Math.max(0.0, trace1 + trace2 - 2 * traceSqrt);
        return new FrechetResult(meanTerm + covarianceTerm, meanTerm, covarianceTerm, clampedMass, a.dims());
    }

    /** L^T S L with S1 = L L^T (lower Cholesky factor); null when S1 is not numerically positive definite. */
    private static INDArray congruenceByCholesky(INDArray s1, INDArray s) {
        INDArray l = columnMajorCopy(s1);
        try {
            Nd4j.getBlasWrapper().lapack().potrf(l, true);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Error notPositiveDefinite) {
            // ND4J reports LAPACK potrf's info > 0 ("The matrix is not positive definite!") as a java.lang.Error
            return null;
        }
        if (Nd4j.getEnvironment().isCPU()) {
            INDArray w = columnMajorCopy(s);
            CpuTriangularProduct.congruence(l, w);   // reads only the lower triangle of l
            return w;
        }
        int n = Math.toIntExact(l.rows());
        l.muli(Nd4j.tri(n, n, 0).castTo(DataType.DOUBLE));   // potrf leaves the upper triangle undefined
        return Nd4j.gemm(l, Nd4j.gemm(s, l, false, false), true, false);
    }

    /**
     * A column-major copy of a symmetric matrix. A C-ordered matrix is copied as is and read column-major: its
     * transpose, which is the same matrix, without the strided transposing copy of {@code dup('f')}.
     */
    private static INDArray columnMajorCopy(INDArray symmetric) {
        if (symmetric.ordering() != 'c' || symmetric.isView() || symmetric.rows() != symmetric.columns()) {
            return symmetric.dup('f');
        }
        long n = symmetric.rows();
        return Nd4j.create(symmetric.dup('c').data(), new long[] {n, n}, new long[] {1, n}, 0, 'f');
    }

    /** Eigenvalues of a symmetric matrix from its lower triangle (LAPACK syev without eigenvectors). */
    private static double[] eigenvalues(INDArray symmetric) {
        INDArray a = symmetric.ordering() == 'f' && !symmetric.isView() ? symmetric : columnMajorCopy(symmetric);
        INDArray values = Nd4j.create(DataType.DOUBLE, a.rows());
        int info = Nd4j.getBlasWrapper().lapack().syev('N', 'L', a, values);
        if (info != 0) {
            throw new ArithmeticException("symmetric eigenvalue decomposition did not converge (LAPACK syev info = "
                    + info + "); check the covariances for NaN or huge values");
        }
        return values.toDoubleVector();
    }

    /** V diag(sqrt(max(l, 0))) V^T of a symmetric matrix; adds the clamped relative mass to {@code clamped[0]}. */
    private static INDArray symmetricSqrt(INDArray s, double[] clamped, double trace) {
        INDArray v = s.dup('c');
        symmetrize(v);
        INDArray lambda = Eigen.symmetricGeneralizedEigenvalues(v, true);   // v now holds eigenvectors as columns
        double[] l = lambda.toDoubleVector();
        double negative = 0;
        double[] roots = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] > 0) {
                roots[i] = Math.sqrt(l[i]);
            } else {
                negative -= l[i];
            }
        }
        clamped[0] += negative / Math.max(Math.abs(trace), Double.MIN_NORMAL);
        INDArray scaled = v.mulRowVector(Nd4j.createFromArray(roots));
        return Nd4j.gemm(scaled, v, false, true);
    }

    private static double trace(INDArray m) {
        double t = 0;
        for (long i = 0; i < m.rows(); i++) {
            t += m.getDouble(i, i);
        }
        return t;
    }

    private static void symmetrize(INDArray m) {
        INDArray t = m.transpose().dup('c');
        m.addi(t).muli(0.5);
    }
}
