package io.github.modewatch.metrics.ndb;

import smile.math.special.Erf;

/**
 * The per-bin statistics of NDB (Richardson &amp; Weiss, "On GANs and GMMs", NeurIPS 2018, Sec. 3).
 *
 * <p>Pooled two-proportion z-test: with bin shares p1 (reference, n1 samples) and p2 (generated, n2 samples),
 * p = (p1 n1 + p2 n2) / (n1 + n2), se = sqrt(p (1 - p) (1/n1 + 1/n2)), z = (p1 - p2) / se and the two-sided
 * p-value 2 Phi(-|z|) = erfc(|z| / sqrt 2). A bin with se = 0 (empty in both sets, or holding every sample of
 * both) has z = 0 and p-value 1: it is not different. This matches utils/ndb.py of the paper's code
 * (eitanrich/gans-n-gmms) except for that 0/0 case, where the reference produces NaN.
 */
public final class BinTest {
    private BinTest() {}

    /** z = (p1 - p2) / se of the pooled two-proportion test; 0 when se = 0. */
    public static double zScore(double p1, long n1, double p2, long n2) {
        requireSize(n1, "n1");
        requireSize(n2, "n2");
        double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (!(se > 0)) {
            return 0.0;
        }
        return (p1 - p2) / se;
    }

    /** Two-sided p-value of a standard normal z: 2 Phi(-|z|), accurate far in the tail (uses erfc). */
    public static double twoSidedPValue(double z) {
        if (z == 0) {
            return 1.0;
        }
        return Math.min(1.0, Erf.erfc(Math.abs(z) / Math.sqrt(2.0)));
    }

    /**
     * Jensen-Shannon divergence in nats (natural log) of two discrete distributions:
     * JS(p, q) = KL(p || m) / 2 + KL(q || m) / 2 with m = (p + q) / 2, terms with p_i = 0 contributing 0.
     * Lies in [0, ln 2].
     */
    public static double jensenShannon(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException(
                    "p has " + p.length + " bins but q has " + q.length + ": both histograms need the same bins");
        }
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double m = 0.5 * (p[i] + q[i]);
            if (p[i] > 0) {
                js += 0.5 * p[i] * Math.log(p[i] / m);
            }
            if (q[i] > 0) {
                js += 0.5 * q[i] * Math.log(q[i] / m);
            }
        }
        return Math.max(0.0, js);
    }

    private static void requireSize(long n, String name) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " = " + n + ": sample sizes must be >= 1");
        }
    }
}
