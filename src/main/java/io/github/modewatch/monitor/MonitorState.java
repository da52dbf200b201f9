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

    public double totalEvaluationSeconds() {
        return evaluationSeconds.sum();
    }
}
