package io.github.modewatch.dl4j;

import io.github.modewatch.internal.export.PrometheusEndpoint;
import io.github.modewatch.internal.monitor.MonitorState;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.metrics.segmentation.FsdReference;
import io.github.modewatch.metrics.segmentation.Segmenter;
import io.github.modewatch.monitor.Evaluation;
import io.github.modewatch.monitor.FailureKind;
import io.github.modewatch.monitor.Monitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DL4J training listener that measures mode collapse while a GAN trains. Every {@code every} iterations it
 * snapshots the generator's parameters on the training thread (a {@code dup}, nothing else), and a single
 * background thread draws {@code samples} generator outputs and computes NDB and/or FSD against reference
 * statistics. Results land in a {@link Monitor} ({@link #state()}) that exporters (Prometheus, Pushgateway),
 * reports and user code read.
 *
 * <p>Guarantees: training never waits for an evaluation (one runs at a time; a due evaluation while one is
 * running is skipped and counted); no exception from sampling or metrics reaches {@code fit()} (failures are
 * counted by kind and logged once); latent vectors come from the listener's own seeded RNG, never ND4J's global
 * one, so training with and without the listener gives bit-identical parameters. Several models (a GAN and its
 * discriminator) or several ParallelWrapper workers may share one listener: at most one evaluation per
 * iteration number runs, for the highest iteration seen.
 *
 * <p>Make one with {@link io.github.modewatch.ModeWatch#listener()}; {@link #close()} it when training ends.
 */
public final class ModeWatchListener extends BaseTrainingListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModeWatchListener.class);

    private final int every;
    private final GeneratorSampler sampler;
    private final Evaluator evaluator;
    private final MonitorState state;
    private final boolean evaluateOnClose;
    private final List<AutoCloseable> resources;
    private final AtomicLong lastScheduled = new AtomicLong(Long.MIN_VALUE);
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<FailureKind> warnedKinds = ConcurrentHashMap.newKeySet();
    private volatile ExecutorService executor;
    private final PrometheusEndpoint endpoint;
    private final String run;

    /** Made by {@link ModeWatchBuilder#build()} only, with what it has already set up. */
    ModeWatchListener(
            ModeWatchBuilder b,
            MonitorState state,
            Evaluator evaluator,
            PrometheusEndpoint endpoint,
            List<AutoCloseable> resources) {
        this.every = b.every;
        this.sampler = b.sampler;
        this.state = state;
        this.evaluateOnClose = b.evaluateOnClose;
        this.resources = List.copyOf(resources);
        this.endpoint = endpoint;
        this.run = b.run;
        this.evaluator = evaluator;
        for (Consumer<Evaluation> c : b.evaluationCallbacks) {
            state.onEvaluation(c);
        }
    }

    /** What this listener has measured so far, read-only (the view its exporters read). */
    public Monitor state() {
        return state;
    }

    /** Where {@code /metrics} is served, when built with {@code serve(port)}. */
    public java.util.Optional<java.net.URI> metricsUri() {
        return java.util.Optional.ofNullable(endpoint).map(PrometheusEndpoint::uri);
    }

    /** The {@code run} tag of this listener's metrics. */
    public String run() {
        return run;
    }

    /** Iterations between evaluations. */
    public int every() {
        return every;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        try {
            state.recordTraining(iteration, model.score());
            if (closed.get() || iteration % every != 0) {
                return;
            }
            long previous = lastScheduled.get();
            if (iteration <= previous || !lastScheduled.compareAndSet(previous, iteration)) {
                return; // another model or worker sharing this listener took this iteration
            }
            if (!busy.compareAndSet(false, true)) {
                state.recordSkipped();
                return;
            }
            GeneratorSampler.Snapshot snapshot;
            try {
                snapshot = sampler.snapshot();
            } catch (RuntimeException e) {
                busy.set(false);
                fail(new EvaluationFailure(
                        FailureKind.SNAPSHOT, "could not copy the generator's parameters: " + e.getMessage(), e));
                return;
            }
            executor().execute(() -> {
                try {
                    runEvaluation(snapshot, iteration);
                } finally {
                    busy.set(false);
                }
            });
        } catch (RuntimeException e) { // never into fit()
            fail(new EvaluationFailure(FailureKind.LISTENER, "listener error: " + e, e));
        }
    }

    private void runEvaluation(GeneratorSampler.Snapshot snapshot, long iteration) {
        try {
            Evaluation e = evaluator.evaluate(snapshot, iteration, state::recordNonFiniteOutputs);
            state.recordEvaluation(e);
        } catch (EvaluationFailure f) {
            fail(f);
        } catch (RuntimeException | Error e) {
            fail(new EvaluationFailure(
                    FailureKind.EVALUATION, "evaluation at iteration " + iteration + " failed: " + e, e));
        }
    }

    private void fail(EvaluationFailure f) {
        state.recordFailure(f.kind());
        if (warnedKinds.add(f.kind())) {
            LOG.warn(
                    "ModeWatch evaluation failed ({}): {} (further '{}' failures are logged at DEBUG and counted in "
                            + "modewatch_evaluation_failures_total)",
                    f.kind(),
                    f.getMessage(),
                    f.kind(),
                    f.getCause());
        } else {
            LOG.debug("ModeWatch evaluation failed ({}): {}", f.kind(), f.getMessage(), f.getCause());
        }
    }

    private ExecutorService executor() {
        ExecutorService e = executor;
        if (e == null) {
            synchronized (this) {
                if (executor == null) {
                    executor = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "modewatch-evaluator");
                        t.setDaemon(true);
                        return t;
                    });
                }
                e = executor;
            }
        }
        return e;
    }

    /**
     * Evaluates now, on the calling thread, with the generator's current parameters (e.g. after training).
     *
     * @param iteration the iteration to label the evaluation with
     * @return the evaluation, or null when it failed (the failure is counted and logged)
     */
    public Evaluation evaluateNow(long iteration) {
        try {
            Evaluation e = evaluator.evaluate(sampler.snapshot(), iteration, state::recordNonFiniteOutputs);
            state.recordEvaluation(e);
            return e;
        } catch (EvaluationFailure f) {
            fail(f);
        } catch (RuntimeException e) {
            fail(new EvaluationFailure(FailureKind.EVALUATION, "evaluation failed: " + e, e));
        }
        return null;
    }

    /**
     * Waits up to {@code timeoutMillis} for a running evaluation to finish; true when none is running.
     * Useful in tests and at the end of short runs.
     */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (busy.get()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /**
     * Stops the evaluator: waits for a running evaluation (up to 5 minutes), runs the final evaluation if
     * configured (at the last training iteration seen, unless that iteration was already evaluated), then
     * closes the exporters this listener owns (a Pushgateway publisher pushes once more). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ExecutorService e = executor;
        if (e != null) {
            e.shutdown();
            try {
                if (!e.awaitTermination(5, TimeUnit.MINUTES)) {
                    LOG.warn("ModeWatch: an evaluation still runs after 5 minutes; stopping without waiting for it");
                    e.shutdownNow();
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        long last = state.trainingIteration();
        if (evaluateOnClose && last != lastScheduled.get()) {
            evaluateNow(last);
        }
        List<Exception> problems = new ArrayList<>();
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ex) {
                problems.add(ex);
            }
        }
        for (Exception ex : problems) {
            LOG.warn("ModeWatch: closing an exporter failed: {}", ex.toString());
        }
    }

    static void checkSegmenter(Segmenter segmenter, FsdReference fsd) {
        if (!segmenter.classes().equals(fsd.classes())) {
            throw new IllegalArgumentException(
                    "fsd: the reference is over classes " + fsd.classes() + " but the segmenter has "
                            + segmenter.classes() + "; compute the reference with the same segmenter");
        }
    }

    static void checkNdb(NdbReference ndb) {
        if (ndb == null) {
            throw new IllegalArgumentException(
                    "ndb is null: pass NdbReference.fit(realSamples, 100) or NdbReference.load(path)");
        }
    }
}
