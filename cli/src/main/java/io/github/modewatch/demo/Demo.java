package io.github.modewatch.demo;

import io.github.modewatch.ModeWatch;
import io.github.modewatch.dl4j.GeneratorSampler;
import io.github.modewatch.dl4j.ModeWatchBuilder;
import io.github.modewatch.dl4j.ModeWatchListener;
import io.github.modewatch.internal.export.PrometheusEndpoint;
import io.github.modewatch.internal.gan.MixtureGan;
import io.github.modewatch.metrics.ndb.NdbOptions;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.metrics.ndb.Progress;
import io.github.modewatch.metrics.segmentation.FsdReference;
import io.github.modewatch.monitor.Evaluation;
import io.github.modewatch.report.ReportInput;
import io.github.modewatch.report.ReportSamples;
import io.github.modewatch.report.ReportWriter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ModeWatch end to end on data with known modes: trains a small {@link MixtureGan} (DL4J, CPU) with a
 * {@link ModeWatchListener} attached, serves the live metrics on {@code http://host:port/metrics} for
 * Prometheus, prints one line per evaluation and writes the end-of-run report.
 *
 * <pre>{@code
 * try (Demo demo = Demo.start(DemoOptions.of(DemoDataset.SCENES, false))) {   // binds the port
 *     System.out.println("metrics: " + demo.metricsUri());
 *     DemoResult result = demo.run(out, Progress.NONE);                         // trains, writes the report
 * }                                                                             // stops serving
 * }</pre>
 *
 * <p>While {@link #run} trains, ND4J runs single-threaded (maxThreads, maxMasterThreads and BLAS threads 1;
 * restored afterwards): for networks this small, thread hand-offs cost more than they save, and the evaluator
 * thread gets the other core. The metrics stay served after {@code run} returns, until {@link #close()}.
 */
public final class Demo implements AutoCloseable {
    /** The {@code model} tag of the demo's metrics. */
    public static final String MODEL = "mixture-gan";
    /** Real and generated samples handed to the report (grids pick from them; scatter plots show them all). */
    static final int REPORT_SAMPLES = 2_000;
    /**
     * Training iterations between explicit garbage collections. ND4J's CPU backend keeps array data off the heap
     * and frees it only after the collector finds the array unreachable; with the JVM's default heap (a quarter of
     * the machine's memory) collections are rare and dead arrays' native memory piles up (the default demo peaked
     * at 4.97 GB resident on a 23.5 GiB machine, issue #16). ND4J's own periodic GC is off on the CPU backend
     * ({@code CpuMemoryManager.isPeriodicGcActive()} is always false), so the demo collects itself.
     */
    static final int GC_EVERY = 100;
    /** How long {@link #run} waits for a running evaluation after the last iteration. */
    private static final long IDLE_WAIT_MILLIS = TimeUnit.MINUTES.toMillis(5);

    private final DemoOptions options;
    private final PrometheusMeterRegistry registry;
    private final PrometheusEndpoint endpoint;

    private Demo(DemoOptions options, PrometheusMeterRegistry registry, PrometheusEndpoint endpoint) {
        this.options = options;
        this.registry = registry;
        this.endpoint = endpoint;
    }

    /**
     * Starts serving {@code /metrics} on the options' host and port (empty until {@link #run} binds the meters).
     *
     * @throws io.github.modewatch.export.PortInUseException when the port is taken
     */
    public static Demo start(DemoOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options is null: pass DemoOptions.of(DemoDataset.SCENES, false)");
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusEndpoint endpoint;
        try {
            endpoint = PrometheusEndpoint.serve(registry, options.host(), options.port());
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return new Demo(options, registry, endpoint);
    }

    /** Where the metrics are served, e.g. {@code http://127.0.0.1:9464/metrics}. */
    public URI metricsUri() {
        return endpoint.uri();
    }

    public DemoOptions options() {
        return options;
    }

    /**
     * Draws the data, fits the NDB bins (and FSD statistics for scenes), trains for the recipe's iterations with
     * the listener attached, evaluates once more after the last iteration and writes the report.
     *
     * @param out      receives one line per evaluation (from the evaluator thread, and the last from this one)
     * @param progress receives the progress of the bin fit
     * @throws IOException when the report cannot be written
     */
    public DemoResult run(PrintWriter out, Progress progress) throws IOException, InterruptedException {
        long start = System.nanoTime();
        try (SingleThreadedNd4j ignored = SingleThreadedNd4j.enter()) {
            DemoRecipe recipe = options.recipe();
            TrainingData data = TrainingData.of(recipe, options.seed());
            NdbReference bins = NdbReference.fit(
                    data.samples(), NdbOptions.of(recipe.bins()).withSeed(options.seed()), progress);
            MixtureGan gan = recipe.newGan(options.seed());
            ModeWatchBuilder builder = ModeWatch.listener()
                    .every(recipe.every())
                    .generator(GeneratorSampler.firstLayersOf(gan.gan(), gan.generatorLayers(), gan.latentSize()))
                    .ndb(bins)
                    .samples(recipe.evaluationSamples())
                    .seed(options.seed())
                    .run(options.run())
                    .model(MODEL)
                    .registry(registry)
                    .evaluateOnClose(false)
                    .onEvaluation(e -> out.println(EvaluationLine.format(e)));
            if (recipe.dataset().hasFsd()) {
                builder.fsd(data.segmenter(), FsdReference.of(data.segmenter(), data.samples()));
            }
            List<Evaluation> history;
            try (ModeWatchListener listener = builder.build()) {
                gan.addListeners(listener);
                SplittableRandom random = new SplittableRandom(options.seed());
                for (int i = 0; i < recipe.iterations(); i++) {
                    if (recipe.collapse() && i == recipe.collapseAt()) {
                        gan.stopDiscriminatorTraining();
                        gan.setGeneratorLearningRate(recipe.collapsedGeneratorLr());
                        out.println(collapseLine(recipe));
                    }
                    gan.step(data.batch(random, recipe.batchSize()));
                    if ((i + 1) % GC_EVERY == 0) {
                        System.gc(); // frees dead arrays' native memory (see GC_EVERY)
                    }
                }
                if (!listener.awaitIdle(IDLE_WAIT_MILLIS)) {
                    out.println("(an evaluation still runs after " + IDLE_WAIT_MILLIS / 1000
                            + " s; evaluating the final " + "generator anyway)");
                }
                listener.evaluateNow(recipe.iterations());
                history = listener.state().history();
            }
            ReportSamples samples = reportSamples(data, bins, gan);
            Path index =
                    new ReportWriter().write(new ReportInput(options.run(), history, samples), options.reportDir());
            return new DemoResult(index.toAbsolutePath(), history, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** What the collapse recipe does at its iteration, for the evaluation log. */
    static String collapseLine(DemoRecipe recipe) {
        return String.format(
                java.util.Locale.ROOT,
                "iteration %,d: --collapse: the discriminator stops training and the "
                        + "generator learning rate goes %.0e -> %.0e; watch JS and NDB/K rise",
                recipe.collapseAt(),
                recipe.generatorLr(),
                recipe.collapsedGeneratorLr());
    }

    /** Real samples and the final generator's samples, each with its NDB bin, for the report's grids or scatter. */
    private ReportSamples reportSamples(TrainingData data, NdbReference bins, MixtureGan gan) {
        INDArray real = data.first(REPORT_SAMPLES);
        INDArray generated;
        try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(options.seed() + 7)) {
            INDArray z = Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, REPORT_SAMPLES, gan.latentSize()), rng);
            generated = gan.generate(z).dup();
        } catch (Exception e) {
            throw new IllegalStateException("could not draw report samples: " + e.getMessage(), e);
        }
        return ReportSamples.of(data.kind(), real, bins.assign(real), generated, bins.assign(generated));
    }

    /** Stops serving the metrics. */
    @Override
    public void close() {
        endpoint.close();
        registry.close();
    }
}
