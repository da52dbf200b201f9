package io.github.modewatch.demo;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs ND4J single-threaded for a while and restores the previous settings on {@link #close()}.
 *
 * <p>Measured on 2 cores with the demo's networks (a dense GAN of ~0.5M parameters, batch 64): with ND4J's
 * defaults a step took about twice as long and the process burnt a second core, because libnd4j's
 * elementwise ops open an OpenMP region sized by {@code maxMasterThreads} whose idle worker spins between the
 * thousands of tiny ops of a step. {@code setMaxThreads(1)} alone does not stop that worker;
 * {@code setMaxMasterThreads(1)} does. These are process-wide settings. The spinning is libgomp's wait policy
 * (300,000 rounds by default, 0 with {@code OMP_WAIT_POLICY=PASSIVE}); the README's "Training speed" section has
 * the measurements. {@code OMP_WAIT_POLICY=PASSIVE} with ND4J's defaults ran the demo about 8% faster in 3 of 4 pairs
 * but needs the variable set before the JVM starts and used 60% more CPU, so the demo keeps this
 * ({@code bench/listener/demo_threads.sh}).
 *
 * <p>Overlapping uses (two demos trained at once in one JVM, as {@code AlertsLiveIT} does) share one change: the
 * first {@link #enter()} saves ND4J's settings and sets them to 1, the last {@link #close()} restores them, so no
 * demo's settings change under another that is still training.
 */
final class SingleThreadedNd4j implements AutoCloseable {
    /** Guards {@link #active} and {@link #saved}. */
    private static final Object LOCK = new Object();

    private static int active; // open instances that changed the settings

    private static int[] saved; // maxThreads, maxMasterThreads, BLAS threads before the first open instance

    private final boolean changes;
    private boolean closed;

    private SingleThreadedNd4j(boolean changes) {
        this.changes = changes;
    }

    /**
     * System property that keeps ND4J's own thread settings instead ({@code -Dmodewatch.demo.nd4jThreads=default}),
     * for {@code bench/listener/demo_threads.sh}, which times the demo both ways (with {@code OMP_WAIT_POLICY=PASSIVE}
     * in the environment for ND4J's defaults).
     */
    static final String PROPERTY = "modewatch.demo.nd4jThreads";

    static SingleThreadedNd4j enter() {
        if ("default".equals(System.getProperty(PROPERTY))) {
            return new SingleThreadedNd4j(false);
        }
        synchronized (LOCK) {
            if (active == 0) {
                Environment env = Nd4j.getEnvironment();
                Blas blas = Nd4j.factory().blas();
                saved = new int[] {env.maxThreads(), env.maxMasterThreads(), blas.getMaxThreads()};
                env.setMaxThreads(1);
                env.setMaxMasterThreads(1);
                blas.setMaxThreads(1);
            }
            active++;
        }
        return new SingleThreadedNd4j(true);
    }

    /** Restores ND4J's settings when this is the last open instance; a second call does nothing. */
    @Override
    public void close() {
        synchronized (LOCK) {
            if (closed || !changes) {
                closed = true;
                return;
            }
            closed = true;
            if (--active == 0) {
                Environment env = Nd4j.getEnvironment();
                env.setMaxThreads(saved[0]);
                env.setMaxMasterThreads(saved[1]);
                Nd4j.factory().blas().setMaxThreads(saved[2]);
                saved = null;
            }
        }
    }
}
