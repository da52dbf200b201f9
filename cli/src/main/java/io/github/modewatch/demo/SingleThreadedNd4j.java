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
 */
final class SingleThreadedNd4j implements AutoCloseable {
    private final int maxThreads;
    private final int maxMasterThreads;
    private final int blasThreads;

    private SingleThreadedNd4j(int maxThreads, int maxMasterThreads, int blasThreads) {
        this.maxThreads = maxThreads;
        this.maxMasterThreads = maxMasterThreads;
        this.blasThreads = blasThreads;
    }

    /**
     * System property that keeps ND4J's own thread settings instead ({@code -Dmodewatch.demo.nd4jThreads=default}),
     * for {@code bench/listener/demo_threads.sh}, which times the demo both ways (with {@code OMP_WAIT_POLICY=PASSIVE}
     * in the environment for ND4J's defaults).
     */
    static final String PROPERTY = "modewatch.demo.nd4jThreads";

    static SingleThreadedNd4j enter() {
        Environment env = Nd4j.getEnvironment();
        Blas blas = Nd4j.factory().blas();
        SingleThreadedNd4j previous =
                new SingleThreadedNd4j(env.maxThreads(), env.maxMasterThreads(), blas.getMaxThreads());
        if ("default".equals(System.getProperty(PROPERTY))) {
            return previous;
        }
        env.setMaxThreads(1);
        env.setMaxMasterThreads(1);
        blas.setMaxThreads(1);
        return previous;
    }

    @Override
    public void close() {
        Environment env = Nd4j.getEnvironment();
        env.setMaxThreads(maxThreads);
        env.setMaxMasterThreads(maxMasterThreads);
        Nd4j.factory().blas().setMaxThreads(blasThreads);
    }
}
