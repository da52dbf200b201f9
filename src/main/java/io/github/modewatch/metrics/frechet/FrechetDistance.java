package io.github.modewatch.metrics.frechet;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fréchet distance between two Gaussians (Dowson &amp; Landau 1982), as used by FID and by FSD (Bau et al.,
 * "Seeing What a GAN Cannot Generate", ICCV 2019):
 * <pre>  d^2 = ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))</pre>
 *
 * <p>The trace of the matrix square root is computed without ever forming the non-symmetric (S1 S2)^(1/2):
 * with R = S1^(1/2) (symmetric, from the eigen-decomposition of S1), R S2 R is symmetric positive semi-definite
 * and similar to S1 S2, so Tr((S1 S2)^(1/2)) = sum_i sqrt(lambda_i(R S2 R)). Two symmetric eigen-decompositions
 * (LAPACK syev through ND4J) and two GEMMs; eigenvalues that come out slightly negative (rank-deficient
 * covariances, e.g. a segmentation class that never occurs) are clamped to 0 and the clamped mass is reported.
 * The result is symmetric in its arguments up to rounding and 0 for identical inputs.
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

        double[] clamped = new double[1];
        INDArray root1 = symmetricSqrt(s1, clamped, trace1);
        INDArray m = Nd4j.gemm(Nd4j.gemm(root1, s2, false, false), root1, false, false);
        symmetrize(m);
        INDArray eig = Eigen.symmetricGeneralizedEigenvalues(m, false);
        double traceSqrt = 0;
        double negative = 0;
        for (double lambda : eig.toDoubleVector()) {
            if (lambda > 0) {
                traceSqrt += Math.sqrt(lambda);
            } else {
                negative -= lambda;
            }
        }
        double scale = Math.max(Math.max(trace1, trace2), Double.MIN_NORMAL);
        double clampedMass = clamped[0] + negative / scale;
        double covarianceTerm = Math.max(0.0, trace1 + trace2 - 2 * traceSqrt);
        return new FrechetResult(meanTerm + covarianceTerm, meanTerm, covarianceTerm, clampedMass, a.dims());
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
