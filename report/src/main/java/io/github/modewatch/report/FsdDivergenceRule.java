package io.github.modewatch.report;

import io.github.modewatch.monitor.Evaluation;
import java.util.List;
import java.util.Optional;

/**
 * When the report says FSD got worse: the condition of the {@code FsdDivergence} alert rule in
 * {@code dashboards/prometheus/modewatch-alerts.yml}, on a run's evaluation history.
 *
 * <p>FSD (Fréchet segmentation distance, Bau et al., "Seeing What a GAN Cannot Generate", ICCV 2019) is a Fréchet
 * distance between Gaussians of per-image class areas in percent, so its level depends on the data and on how good
 * a generator can get: the demo's small scenes GAN, healthy by every NDB reading, ends at FSD 80-220 against a
 * noise floor (two halves of the reference at the generated sample size) of about 0.2. Comparing FSD with the
 * floor therefore calls every imperfect generator a failure. The rule compares the run with itself instead: at the
 * latest evaluation, with {@code best} the lowest FSD of the run so far (this evaluation included),
 * <pre>  FSD &gt; {@value #RATIO} x best   and   FSD - best &gt; noise floor</pre>
 * The first clause asks for a clear regression (a healthy run wobbles by much less than 3x between evaluations);
 * the second that sampling noise cannot explain the rise. Without a noise floor (NaN) it never holds, as the alert
 * matches nothing without a floor series.
 *
 * <p>Where the alert differs, by design: it takes the lowest FSD of the last 6 hours ({@code min_over_time(...[6h])}),
 * the report of the whole history it is given; and it waits {@code for: 15m} so that one unlucky evaluation does not
 * page, while the report reads the latest evaluation. So at the end of a run whose FSD rose in its last 15 minutes
 * the report already says so and the alert may still be pending. On the same values the condition is the same
 * (tested against promtool in the cli module, {@code ReportAgreesWithAlertsIT}).
 */
public final class FsdDivergenceRule {
    /** FSD must exceed this multiple of the run's best. */
    public static final double RATIO = 3.0;

    private FsdDivergenceRule() {}

    /**
     * The rule at one evaluation.
     *
     * @param iteration  training iteration of the evaluation
     * @param fsd        FSD of this evaluation
     * @param best       lowest finite FSD of the run up to and including this evaluation
     * @param noiseFloor the evaluation's FSD noise floor, NaN when unknown
     * @param fires      FSD &gt; {@value #RATIO} x best and FSD - best &gt; noise floor
     */
    public record Reading(long iteration, double fsd, double best, double noiseFloor, boolean fires) {

        /** FSD over the run's best (1 at the best evaluation). */
        public double ratioToBest() {
            return fsd / best;
        }
    }

    /** The rule at the last evaluation of {@code history} with a finite FSD, if any. */
    public static Optional<Reading> latest(List<Evaluation> history) {
        if (history == null) {
            throw new IllegalArgumentException("history is null: pass the run's evaluations, oldest first (or none)");
        }
        double best = Double.NaN;
        Evaluation last = null;
        for (Evaluation e : history) {
            if (e.fsd() == null || !Double.isFinite(e.fsd().distance())) {
                continue;
            }
            double d = e.fsd().distance();
            best = Double.isNaN(best) ? d : Math.min(best, d);
            last = e;
        }
        if (last == null) {
            return Optional.empty();
        }
        double d = last.fsd().distance();
        double floor = last.fsdNoiseFloor();
        // NaN floor: the comparison is false, as a missing modewatch_fsd_noise_floor series matches nothing
        boolean fires = d > RATIO * best && (d - best) > floor;
        return Optional.of(new Reading(last.iteration(), d, best, floor, fires));
    }
}
