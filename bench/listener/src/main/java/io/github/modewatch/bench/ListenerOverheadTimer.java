package io.github.modewatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Wraps a training listener and measures, with {@link System#nanoTime()} around each call, how long the fit()
 * thread spends inside it. {@code iterationDone} calls are kept one by one (split into iterations where an
 * evaluation is due, {@code iteration % every == 0}, and the others); the other callbacks are summed. Used on the
 * fit() thread only.
 */
final class ListenerOverheadTimer implements TrainingListener {
    private final TrainingListener inner;
    private final int every;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long[] dueNanos = new long[64];
    private long[] dueCpuNanos = new long[64];
    private int due;
    private long[] otherNanos = new long[1024];
    private int other;
    private long callbackNanos;

    ListenerOverheadTimer(TrainingListener inner, int every) {
        this.inner = inner;
        this.every = every;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (iteration % every == 0) { // an evaluation is due: also the fit thread's CPU time inside the call
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            inner.iterationDone(model, iteration, epoch);
            long took = System.nanoTime() - start;
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            if (due == dueNanos.length) {
                dueNanos = Arrays.copyOf(dueNanos, due * 2);
                dueCpuNanos = Arrays.copyOf(dueCpuNanos, due * 2);
            }
            dueCpuNanos[due] = cpu;
            dueNanos[due++] = took;
        } else {
            long start = System.nanoTime();
            inner.iterationDone(model, iteration, epoch);
            long took = System.nanoTime() - start;
            if (other == otherNanos.length) {
                otherNanos = Arrays.copyOf(otherNanos, other * 2);
            }
            otherNanos[other++] = took;
        }
    }

    @Override
    public void onEpochStart(Model model) {
        long start = System.nanoTime();
        inner.onEpochStart(model);
        callbackNanos += System.nanoTime() - start;
    }

    @Override
    public void onEpochEnd(Model model) {
        long start = System.nanoTime();
        inner.onEpochEnd(model);
        callbackNanos += System.nanoTime() - start;
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        long start = System.nanoTime();
        inner.onForwardPass(model, activations);
        callbackNanos += System.nanoTime() - start;
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        long start = System.nanoTime();
        inner.onForwardPass(model, activations);
        callbackNanos += System.nanoTime() - start;
    }

    @Override
    public void onGradientCalculation(Model model) {
        long start = System.nanoTime();
        inner.onGradientCalculation(model);
        callbackNanos += System.nanoTime() - start;
    }

    @Override
    public void onBackwardPass(Model model) {
        long start = System.nanoTime();
        inner.onBackwardPass(model);
        callbackNanos += System.nanoTime() - start;
    }

    /** Forgets what was measured so far (e.g. after warm-up). */
    void reset() {
        due = 0;
        other = 0;
        callbackNanos = 0;
    }

    /** Nanoseconds of each {@code iterationDone} call at an iteration where an evaluation was due. */
    long[] dueNanos() {
        return Arrays.copyOf(dueNanos, due);
    }

    /** Fit-thread CPU nanoseconds of each {@code iterationDone} call at an iteration where an evaluation was due. */
    long[] dueCpuNanos() {
        return Arrays.copyOf(dueCpuNanos, due);
    }

    /** Nanoseconds of each other {@code iterationDone} call. */
    long[] otherNanos() {
        return Arrays.copyOf(otherNanos, other);
    }

    /** Nanoseconds in the other callbacks (forward/backward pass, gradient, epoch), summed. */
    long callbackNanos() {
        return callbackNanos;
    }
}
