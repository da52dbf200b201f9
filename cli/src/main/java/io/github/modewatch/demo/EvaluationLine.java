package io.github.modewatch.demo;

import io.github.modewatch.metrics.features.FeatureResult;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.monitor.Evaluation;
import java.util.Locale;

/**
 * The compact line the demo prints per evaluation, e.g.
 * <pre>
 * iteration  1,500  NDB/K 0.900 (9/10 bins, 1 missing)  JS 0.1505  FSD 303.5 (noise 0.4, person -73%)  eval 0.21 s
 * </pre>
 * NDB/K with the count behind it and how many bins are {@link NdbResult#missingBins() missing}, the JS
 * divergence of the bin histograms (nats), FSD with its noise floor and the class whose area share fell most
 * relative to the reference, the feature metrics when configured (Fréchet distance with its noise floor, KID,
 * precision/recall/density/coverage), and the evaluation's wall time.
 */
public final class EvaluationLine {
    private EvaluationLine() {}

    /** The line for one evaluation (no trailing newline). */
    public static String format(Evaluation e) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "iteration %,7d", e.iteration()));
        NdbResult ndb = e.ndb();
        if (ndb != null) {
            s.append(String.format(
                    Locale.ROOT,
                    "  NDB/K %.3f (%d/%d bins, %d missing)  JS %.4f",
                    ndb.ndbFraction(),
                    ndb.ndb(),
                    ndb.bins(),
                    ndb.missingBins().length,
                    ndb.js()));
        }
        FsdResult fsd = e.fsd();
        if (fsd != null) {
            s.append(String.format(Locale.ROOT, "  FSD %.1f (noise %.1f", fsd.distance(), e.fsdNoiseFloor()));
            int worst = mostUnderGenerated(fsd.relativeDeltas());
            if (worst >= 0) {
                s.append(String.format(
                        Locale.ROOT, ", %s %+.0f%%", fsd.classes().get(worst), 100 * fsd.relativeDeltas()[worst]));
            }
            s.append(')');
        }
        FeatureResult f = e.features();
        if (f != null) {
            s.append(String.format(
                    Locale.ROOT, "  features FD %.2f (noise %.2f)", f.frechet().distance(), f.frechetNoiseFloor()));
            if (f.kid() != null) {
                s.append(String.format(Locale.ROOT, "  KID %.4f", f.kid().kid()));
            }
            if (f.prdc() != null) {
                s.append(String.format(
                        Locale.ROOT,
                        "  P %.2f R %.2f D %.2f C %.2f",
                        f.prdc().precision(),
                        f.prdc().recall(),
                        f.prdc().density(),
                        f.prdc().coverage()));
            }
        }
        s.append(String.format(Locale.ROOT, "  eval %.2f s", e.duration().toNanos() / 1e9));
        return s.toString();
    }

    /** Index of the most negative finite relative delta, or -1 when none is negative. */
    static int mostUnderGenerated(double[] deltas) {
        int worst = -1;
        for (int i = 0; i < deltas.length; i++) {
            if (Double.isFinite(deltas[i]) && deltas[i] < 0 && (worst < 0 || deltas[i] < deltas[worst])) {
                worst = i;
            }
        }
        return worst;
    }
}
