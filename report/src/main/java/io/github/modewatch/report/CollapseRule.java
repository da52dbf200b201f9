package io.github.modewatch.report;

import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.monitor.Evaluation;
import io.github.modewatch.monitor.Monitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What ModeWatch calls a mode collapse: the condition of the {@code ModeCollapse} alert rules in
 * {@code dashboards/prometheus/modewatch-alerts.yml}, evaluated on a run's evaluation history, so that the report's
 * verdict and the pager read the same run the same way.
 *
 * <p>At each NDB evaluation i, with {@code best} the lowest value of the run up to and including i (the listener's
 * {@code modewatch_ndb_fraction_best} / {@code modewatch_ndb_js_divergence_best}) and {@code recent} the lowest of
 * evaluations i-2..i ({@code _recent_min}; undefined before the third evaluation):
 * <ul>
 *   <li>NDB branch ({@code signal="ndb"}): NDB/K_i &gt; {@value #NDB_FLOOR}, recent &gt; {@value #NDB_FLOOR} and
 *       recent - best &gt;= max({@value #NDB_MIN_RISE}, {@value #NDB_RISE_SCALE} / sqrt(K)): the last three
 *       evaluations all sit clearly above the run's best NDB/K. The margin is about three standard deviations of
 *       NDB/K's evaluation-to-evaluation wobble on a plateau, sqrt(p (1 - p) / K) at p = 0.5.</li>
 *   <li>JS branch ({@code signal="js"}): recent &gt;= {@value #JS_RATIO} x best and recent - best &gt;=
 *       {@value #JS_MIN_RISE} nats: the Jensen-Shannon divergence of the bin histograms (natural log) at least
 *       doubled and rose by a large absolute amount for three evaluations in a row.</li>
 * </ul>
 * Either branch is a collapse. A run that is imperfect but stable (NDB/K on a plateau well above alpha, no bin
 * missing) does not rise over its own best, so it is not a collapse; a run that falls from 1 early in training
 * keeps its latest value as its best, so it is not either. NDB itself: Richardson &amp; Weiss, "On GANs and GMMs",
 * NeurIPS 2018.
 *
 * <p>Where the alert differs, by design: Prometheus also waits {@code for: 1m} (one scrape gap) before firing and
 * goes quiet once the run has not finished an evaluation for 3 hours (a stale Pushgateway series); the report reads
 * the history it is given, so it has neither clause. Both are about time, not about the sequence of values: on the
 * same sequence of evaluations the condition is the same (tested against promtool in the cli module,
 * {@code ReportAgreesWithAlertsIT}).
 */
public final class CollapseRule {
    /** Consecutive evaluations the rule looks at: the listener's {@link Monitor#RECENT_EVALUATIONS}. */
    public static final int RECENT = Monitor.RECENT_EVALUATIONS;
    /** NDB/K the last {@link #RECENT} evaluations must all exceed (a quarter of the bins differ). */
    public static final double NDB_FLOOR = 0.25;
    /** Smallest rise of NDB/K over the run's best that counts. */
    public static final double NDB_MIN_RISE = 0.15;
    /** The NDB/K rise must also be at least this over sqrt(K). */
    public static final double NDB_RISE_SCALE = 1.5;
    /** JS must be at least this multiple of the run's best. */
    public static final double JS_RATIO = 2.0;
    /** JS must be at least this many nats above the run's best. */
    public static final double JS_MIN_RISE = 0.1;

    private CollapseRule() {}

    /**
     * The rule at one NDB evaluation.
     *
     * @param iteration     training iteration of the evaluation
     * @param index         0-based index among the run's NDB evaluations
     * @param bins          K
     * @param ndbFraction   NDB/K of this evaluation
     * @param ndbBest       lowest NDB/K of the run up to and including this evaluation
     * @param ndbRecentMin  lowest NDB/K of the last {@link #RECENT} evaluations; NaN before there were that many
     * @param js            JS divergence of the bin histograms, nats
     * @param jsBest        lowest JS of the run so far, nats
     * @param jsRecentMin   lowest JS of the last {@link #RECENT} evaluations, nats; NaN before there were that many
     * @param ndbFires      the NDB branch holds
     * @param jsFires       the JS branch holds
     */
    public record Reading(
            long iteration,
            int index,
            int bins,
            double ndbFraction,
            double ndbBest,
            double ndbRecentMin,
            double js,
            double jsBest,
            double jsRecentMin,
            boolean ndbFires,
            boolean jsFires) {

        /** Either branch holds: the report calls this a mode collapse and ModeCollapse fires. */
        public boolean collapse() {
            return ndbFires || jsFires;
        }

        /** The rise of NDB/K over the run's best that the NDB branch wants: max(0.15, 1.5 / sqrt(K)). */
        public double ndbMargin() {
            return margin(bins);
        }

        /** Whether there were {@link #RECENT} evaluations to judge; before that the rule cannot hold. */
        public boolean enoughEvaluations() {
            return index + 1 >= RECENT;
        }
    }

    /** The rise of NDB/K over the run's best that the NDB branch wants at K bins: max(0.15, 1.5 / sqrt(K)). */
    public static double margin(int bins) {
        // the alert's clamp_min(1.5 / sqrt(modewatch_ndb_bins), 0.15), in the same double arithmetic
        return Math.max(NDB_RISE_SCALE / Math.sqrt(bins), NDB_MIN_RISE);
    }

    /**
     * The rule at every NDB evaluation of {@code history} (evaluations without NDB are skipped, as the listener's
     * gauges skip them), in the given order.
     *
     * @param history a run's evaluations, oldest first (e.g. {@link ReportInput#history()})
     */
    public static List<Reading> readings(List<Evaluation> history) {
        if (history == null) {
            throw new IllegalArgumentException("history is null: pass the run's evaluations, oldest first (or none)");
        }
        List<Reading> readings = new ArrayList<>();
        double ndbBest = Double.NaN;
        double jsBest = Double.NaN;
        double[] ndbRecent = new double[RECENT];
        double[] jsRecent = new double[RECENT];
        int n = 0;
        for (Evaluation e : history) {
            NdbResult r = e.ndb();
            if (r == null) {
                continue;
            }
            double f = r.ndbFraction();
            double js = r.js();
            ndbBest = Double.isNaN(ndbBest) ? f : Math.min(ndbBest, f);
            jsBest = Double.isNaN(jsBest) ? js : Math.min(jsBest, js);
            ndbRecent[n % RECENT] = f;
            jsRecent[n % RECENT] = js;
            boolean full = n + 1 >= RECENT;
            double ndbMin = full ? min(ndbRecent) : Double.NaN;
            double jsMin = full ? min(jsRecent) : Double.NaN;
            // NaN makes every comparison false, as a missing sample does in PromQL
            boolean ndbFires = f > NDB_FLOOR && ndbMin > NDB_FLOOR && (ndbMin - ndbBest) >= margin(r.bins());
            boolean jsFires = jsMin >= JS_RATIO * jsBest && (jsMin - jsBest) >= JS_MIN_RISE;
            readings.add(
                    new Reading(e.iteration(), n, r.bins(), f, ndbBest, ndbMin, js, jsBest, jsMin, ndbFires, jsFires));
            n++;
        }
        return List.copyOf(readings);
    }

    /** The rule at the last NDB evaluation of {@code history}, if there is one. */
    public static Optional<Reading> latest(List<Evaluation> history) {
        List<Reading> all = readings(history);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private static double min(double[] values) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return m;
    }
}
