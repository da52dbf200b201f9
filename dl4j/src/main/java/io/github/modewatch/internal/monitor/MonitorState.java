package io.github.modewatch.internal.monitor;

import io.github.modewatch.monitor.Evaluation;
import io.github.modewatch.monitor.FailureKind;
import io.github.modewatch.monitor.Monitor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;

/**
 * The writable side of a {@link Monitor}: the listener and its evaluator thread record here; readers (the
 * Micrometer binder, the report, users) get this object only as a {@link Monitor}. Every field is atomic, no
 * locks. Internal: not part of ModeWatch's API.
 */
public final class MonitorState implements Monitor {

    private final AtomicReference<Evaluation> latest = new AtomicReference<>();
    private final List<Evaluation> history = new CopyOnWriteArrayList<>();
    private final int historyLimit;
    private final AtomicLong evaluations = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong nonFiniteOutputs = new AtomicLong();
    private final Map<FailureKind, AtomicLong> failures = new ConcurrentHashMap<>();
    private final AtomicLong trainingIteration = new AtomicLong();
    private final AtomicReference<Double> trainingScore = new AtomicReference<>(Double.NaN);
    private final DoubleAdder evaluationSeconds = new DoubleAdder();
    private final RunTrack ndbFractions = new RunTrack();
    private final RunTrack jsValues = new RunTrack();
    private final RunTrack negatedCoverage = new RunTrack(); // coverage: higher is better, so track -coverage
    private final List<Consumer<Evaluation>> evaluationListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<FailureKind>> failureListeners = new CopyOnWriteArrayList<>();

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
        if (evaluation.features() != null && evaluation.features().prdc() != null) {
            negatedCoverage.add(-evaluation.features().prdc().coverage());
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

    /** Counts a failed evaluation or export step of the given kind. */
    public void recordFailure(FailureKind kind) {
        if (kind == null) {
            throw new IllegalArgumentException(
                    "failure kind is null: pass one of " + java.util.Arrays.toString(FailureKind.values()));
        }
        failures.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        for (Consumer<FailureKind> l : failureListeners) {
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

    @Override
    public void onEvaluation(Consumer<Evaluation> listener) {
        evaluationListeners.add(listener);
    }

    @Override
    public void onFailure(Consumer<FailureKind> listener) {
        failureListeners.add(listener);
    }

    @Override
    public Evaluation latest() {
        return latest.get();
    }

    @Override
    public List<Evaluation> history() {
        return Collections.unmodifiableList(new ArrayList<>(history));
    }

    @Override
    public long evaluations() {
        return evaluations.get();
    }

    @Override
    public long skipped() {
        return skipped.get();
    }

    @Override
    public long nonFiniteOutputs() {
        return nonFiniteOutputs.get();
    }

    @Override
    public Map<FailureKind, Long> failures() {
        Map<FailureKind, Long> copy = new EnumMap<>(FailureKind.class);
        failures.forEach((k, v) -> copy.put(k, v.get()));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public long failures(FailureKind kind) {
        AtomicLong v = failures.get(kind);
        return v == null ? 0 : v.get();
    }

    @Override
    public long trainingIteration() {
        return trainingIteration.get();
    }

    @Override
    public double trainingScore() {
        return trainingScore.get();
    }

    @Override
    public double ndbFractionBest() {
        return ndbFractions.best();
    }

    @Override
    public double ndbFractionRecentMin() {
        return ndbFractions.recentMin();
    }

    @Override
    public double jsBest() {
        return jsValues.best();
    }

    @Override
    public double jsRecentMin() {
        return jsValues.recentMin();
    }

    @Override
    public double coverageBest() {
        return -negatedCoverage.best();
    }

    @Override
    public double coverageRecentMax() {
        return -negatedCoverage.recentMin();
    }

    @Override
    public double totalEvaluationSeconds() {
        return evaluationSeconds.sum();
    }

    /**
     * One metric's run-relative view for the alert rules: its lowest value so far and the lowest of the last
     * {@value #RECENT_EVALUATIONS} values. Lock-free: each add replaces an immutable array.
     */
    private static final class RunTrack {
        private final AtomicReference<double[]> recent = new AtomicReference<>(new double[0]); // oldest first
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
