package io.github.modewatch.monitor;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A read-only view of what a training listener has measured: the latest {@link Evaluation}, the evaluation
 * history, evaluator health counters and training context. Exporters, reports and user code read it (get it
 * from {@code ModeWatchListener.state()}); only the listener writes, through its own implementation, so nothing
 * holding a {@code Monitor} can record an evaluation or a failure.
 *
 * <p>Every getter reads atomic state without locks and may be called from any thread while training runs;
 * collections returned are snapshots that later evaluations do not change.
 */
public interface Monitor {
    /**
     * Evaluations behind {@link #ndbFractionRecentMin()} and {@link #jsRecentMin()}: "NDB/K stayed high for this
     * many consecutive evaluations" is what the {@code ModeCollapse} alert rule asks, whatever the time between
     * evaluations.
     */
    int RECENT_EVALUATIONS = 3;

    /** The latest evaluation, or null before the first. */
    Evaluation latest();

    /** Evaluations so far, oldest first (an unmodifiable snapshot; the oldest are dropped beyond the history limit). */
    List<Evaluation> history();

    /** Evaluations finished, including those dropped from {@link #history()}. */
    long evaluations();

    /** Due evaluations skipped because the previous one was still running. */
    long skipped();

    /** NaN or infinite values seen in generated samples, in total. */
    long nonFiniteOutputs();

    /** Failures by kind, only kinds that failed at least once (a snapshot, in {@link FailureKind} order). */
    Map<FailureKind, Long> failures();

    /** Failures of one kind so far (0 when none). */
    long failures(FailureKind kind);

    /** The latest training iteration the listener saw. */
    long trainingIteration();

    /** The model's score (loss) at {@link #trainingIteration()}; NaN before the first iteration. */
    double trainingScore();

    /**
     * The lowest NDB/K of the run so far (its best evaluation; the history limit does not apply), or NaN before
     * the first NDB evaluation.
     */
    double ndbFractionBest();

    /**
     * The lowest NDB/K of the last {@value #RECENT_EVALUATIONS} NDB evaluations, or NaN until there were that
     * many: when it is above a threshold, that many consecutive evaluations were above it.
     */
    double ndbFractionRecentMin();

    /** The lowest Jensen-Shannon divergence (nats) of the bin histograms so far, like {@link #ndbFractionBest()}. */
    double jsBest();

    /** The lowest JS divergence (nats) of the last {@value #RECENT_EVALUATIONS} NDB evaluations, or NaN until then. */
    double jsRecentMin();

    /**
     * The highest coverage (Naeem et al. 2020: share of real feature points whose k-NN ball holds a generated point)
     * of the run so far, or NaN before the first evaluation with precision/recall/density/coverage.
     */
    double coverageBest();

    /**
     * The highest coverage of the last {@value #RECENT_EVALUATIONS} evaluations, or NaN until there were that many:
     * when it is below a threshold, that many consecutive evaluations were below it (the {@code CoverageDrop} rule).
     */
    double coverageRecentMax();

    /** Wall time of all evaluations so far, seconds. */
    double totalEvaluationSeconds();

    /**
     * Calls {@code listener} after each evaluation is recorded, on the thread that records it (the listener's
     * evaluator thread, or the caller of {@code evaluateNow}). Keep it short and do not throw: it runs before
     * the next evaluation can start.
     */
    void onEvaluation(Consumer<Evaluation> listener);

    /** Calls {@code listener} with the kind of each failure after it is counted, on the thread that counts it. */
    void onFailure(Consumer<FailureKind> listener);
}
