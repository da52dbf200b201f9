package io.github.modewatch.report;

import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.monitor.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one-line reading of the latest evaluation shown at the top of a report.
 *
 * <p>NDB: when the generated samples share the reference distribution, each of the K bins is flagged with
 * probability alpha (Richardson &amp; Weiss, NeurIPS 2018, Sec. 3), so NDB is roughly Binomial(K, alpha) (the
 * bins are not quite independent: their shares sum to 1). When P(Binomial(K, alpha) &gt;= NDB) &lt;
 * {@value #NDB_TAIL}, that many different bins are hard to get by chance: the verdict reads "mode collapse likely"
 * when at least one of them is {@linkplain NdbResult#isMissing(int) missing} (a region of the data the generator
 * has all but stopped producing: a dropped mode), and "bin shares differ, none missing" otherwise (every region
 * is produced, some too often or too rarely: what small GANs that are not collapsing show, e.g. the demo's scenes
 * GAN at NDB/K 0.4-0.7).
 *
 * <p>FSD: compared with its noise floor (FSD between two halves of the reference at the generated sample size,
 * Bau et al., ICCV 2019, Sec. 3); above {@value #FSD_NOISE_FACTOR} times the floor the class statistics differ.
 */
final class Verdict {
    /** Binomial upper-tail probability below which the number of different bins is called unlikely by chance. */
    static final double NDB_TAIL = 0.01;
    /** FSD above this multiple of its noise floor is called a difference. */
    static final double FSD_NOISE_FACTOR = 2.0;
    /** Bins listed by name in the verdict before "and N more". */
    private static final int LISTED_BINS = 8;

    private Verdict() {
    }

    /** The verdict for the latest evaluation, or a line saying there is none yet. */
    static String of(Optional<Evaluation> latest) {
        if (latest.isEmpty()) {
            return "no evaluation yet: the report fills in after the first evaluation";
        }
        List<String> parts = new ArrayList<>();
        latest.get().ndbResult().ifPresent(ndb -> parts.add(ndb(ndb)));
        latest.get().fsdResult().ifPresent(fsd -> parts.add(fsd(fsd, latest.get().fsdNoiseFloor())));
        if (parts.isEmpty()) {
            return "the latest evaluation has neither NDB nor FSD results";
        }
        return String.join("; ", parts);
    }

    /** Whether the latest evaluation shows mode collapse (NDB) or a class-statistics difference (FSD). */
    static boolean alarming(Optional<Evaluation> latest) {
        return latest.isPresent() && (latest.get().ndbResult().map(Verdict::collapse).orElse(false)
                || latest.get().fsdResult().map(f -> fsdDiffers(f, latest.get().fsdNoiseFloor())).orElse(false));
    }

    /**
     * The verdict box's style (a CSS class of {@link Html}): "none" before the first evaluation, "alarm" when
     * {@link #alarming}, "warn" when more bins differ than chance explains but none is missing, else "ok".
     */
    static String boxClass(Optional<Evaluation> latest) {
        if (latest.isEmpty()) {
            return "none";
        }
        if (alarming(latest)) {
            return "alarm";
        }
        return latest.get().ndbResult().map(Verdict::differsBeyondChance).orElse(false) ? "warn" : "ok";
    }

    /** More different bins than chance explains: P(Binomial(K, alpha) &gt;= NDB) &lt; {@value #NDB_TAIL}. */
    static boolean differsBeyondChance(NdbResult ndb) {
        return ndb.ndb() > 0 && binomialUpperTail(ndb.bins(), ndb.alpha(), ndb.ndb()) < NDB_TAIL;
    }

    /** {@link #differsBeyondChance} with at least one bin missing: a dropped mode. */
    static boolean collapse(NdbResult ndb) {
        return differsBeyondChance(ndb) && ndb.missingBins().length > 0;
    }

    /** FSD above {@value #FSD_NOISE_FACTOR} times a known, positive noise floor. */
    static boolean fsdDiffers(FsdResult fsd, double noiseFloor) {
        return Double.isFinite(noiseFloor) && noiseFloor > 0 && fsd.distance() > FSD_NOISE_FACTOR * noiseFloor;
    }

    static String ndb(NdbResult ndb) {
        int k = ndb.bins();
        double expected = ndb.alpha() * k;
        StringBuilder s = new StringBuilder(collapse(ndb) ? "mode collapse likely: "
                : differsBeyondChance(ndb) ? "bin shares differ, none missing: " : "no sign of mode collapse: ");
        s.append(ndb.ndb()).append(" of ").append(k).append(k == 1 ? " bin " : " bins ")
                .append(ndb.ndb() == 1 ? "differs" : "differ")
                .append(" (about ").append(format(expected)).append(" expected by chance at alpha ")
                .append(format(ndb.alpha())).append(')');
        double[] z = ndb.zScores();
        boolean[] different = ndb.different();
        List<Integer> missing = new ArrayList<>();
        List<Integer> under = new ArrayList<>();
        List<Integer> over = new ArrayList<>();
        for (int b = 0; b < k; b++) {
            if (different[b]) {
                (z[b] <= 0 ? over : ndb.isMissing(b) ? missing : under).add(b);
            }
        }
        if (!missing.isEmpty()) {
            s.append("; missing (under ").append(NdbResult.missingShareFraction()).append(" of their share): ")
                    .append(bins(missing)).append(" (").append(percent(ndb.missingReferenceShare()))
                    .append(" of the reference samples)");
        }
        if (!under.isEmpty()) {
            s.append("; under-generated: ").append(bins(under));
        }
        if (!over.isEmpty()) {
            s.append("; over-generated: ").append(bins(over));
        }
        return s.toString();
    }

    static String fsd(FsdResult fsd, double noiseFloor) {
        StringBuilder s = new StringBuilder();
        double d = fsd.distance();
        boolean differs = fsdDiffers(fsd, noiseFloor);
        if (differs) {
            s.append("segment statistics differ: FSD ").append(format(d)).append(" is ").append(format(d / noiseFloor))
                    .append("x its noise floor ").append(format(noiseFloor));
        } else if (Double.isFinite(noiseFloor) && noiseFloor > 0) {
            s.append("FSD ").append(format(d)).append(" is within ").append(format(FSD_NOISE_FACTOR))
                    .append("x its noise floor ").append(format(noiseFloor));
        } else {
            s.append("FSD ").append(format(d)).append(" (no noise floor to compare with)");
        }
        double[] delta = fsd.relativeDeltas();
        int worst = -1;
        for (int i = 0; i < delta.length; i++) {
            if (!Double.isNaN(delta[i]) && (worst < 0 || delta[i] < delta[worst])) {
                worst = i;
            }
        }
        if (worst >= 0 && delta[worst] < 0) {
            s.append("; most under-generated class: ").append(fsd.classes().get(worst)).append(" (")
                    .append(String.format(Locale.ROOT, "%+.0f%%", 100 * delta[worst])).append(')');
        }
        return s.toString();
    }

    /** P(X &gt;= x) for X ~ Binomial(n, p), summed in log space. */
    static double binomialUpperTail(int n, double p, int x) {
        if (x <= 0) {
            return 1.0;
        }
        if (x > n) {
            return 0.0;
        }
        double sum = 0;
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        for (int i = x; i <= n; i++) {
            sum += Math.exp(logChoose(n, i) + i * logP + (n - i) * logQ);
        }
        return Math.min(1.0, sum);
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log((double) (n - k + i) / i);
        }
        return s;
    }

    private static String bins(List<Integer> bins) {
        StringBuilder s = new StringBuilder(bins.size() == 1 ? "bin " : "bins ");
        for (int i = 0; i < Math.min(LISTED_BINS, bins.size()); i++) {
            s.append(i == 0 ? "" : ", ").append(bins.get(i));
        }
        if (bins.size() > LISTED_BINS) {
            s.append(" and ").append(bins.size() - LISTED_BINS).append(" more");
        }
        return s.toString();
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    /** Up to 3 significant decimals, no trailing zeros, root locale. */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        double a = Math.abs(v);
        String s = a >= 100 ? String.format(Locale.ROOT, "%.1f", v)
                : a >= 1 ? String.format(Locale.ROOT, "%.2f", v)
                : a >= 0.001 ? String.format(Locale.ROOT, "%.4f", v)
                : String.format(Locale.ROOT, "%.3g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
