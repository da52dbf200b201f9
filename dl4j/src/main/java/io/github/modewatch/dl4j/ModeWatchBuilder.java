package io.github.modewatch.dl4j;

import io.github.modewatch.export.MetricNames;
import io.github.modewatch.export.ModeWatchMetrics;
import io.github.modewatch.export.PortInUseException;
import io.github.modewatch.internal.dl4j.ListenerBuilders;
import io.github.modewatch.internal.export.PrometheusEndpoint;
import io.github.modewatch.internal.export.PushgatewayPublisher;
import io.github.modewatch.internal.monitor.MonitorState;
import io.github.modewatch.metrics.features.FeatureExtractor;
import io.github.modewatch.metrics.features.FeatureReference;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.metrics.segmentation.FsdReference;
import io.github.modewatch.metrics.segmentation.Segmenter;
import io.github.modewatch.monitor.Evaluation;
import io.github.modewatch.monitor.FailureKind;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Builds an immutable {@link ModeWatchListener}. Every setter checks its value and says what to pass instead:
 * <pre>{@code
 * ModeWatchListener monitor = ModeWatch.listener()
 *         .every(500)
 *         .generator(GeneratorSampler.firstLayersOf(gan, 4, latentDim))
 *         .ndb(NdbReference.fit(realSamples, 100))
 *         .samples(5_000)
 *         .registry(meterRegistry)
 *         .build();
 * gan.addListeners(monitor);
 * }</pre>
 *
 * <p>{@link #build()} makes one listener per builder: it either returns a listener whose endpoint, meters and
 * Pushgateway publisher are all in place, or throws and leaves nothing behind (no meters in the registries
 * passed to {@link #registry}, no open endpoint, no thread), so a build that failed (e.g. on a port clash) can
 * be fixed and retried on the same builder. A second {@code build()} after a successful one is refused: the two
 * listeners would share a run name and registries, and one would hide the other's metrics.
 */
public final class ModeWatchBuilder {
    int every = 500;
    GeneratorSampler sampler;
    NdbReference ndb;
    double alpha = 0.05;
    Segmenter segmenter;
    FsdReference fsd;
    FeatureExtractor extractor;
    FeatureReference features;
    int samples = 5_000;
    int batchSize = 500;
    long seed = 42;
    boolean evaluateOnClose = true;
    boolean checkOnBuild = true;
    final List<Consumer<Evaluation>> evaluationCallbacks = new ArrayList<>();
    final List<AutoCloseable> resources = new ArrayList<>();
    String run = "default";
    String model = "";
    final List<MeterRegistry> registries = new ArrayList<>();
    String serveHost;
    int servePort = -1;
    String pushgatewayAddress;
    String pushgatewayJob = PushgatewayPublisher.DEFAULT_JOB;
    private boolean built;

    static {
        ListenerBuilders.install(ModeWatchBuilder::new);
    }

    /** Failure kinds registered at 0 so alert rules see the first failure: all but push, which needs a gateway. */
    static final Set<FailureKind> EVALUATOR_FAILURE_KINDS = EnumSet.complementOf(EnumSet.of(FailureKind.PUSH));

    private ModeWatchBuilder() {}

    /** Iterations between evaluations (default 500). */
    public ModeWatchBuilder every(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException(
                    "every = " + iterations + ": must be >= 1; pass the iterations between " + "evaluations, e.g. 500");
        }
        this.every = iterations;
        return this;
    }

    /** How to draw generator outputs (required); see {@link GeneratorSampler}'s factories. */
    public ModeWatchBuilder generator(GeneratorSampler sampler) {
        if (sampler == null) {
            throw new IllegalArgumentException(
                    "generator is null: pass e.g. GeneratorSampler.firstLayersOf(gan, 4, latentDim)");
        }
        this.sampler = sampler;
        return this;
    }

    /** NDB against these reference bins (fit once with {@link NdbReference#fit}, or {@link NdbReference#load}). */
    public ModeWatchBuilder ndb(NdbReference reference) {
        ModeWatchListener.checkNdb(reference);
        this.ndb = reference;
        return this;
    }

    /** Significance level of NDB's per-bin test (default 0.05, as in the NDB paper). */
    public ModeWatchBuilder alpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha = " + alpha + ": must be in (0, 1); the NDB paper uses 0.05");
        }
        this.alpha = alpha;
        return this;
    }

    /** FSD: generated images are labelled by {@code segmenter} and compared with {@code reference}. */
    public ModeWatchBuilder fsd(Segmenter segmenter, FsdReference reference) {
        if (segmenter == null || reference == null) {
            throw new IllegalArgumentException("fsd needs a segmenter and a reference, got " + segmenter + " and "
                    + reference + "; e.g. .fsd(segmenter, FsdReference.of(segmenter, realImages))");
        }
        ModeWatchListener.checkSegmenter(segmenter, reference);
        this.segmenter = segmenter;
        this.fsd = reference;
        return this;
    }

    /**
     * Feature metrics: each evaluation runs {@code extractor} over the generated samples (in the generator's output
     * shape, in batches of {@link #batchSize}) and compares the features with {@code reference}: Fréchet distance
     * (FID when the extractor is Inception-v3 pool3), KID and precision/recall/density/coverage, as the reference
     * is configured ({@link FeatureReference#withKid}, {@link FeatureReference#withoutPrdc()}, ...). Exported with
     * the label {@code features = extractor.name()}. The listener closes the extractor when it closes.
     *
     * <pre>{@code
     * OnnxFeatureExtractor inception = OnnxFeatureExtractor.builder(Path.of("inception.onnx")).build();
     * ModeWatch.listener()...
     *         .features(inception, FeatureReference.of(inception, realImages))
     * }</pre>
     */
    public ModeWatchBuilder features(FeatureExtractor extractor, FeatureReference reference) {
        if (extractor == null || reference == null) {
            throw new IllegalArgumentException("features needs an extractor and a reference, got " + extractor + " and "
                    + reference + "; e.g. .features(extractor, FeatureReference.of(extractor, realImages))");
        }
        if (extractor.name() == null || extractor.name().isBlank()) {
            throw new IllegalArgumentException("feature extractor " + extractor + " has a blank name(); the name is "
                    + "the 'features' label of every exported score, e.g. \"inception-v3-pool3-299\"");
        }
        this.extractor = extractor;
        this.features = reference;
        return this;
    }

    /** Generated samples per evaluation (default 5,000; NDB wants >= 10 per bin). */
    public ModeWatchBuilder samples(int samples) {
        if (samples < 2) {
            throw new IllegalArgumentException(
                    "samples = " + samples + ": must be >= 2; the NDB paper's set-up uses 5,000");
        }
        this.samples = samples;
        return this;
    }

    /** Generator batch size while sampling (default 500): bounds the evaluator's memory. */
    public ModeWatchBuilder batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize = " + batchSize + ": must be >= 1, e.g. 500");
        }
        this.batchSize = batchSize;
        return this;
    }

    /** Seed of the listener's own latent RNG (default 42); ND4J's global RNG is never used. */
    public ModeWatchBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Whether {@link ModeWatchListener#close()} runs a last evaluation on the final parameters (default true). */
    public ModeWatchBuilder evaluateOnClose(boolean value) {
        this.evaluateOnClose = value;
        return this;
    }

    /**
     * Whether {@link #build()} draws two samples to check that the generator's output fits the references
     * (default true; catches a wrong layer count or latent size before training starts).
     */
    public ModeWatchBuilder checkOnBuild(boolean value) {
        this.checkOnBuild = value;
        return this;
    }

    /** Called on the evaluator thread after each evaluation (e.g. to print a line). */
    public ModeWatchBuilder onEvaluation(Consumer<Evaluation> callback) {
        if (callback == null) {
            throw new IllegalArgumentException("onEvaluation callback is null");
        }
        evaluationCallbacks.add(callback);
        return this;
    }

    /** The {@code run} tag of every metric: a name for this training run (default {@code "default"}). */
    public ModeWatchBuilder run(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("run = '" + name + "': must be a non-blank name, e.g. \"dcgan-lr2e-4\"");
        }
        this.run = name;
        return this;
    }

    /** The {@code model} tag of every metric (default empty). */
    public ModeWatchBuilder model(String name) {
        if (name == null) {
            throw new IllegalArgumentException("model is null: pass a name or omit .model(...)");
        }
        this.model = name;
        return this;
    }

    /** Publishes the metrics to this Micrometer registry (may be called for several registries). */
    public ModeWatchBuilder registry(MeterRegistry registry) {
        if (registry == null) {
            throw new IllegalArgumentException(
                    "registry is null: pass e.g. new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)");
        }
        registries.add(registry);
        return this;
    }

    /**
     * Serves Prometheus metrics at {@code http://127.0.0.1:port/metrics} from {@link #build()} until the listener
     * is closed (port 0 picks a free port; see {@link ModeWatchListener#metricsUri()}). Uses the first
     * {@link PrometheusMeterRegistry} passed to {@link #registry}, or a new one.
     */
    public ModeWatchBuilder serve(int port) {
        return serve(PrometheusEndpoint.DEFAULT_HOST, port);
    }

    /** Like {@link #serve(int)} on another interface (e.g. "0.0.0.0" for a container; mind who can reach it). */
    public ModeWatchBuilder serve(String host, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(
                    "serve port = " + port + ": must be in 0..65535 (0 = any free port), e.g. 9464");
        }
        this.serveHost = host;
        this.servePort = port;
        return this;
    }

    /**
     * Pushes the metrics to a Prometheus Pushgateway ({@code host:port} or a URL) after each evaluation and
     * once on close, grouped by job, {@code run} and {@code model}. A gateway that is down is counted as failure
     * kind {@link FailureKind#PUSH}; training continues. The address is checked by {@link #build()}.
     */
    public ModeWatchBuilder pushgateway(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("pushgateway address is blank: pass host:port, e.g. 127.0.0.1:9091");
        }
        this.pushgatewayAddress = address;
        return this;
    }

    /** The Pushgateway job name (default {@code modewatch}). */
    public ModeWatchBuilder pushgatewayJob(String job) {
        if (job == null || job.isBlank()) {
            throw new IllegalArgumentException("pushgatewayJob is blank: pass a job name, e.g. modewatch");
        }
        this.pushgatewayJob = job;
        return this;
    }

    /** Closed with the listener (e.g. an HTTP endpoint or a Pushgateway publisher). */
    public ModeWatchBuilder closeWith(AutoCloseable resource) {
        resources.add(resource);
        return this;
    }

    /**
     * Builds the listener: checks the configuration (and, with {@link #checkOnBuild}, the generator's output),
     * starts the {@code /metrics} endpoint when {@link #serve} was called, then binds the metrics to the
     * registries. All or nothing: when a step fails, what the earlier steps set up is undone before the
     * exception leaves, and the builder can be corrected and built again.
     *
     * @throws IllegalArgumentException when no generator or no metric is configured, the Pushgateway address is
     *         malformed, or (with {@link #checkOnBuild}) the generator's output does not fit the references
     * @throws PortInUseException when the port passed to {@link #serve} is taken
     * @throws IllegalStateException when this builder has already built a listener
     */
    public synchronized ModeWatchListener build() {
        if (built) {
            throw new IllegalStateException("build() was already called on this builder and made a listener for run '"
                    + run
                    + "'; a builder makes one listener. Fix: start another with ModeWatch.listener() (and give it "
                    + "its own .run(name), so the two runs' metrics do not collide)");
        }
        if (sampler == null) {
            throw new IllegalArgumentException(
                    "no generator: call .generator(GeneratorSampler.firstLayersOf(gan, layers, "
                            + "latentDim)), .generator(GeneratorSampler.of(generatorNet, latentDim)) or GeneratorSampler.function(...)");
        }
        if (ndb == null && fsd == null && features == null) {
            throw new IllegalArgumentException("nothing to measure: call .ndb(NdbReference.fit(realSamples, 100)), "
                    + ".fsd(segmenter, FsdReference.of(segmenter, realImages)) and/or "
                    + ".features(extractor, FeatureReference.of(extractor, realImages))");
        }
        if (features != null
                && features.prdcOptions() != null
                && samples <= features.prdcOptions().k()) {
            throw new IllegalArgumentException("samples = " + samples + " but precision/recall/density/coverage "
                    + "need more than k = " + features.prdcOptions().k() + " generated samples; raise .samples(...) "
                    + "(5,000 is usual) or use reference.withoutPrdc()");
        }
        if (checkOnBuild) {
            checkOutputFits();
        }
        // Steps without side effects outside this method first: a failure here leaves nothing to undo.
        MonitorState state = new MonitorState();
        Evaluator evaluator = new Evaluator(
                samples, batchSize, seed, sampler.latentSize(), ndb, alpha, segmenter, fsd, extractor, features);
        List<MeterRegistry> targets = new ArrayList<>(registries);
        PrometheusMeterRegistry prometheus = targets.stream()
                .filter(PrometheusMeterRegistry.class::isInstance)
                .map(PrometheusMeterRegistry.class::cast)
                .findFirst()
                .orElse(null);
        if (prometheus == null && (servePort >= 0 || pushgatewayAddress != null)) {
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            targets.add(prometheus);
        }
        PushgatewayPublisher publisher = pushgatewayAddress == null
                ? null
                : PushgatewayPublisher.builder(prometheus, state)
                        .address(pushgatewayAddress)
                        .job(pushgatewayJob)
                        .run(run)
                        .model(model)
                        .build(); // checks the address; opens nothing until it pushes
        Set<FailureKind> kinds = EnumSet.copyOf(EVALUATOR_FAILURE_KINDS);
        if (publisher != null) {
            kinds.add(FailureKind.PUSH);
        }
        ModeWatchMetrics.Builder metricsBuilder =
                ModeWatchMetrics.builder(state, run).model(model).failureKinds(kinds.toArray(new FailureKind[0]));
        if (features != null) {
            metricsBuilder.features(extractor.name());
        }
        ModeWatchMetrics metrics = metricsBuilder.build();

        // Steps that start or register something: undone in reverse on failure.
        PrometheusEndpoint endpoint = null;
        Map<MeterRegistry, Set<Meter.Id>> before = new IdentityHashMap<>();
        try {
            if (servePort >= 0) {
                endpoint = PrometheusEndpoint.serve(prometheus, serveHost, servePort);
            }
            for (MeterRegistry registry : targets) {
                before.put(registry, ids(registry));
                metrics.bindTo(registry);
            }
            List<AutoCloseable> owned = new ArrayList<>();
            if (publisher != null) {
                owned.add(
                        publisher.pushAfterEachEvaluation()); // first: push the final state before the endpoint closes
            }
            owned.addAll(resources);
            if (extractor != null) {
                owned.add(extractor);
            }
            if (endpoint != null) {
                owned.add(endpoint);
            }
            ModeWatchListener listener = new ModeWatchListener(this, state, evaluator, endpoint, owned);
            built = true;
            return listener;
        } catch (RuntimeException | Error e) {
            before.forEach(this::removeMetersBoundSince);
            if (endpoint != null) {
                try {
                    endpoint.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private static Set<Meter.Id> ids(MeterRegistry registry) {
        Set<Meter.Id> ids = new java.util.HashSet<>();
        for (Meter m : registry.getMeters()) {
            ids.add(m.getId());
        }
        return ids;
    }

    /** Removes this run's ModeWatch meters that were not in {@code registry} before this build bound them. */
    private void removeMetersBoundSince(MeterRegistry registry, Set<Meter.Id> before) {
        for (Meter m : registry.getMeters()) {
            Meter.Id id = m.getId();
            if (id.getName().startsWith("modewatch.")
                    && run.equals(id.getTag(MetricNames.TAG_RUN))
                    && model.equals(id.getTag(MetricNames.TAG_MODEL))
                    && !before.contains(id)) {
                registry.remove(m);
            }
        }
    }

    private void checkOutputFits() {
        Evaluator probe = new Evaluator(2, 2, seed, sampler.latentSize(), null, alpha, null, null, null, null);
        Evaluator.Generated g;
        try {
            g = probe.generate(sampler.snapshot());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "generator: drawing 2 samples with latent size " + sampler.latentSize() + " failed ("
                            + e.getMessage() + "); check the latent size and the generator layer count",
                    e);
        }
        if (ndb != null && g.raw() != null) {
            long width = g.raw().length() / g.raw().size(0);
            if (width != ndb.dimension()) {
                throw new IllegalArgumentException(
                        "ndb: the generator outputs " + width + " values per sample "
                                + Arrays.toString(g.raw().shape()) + " but the reference bins have "
                                + ndb.dimension()
                                + "; fit the bins on real samples shaped like the generator's output, or check the generator layer count");
            }
        }
        if (fsd != null && g.raw() != null) {
            try {
                segmenter.segment(g.raw());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "fsd: the segmenter cannot label the generator's output of shape "
                                + Arrays.toString(g.raw().shape()) + ": " + e.getMessage(),
                        e);
            }
        }
        if (features != null && g.raw() != null) {
            INDArray f;
            try {
                f = extractor.extract(g.raw());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "features: extractor '" + extractor.name() + "' cannot take the generator's output of shape "
                                + Arrays.toString(g.raw().shape()) + ": " + e.getMessage(),
                        e);
            }
            if (f == null || f.rank() != 2 || f.size(0) != g.raw().size(0) || f.size(1) != features.dimension()) {
                throw new IllegalArgumentException("features: extractor '" + extractor.name() + "' turns the "
                        + "generator's output of shape "
                        + Arrays.toString(g.raw().shape()) + " into "
                        + (f == null ? "null" : Arrays.toString(f.shape())) + " but the reference expects ["
                        + g.raw().size(0) + ", " + features.dimension() + "]; build the reference with the same "
                        + "extractor, on real images shaped like the generator's output");
            }
        }
    }
}
