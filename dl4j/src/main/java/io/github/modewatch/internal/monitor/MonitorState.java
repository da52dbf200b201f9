package io.github.modewatch.monitor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;

/**
 * What the training listener knows, for exporters and reports to read: the latest {@link Evaluation}, the
 * evaluation history, evaluator health counters and training context. Writers (the listener and its evaluator
 * thread) and readers (the Micrometer binder, the report) share one instance; every field is atomic, no locks.
 */
public final class MonitorState {
    /**
     * Evaluations behind {@link #ndbFractionRecentMin()}: "NDB/K stayed high for this many consecutive
     * evaluations" is what the ModeCollapse alert asks, whatever the time between evaluations.
     */
    public static final int RECENT_EVALUATIONS = 3;

    private final AtomicReference<Evaluation> latest = new AtomicReference<>();
    private final List<Evaluation> history = new CopyOnWriteArrayList<>();
    private final int historyLimit;
    private final AtomicLong evaluations = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong nonFiniteOutputs = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final AtomicLong trainingIteration = new AtomicLong();
    private final AtomicReference<Double> trainingScore = new AtomicReference<>(Double.NaN);
    private final DoubleAdder evaluationSeconds = new DoubleAdder();
    private final RunTrack ndbFractions = new RunTrack();
    private final RunTrack jsValues = new RunTrack();
    private final List<Consumer<Evaluation>> evaluationListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> failureListeners = new CopyOnWriteArrayList<>();

    /** Keeps the last 10,000 evaluations for the report. */
    public MonitorState() {
        this(10_000);
    }

    /** @param historyLimit evaluations kept for the report (oldest dropped first); &gt;= 1 */
    public MonitorState(int historyLimit) {
        if (historyLimit < 1) {
            throw new IllegalArgumentException("historyLimit = " + historyLimit + ": must be >= 1");
        }
        this.historyLimit = historyLimit;
    }

    /** Publishes a finished evaluation: it becomes {@link #latest()} and joins the history. */
    public void recordEvaluation(Evaluation evaluation) {
        if (evaluation.ndb() != null) {
            ndbFractions.add(evaluation.ndb().ndbFraction());
            jsValues.add(evaluation.ndb().js());
        }
        latest.set(evaluation);
        history.add(evaluation);
        while (history.size() > historyLimit) {
            history.remove(0);
        }
        evaluations.incrementAndGet();
        evaluationSeconds.add(evaluation.duration().toNanos() / 1e9);
        for (Consumer<Evaluation> l : evaluationListeners) {
            l.accept(evaluation);
        }
    }

    /** Counts a failed evaluation of the given kind (e.g. {@code sampling}, {@code ndb}, {@code push}). */
    public void recordFailure(String kind) {
        failures.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        for (Consumer<String> l : failureListeners) {
            l.accept(kind);
        }
    }

    public void recordSkipped() {
        skipped.incrementAndGet();
    }

    public void recordNonFiniteOutputs(long count) {
        nonFiniteOutputs.addAndGet(count);
    }

    public void recordTraining(long iteration, double score) {
        trainingIteration.set(iteration);
        trainingScore.set(score);
    }

    /** Called after each {@link #recordEvaluation} on the evaluator thread (e.g. to push or print). */
    public void onEvaluation(Consumer<Evaluation> listener) {
        evaluationListeners.add(listener);
    }

    /** Called after each {@link #recordFailure} with the failure's kind. */
    public void onFailure(Consumer<String> listener) {
        failureListeners.add(listener);
    }

    /** The latest evaluation, or null before the first. */
    public Evaluation latest() {
        return latest.get();
    }

    /** Evaluations so far, oldest first (an unmodifiable snapshot). */
    public List<Evaluation> history() {
        return Collections.unmodifiableList(new ArrayList<>(history));
    }

    public long evaluations() {
        return evaluations.get();
    }

    public long skipped() {
        return skipped.get();
    }

    public long nonFiniteOutputs() {
        return nonFiniteOutputs.get();
    }

    /** Failures by kind (a snapshot). */
    public Map<String, Long> failures() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        failures.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public long failures(String kind) {
        AtomicLong v = failures.get(kind);
        return v == null ? 0 : v.get();
    }

    public long trainingIteration() {
        return trainingIteration.get();
    }

    public double trainingScore() {
        return trainingScore.get();
    }

    /**
     * The lowest NDB/K of this listener's run so far (its best evaluation; the history limit does not apply),
     * or NaN before the first NDB evaluation.
     */
    public double ndbFractionBest() {
        return ndbFractions.best();
    }

    /**
     * The lowest NDB/K of the last {@value #RECENT_EVALUATIONS} NDB evaluations, or NaN until there were that
     * many: when it is above a threshold, that many consecutive evaluations were above it.
     */
    public double ndbFractionRecentMin() {
        return ndbFractions.recentMin();
    }

    /** The lowest JS divergence of the bin histograms so far, like {@link #ndbFractionBest()}. */
    public double jsBest() {
        return jsValues.best();
    }

    /** The lowest JS divergence of the last {@value #RECENT_EVALUATIONS} NDB evaluations, or NaN until then. */
    public double jsRecentMin() {
        return jsValues.recentMin();
    }

    public double totalEvaluationSeconds() {
        return evaluationSeconds.sum();
    }

    /**
     * One metric's run-relative view for the alert rules: its lowest value so far and the lowest of the last
     * {@value #RECENT_EVALUATIONS} values. Lock-free: each add replaces an immutable array.
     */
    private static final class RunTrack {
        private final AtomicReference<double[]> recent = new AtomicReference<>(new double[0]);   // oldest first
        private final AtomicReference<Double> best = new AtomicReference<>(Double.NaN);

        void add(double value) {
            recent.updateAndGet(previous -> {
                int keep = Math.min(previous.length, RECENT_EVALUATIONS - 1);
                double[] next = new double[keep + 1];
                System.arraycopy(previous, previous.length - keep, next, 0, keep);
                next[keep] = value;
                return next;
            });
            best.accumulateAndGet(value, (a, b) -> a.isNaN() ? b : Math.min(a, b));
        }

        double best() {
            return best.get();
        }

        double recentMin() {
            double[] values = recent.get();
            if (values.length < RECENT_EVALUATIONS) {
                return Double.NaN;
            }
            double min = Double.POSITIVE_INFINITY;
            for (double v : values) {
                min = Math.min(min, v);
            }
            return min;
        }
    }
}
