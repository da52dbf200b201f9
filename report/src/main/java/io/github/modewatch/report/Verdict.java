package io.github.modewatch.report;

import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.monitor.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one-line reading of a run shown at the top of a report, and the colour of its box.
 *
 * <p>Mode collapse is what the {@code ModeCollapse} alert calls one, {@link CollapseRule}: over the last
 * {@value CollapseRule#RECENT} evaluations NDB/K or the JS divergence of the bin histograms rose clearly above the
 * run's own best. Only that is red ("alarm"), as only that alert is critical. NDB/K alone cannot be compared with
 * alpha to call a run healthy: alpha is the rate at which bins differ by chance when the generated samples come from
 * the reference distribution (Richardson &amp; Weiss, NeurIPS 2018, Sec. 3), so NDB is roughly Binomial(K, alpha)
 * for a perfect generator, and imperfect-but-healthy generators (the demo's scenes GAN: NDB/K 0.4-0.7, no bin
 * missing) sit well above it for their whole run. When P(Binomial(K, alpha) &gt;= NDB) &lt; {@value #NDB_TAIL} the
 * verdict says the bin shares differ (amber), and it names the {@linkplain NdbResult#isMissing(int) missing} bins
 * (different, and under a quarter of their reference share: regions the generator has all but stopped producing).
 * Missing bins without a rise over the run's best are amber too: a generator that never learned those regions, or
 * too few evaluations to tell.
 *
 * <p>FSD is judged against the run's own best with {@link FsdDivergenceRule} (the {@code FsdDivergence} alert,
 * severity warning, so amber), not against its noise floor: the floor (two halves of the reference) is what a
 * perfect generator would score, and every imperfect generator is many times above it.
 */
final class Verdict {
    /** Binomial upper-tail probability below which the number of different bins is called unlikely by chance. */
    static final double NDB_TAIL = 0.01;
    /** Bins listed by name in the verdict; longer lists end with "and N more", N &gt;= 2. */
    static final int LISTED_BINS = 10;

    private Verdict() {}

    /** The verdict for a run's history (oldest first), or a line saying there is no evaluation yet. */
    static String of(List<Evaluation> history) {
        if (history.isEmpty()) {
            return "no evaluation yet: the report fills in after the first evaluation";
        }
        Evaluation latest = history.get(history.size() - 1);
        List<String> parts = new ArrayList<>();
        if (latest.ndb() != null) {
            parts.add(ndb(latest.ndb(), CollapseRule.readings(history)));
        }
        FsdDivergenceRule.latest(history)
                .filter(r -> r.iteration() == latest.iteration() && latest.fsd() != null)
                .ifPresent(r -> parts.add(fsd(latest.fsd(), r)));
        if (parts.isEmpty()) {
            return "the latest evaluation has neither NDB nor FSD results";
        }
        return String.join("; ", parts);
    }

    /** Whether the run ends in a mode collapse by {@link CollapseRule} (the ModeCollapse alert's condition). */
    static boolean alarming(List<Evaluation> history) {
        return !history.isEmpty()
                && history.get(history.size() - 1).ndb() != null
                && CollapseRule.latest(history)
                        .map(CollapseRule.Reading::collapse)
                        .orElse(false);
    }

    /**
     * The verdict box's style (a CSS class of {@link Html}): "none" before the first evaluation, "alarm" for a
     * collapse ({@link #alarming}), "warn" when more bins differ than chance explains or FSD rose by
     * {@link FsdDivergenceRule}, else "ok".
     */
    static String boxClass(List<Evaluation> history) {
        if (history.isEmpty()) {
            return "none";
        }
        if (alarming(history)) {
            return "alarm";
        }
        Evaluation latest = history.get(history.size() - 1);
        boolean ndbWarn = latest.ndb() != null && differsBeyondChance(latest.ndb());
        boolean fsdWarn = latest.fsd() != null
                && FsdDivergenceRule.latest(history)
                        .map(FsdDivergenceRule.Reading::fires)
                        .orElse(false);
        return ndbWarn || fsdWarn ? "warn" : "ok";
    }

    /** More different bins than chance explains: P(Binomial(K, alpha) &gt;= NDB) &lt; {@value #NDB_TAIL}. */
    static boolean differsBeyondChance(NdbResult ndb) {
        return ndb.ndb() > 0 && binomialUpperTail(ndb.bins(), ndb.alpha(), ndb.ndb()) < NDB_TAIL;
    }

    /** The NDB part: the collapse rule's reading at the last of {@code readings}, then the bins of {@code ndb}. */
    static String ndb(NdbResult ndb, List<CollapseRule.Reading> readings) {
        int k = ndb.bins();
        CollapseRule.Reading last = readings.get(readings.size() - 1);
        int missingCount = ndb.missingBins().length;
        StringBuilder s = new StringBuilder();
        if (last.collapse()) {
            s.append("mode collapse (the ModeCollapse alert's rule): ").append(why(last));
            s.append("; ");
        } else if (missingCount > 0 && differsBeyondChance(ndb)) {
            if (!last.enoughEvaluations()) {
                s.append("bins missing, too few evaluations to call a collapse (")
                        .append(last.index() + 1)
                        .append(" of the ")
                        .append(CollapseRule.RECENT)
                        .append(" the ModeCollapse rule compares with " + "the run's best); ");
            } else if (risingNow(last)) {
                s.append("bins missing and the latest evaluation is clearly worse than the run's best (NDB/K ")
                        .append(fraction(last.ndbBest()))
                        .append(", JS ")
                        .append(format(last.jsBest()))
                        .append(" nats), but not yet ")
                        .append(CollapseRule.RECENT)
                        .append(" evaluations in a row, " + "which the ModeCollapse rule waits for; ");
            } else {
                s.append("bins missing, but no collapse by the ModeCollapse rule: NDB/K and JS are not clearly above "
                                + "the run's best (NDB/K ")
                        .append(fraction(last.ndbBest()))
                        .append(", JS ")
                        .append(format(last.jsBest()))
                        .append(" nats), so these are regions the generator has not "
                                + "learned rather than dropped; ");
            }
        } else if (differsBeyondChance(ndb)) {
            s.append("bin shares differ, none missing: ");
        } else {
            s.append("no sign of mode collapse: ");
        }
        double expected = ndb.alpha() * k;
        s.append(ndb.ndb())
                .append(" of ")
                .append(k)
                .append(k == 1 ? " bin " : " bins ")
                .append(ndb.ndb() == 1 ? "differs" : "differ")
                .append(" (NDB/K ")
                .append(fraction(ndb.ndbFraction()))
                .append("; about ")
                .append(format(expected))
                .append(" by chance at alpha ")
                .append(format(ndb.alpha()))
                .append(" if the distributions matched)");
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
            s.append("; missing (under ")
                    .append(NdbResult.missingShareFraction())
                    .append(" of their share): ")
                    .append(bins(missing))
                    .append(" (")
                    .append(percent(ndb.missingReferenceShare()))
                    .append(" of the reference samples)");
        }
        if (!under.isEmpty()) {
            s.append("; under-generated: ").append(bins(under));
        }
        if (!over.isEmpty()) {
            s.append("; over-generated: ").append(bins(over));
        }
        s.append("; JS ").append(format(ndb.js())).append(" nats");
        if (!last.collapse()) {
            earlierCollapse(readings).ifPresent(span -> s.append("; the ModeCollapse rule held earlier, at ")
                    .append(span));
        }
        return s.toString();
    }

    /** The latest values alone (not yet the last {@value CollapseRule#RECENT}) meet a branch of the rule. */
    private static boolean risingNow(CollapseRule.Reading r) {
        boolean ndb = r.ndbFraction() > CollapseRule.NDB_FLOOR && r.ndbFraction() - r.ndbBest() >= r.ndbMargin();
        boolean js = r.js() >= CollapseRule.JS_RATIO * r.jsBest() && r.js() - r.jsBest() >= CollapseRule.JS_MIN_RISE;
        return ndb || js;
    }

    /** Why {@link CollapseRule} holds at {@code r}: the branch(es) and their numbers. */
    private static String why(CollapseRule.Reading r) {
        List<String> reasons = new ArrayList<>();
        if (r.ndbFires()) {
            reasons.add("NDB/K at least " + fraction(r.ndbRecentMin()) + " for the last " + CollapseRule.RECENT
                    + " evaluations, " + fraction(r.ndbRecentMin() - r.ndbBest()) + " above the run's best "
                    + fraction(r.ndbBest()) + " (the rule: above " + format(CollapseRule.NDB_FLOOR) + " and at least "
                    + fraction(r.ndbMargin()) + " above, max(0.15, 1.5/sqrt(K)) at K = " + r.bins() + ")");
        }
        if (r.jsFires()) {
            reasons.add("JS at least " + format(r.jsRecentMin()) + " nats for the last " + CollapseRule.RECENT
                    + " evaluations, " + format(r.jsRecentMin() / r.jsBest()) + "x the run's best "
                    + format(r.jsBest()) + " (the rule: at least " + format(CollapseRule.JS_RATIO) + "x and "
                    + format(CollapseRule.JS_MIN_RISE) + " nats above)");
        }
        return String.join(", and ", reasons);
    }

    /** "iteration A" or "iterations A to B": the first and last evaluation where the rule held, if any did. */
    private static Optional<String> earlierCollapse(List<CollapseRule.Reading> readings) {
        List<CollapseRule.Reading> held =
                readings.stream().filter(CollapseRule.Reading::collapse).toList();
        if (held.isEmpty()) {
            return Optional.empty();
        }
        long first = held.get(0).iteration();
        long last = held.get(held.size() - 1).iteration();
        return Optional.of(
                first == last ? "iteration " + count(first) : "iterations " + count(first) + " to " + count(last));
    }

    /** The FSD part: the value, its noise floor and {@link FsdDivergenceRule}'s reading. */
    static String fsd(FsdResult fsd, FsdDivergenceRule.Reading rule) {
        StringBuilder s = new StringBuilder();
        double d = fsd.distance();
        if (rule.fires()) {
            s.append("FSD rose: ")
                    .append(format(d))
                    .append(" is ")
                    .append(format(rule.ratioToBest()))
                    .append("x the run's best ")
                    .append(format(rule.best()))
                    .append(" (the FsdDivergence alert's rule: " + "over ")
                    .append(format(FsdDivergenceRule.RATIO))
                    .append("x, and a rise above the noise floor ")
                    .append(format(rule.noiseFloor()))
                    .append(')');
        } else {
            s.append("FSD ").append(format(d));
            if (d == rule.best()) {
                s.append(", the run's best so far");
            } else {
                s.append(", ")
                        .append(format(rule.ratioToBest()))
                        .append("x the run's best ")
                        .append(format(rule.best()));
            }
            s.append(
                    Double.isFinite(rule.noiseFloor())
                            ? " (noise floor " + format(rule.noiseFloor()) + ", what a "
                                    + "perfect generator would score)"
                            : " (no noise floor)");
        }
        double[] delta = fsd.relativeDeltas();
        int worst = -1;
        for (int i = 0; i < delta.length; i++) {
            if (!Double.isNaN(delta[i]) && (worst < 0 || delta[i] < delta[worst])) {
                worst = i;
            }
        }
        if (worst >= 0 && delta[worst] < 0) {
            s.append("; most under-generated class: ")
                    .append(fsd.classes().get(worst))
                    .append(" (")
                    .append(String.format(Locale.ROOT, "%+.0f%%", 100 * delta[worst]))
                    .append(')');
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

    /** "bin 3" or "bins 1, 2, 5": all of them up to {@link #LISTED_BINS} + 1, never "and 1 more". */
    static String bins(List<Integer> bins) {
        StringBuilder s = new StringBuilder(bins.size() == 1 ? "bin " : "bins ");
        int listed = bins.size() <= LISTED_BINS + 1 ? bins.size() : LISTED_BINS;
        for (int i = 0; i < listed; i++) {
            s.append(i == 0 ? "" : ", ").append(bins.get(i));
        }
        if (listed < bins.size()) {
            s.append(" and ").append(bins.size() - listed).append(" more");
        }
        return s.toString();
    }

    /** NDB/K and other fractions in 0..1: always two decimals ("1.00", not "1"). */
    static String fraction(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
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
        String s = a >= 100
                ? String.format(Locale.ROOT, "%.1f", v)
                : a >= 1
                        ? String.format(Locale.ROOT, "%.2f", v)
                        : a >= 0.001 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.3g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
