package io.github.modewatch.metrics.frechet;

/**
 * Fréchet distance between two Gaussians, split into its two terms.
 *
 * @param distance        meanTerm + covarianceTerm, &gt;= 0
 * @param meanTerm        ||mu1 - mu2||^2
 * @param covarianceTerm  Tr(S1 + S2 - 2 (S1 S2)^(1/2)), &gt;= 0
 * @param clampedEigenvalueMass sum of |negative eigenvalues| clamped to 0 while taking square roots, relative to
 *                        the trace of the matrix they came from; above ~1e-6 the covariances were numerically
 *                        not positive semi-definite (e.g. too few samples for d)
 * @param dims            d
 */
public record FrechetResult(
        double distance, double meanTerm, double covarianceTerm, double clampedEigenvalueMass, int dims) {}
