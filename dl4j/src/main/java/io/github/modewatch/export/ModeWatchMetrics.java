package io.github.modewatch.export;

import io.github.modewatch.metrics.features.FeatureResult;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.monitor.Evaluation;
import io.github.modewatch.monitor.FailureKind;
import io.github.modewatch.monitor.Monitor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer binder for everything ModeWatch exports: reads a {@link Monitor} (the latest
 * {@link Evaluation}, evaluator counters, training context) and registers exactly the metrics of
 * {@link MetricNames}. It computes nothing.
 *
 * <p>Most users never touch this class: {@code ModeWatch.listener().registry(r)}, {@code .serve(port)} and
 * {@code .pushgateway(address)} bind it. Bind it yourself to a registry made after the listener:
 * <pre>{@code
 * ModeWatchListener listener = ModeWatch.listener()...build();
 * ModeWatchMetrics.builder(listener.state(), "dcgan-lr2e-4").model("dcgan").build().bindTo(registry);
 * }</pre>
 *
 * <p>What is registered (every meter tagged {@code run} and {@code model}, the latter {@code ""} when not set):
 * <ul>
 *   <li>gauges of the latest evaluation, NaN before the first one and when NDB or FSD is not configured:
 *       {@code modewatch_ndb_bins_different}, {@code modewatch_ndb_bins}, {@code modewatch_ndb_fraction},
 *       {@code modewatch_ndb_js_divergence}, {@code modewatch_ndb_missing_fraction}, {@code modewatch_fsd},
 *       {@code modewatch_fsd_mean_term},
 *       {@code modewatch_fsd_covariance_term}, {@code modewatch_fsd_noise_floor},
 *       {@code modewatch_evaluation_iteration}; and of training, {@code modewatch_training_iteration},
 *       {@code modewatch_training_score};</li>
 *   <li>per-bin {@code modewatch_ndb_bin_proportion{bin,source}} and per-class
 *       {@code modewatch_segment_area_fraction{class,source}} ({@code source} = {@code reference} or
 *       {@code generated}): their rows are replaced on each evaluation (a bin or class that disappears loses
 *       its series), at most {@link Builder#maxLabelValues(int)} bins and classes (default
 *       {@value #DEFAULT_MAX_LABEL_VALUES}); beyond that the smallest reference bins / classes are dropped and
 *       one warning is logged;</li>
 *   <li>with {@link Builder#features(String)} (the listener sets it when it has a feature extractor), the feature
 *       gauges of {@link MetricNames#FEATURE_PROMETHEUS_NAMES}, tagged also {@code features = <extractor name>}:
 *       Fréchet distance on features and its noise floor, KID and its standard deviation, precision, recall,
 *       density, coverage, and the run's best and recent-maximum coverage (NaN for a metric the reference skips);</li>
 *   <li>counters over the state's monotonic counts: {@code modewatch_evaluations_total},
 *       {@code modewatch_evaluations_skipped_total}, {@code modewatch_nonfinite_outputs_total} and
 *       {@code modewatch_evaluation_failures_total{kind}}, one row per {@link FailureKind#label()} as kinds
 *       appear (or from the start, at 0, for {@link Builder#failureKinds(FailureKind...)});</li>
 *   <li>the timer {@code modewatch_evaluation_seconds} ({@code _count}, {@code _sum}, {@code _max}): the
 *       duration of each evaluation that finishes after {@link #bindTo}. Bind before training starts; the
 *       counters above are cumulative over the state and include earlier evaluations.</li>
 * </ul>
 *
 * <p>Units: Micrometer's Prometheus naming appends a meter's base unit to its name unless the name already
 * ends with it, so a base unit is set only where the contract's name carries one ({@code bins},
 * {@code evaluations}, {@code failures}, {@code outputs}, and seconds for the timer); the other units (nats,
 * percent) are stated in the descriptions. Every meter has a description (Prometheus {@code # HELP}).
 *
 * <p>Thread safety: gauges read the state's atomic fields; row updates run on the thread that records the
 * evaluation (the listener's evaluator thread) and are serialized per registry. Gauges hold this binder
 * strongly, so it (and the state it reads) lives as long as the registry keeps the meters.
 */
public final class ModeWatchMetrics implements MeterBinder {
    /** Default most bins and most classes exported per evaluation. */
    public static final int DEFAULT_MAX_LABEL_VALUES = 500;

    private static final Logger LOG = LoggerFactory.getLogger(ModeWatchMetrics.class);

    private final Monitor state;
    private final String run;
    private final String model;
    private final int maxLabelValues;
    private final List<FailureKind> failureKinds;
    private final Tags commonTags;
    private final String features; // extractor name, or null: no feature metrics
    private final AtomicBoolean binsCapWarned = new AtomicBoolean();
    private final AtomicBoolean classesCapWarned = new AtomicBoolean();
    private final AtomicBoolean duplicateClassWarned = new AtomicBoolean();
    private final AtomicBoolean failureKindsCapWarned = new AtomicBoolean();
    private final AtomicBoolean updateFailureWarned = new AtomicBoolean();

    private ModeWatchMetrics(Builder b) {
        this.state = b.state;
        this.run = b.run;
        this.model = b.model;
        this.maxLabelValues = b.maxLabelValues;
        this.failureKinds = List.copyOf(b.failureKinds);
        this.commonTags = Tags.of(MetricNames.TAG_RUN, run, MetricNames.TAG_MODEL, model);
        this.features = b.features;
    }

    /**
     * Starts a binder for {@code state} tagged {@code run = runName}.
     *
     * @param state   what the training listener measures ({@code ModeWatchListener.state()}); read only
     * @param runName user-chosen run name, not blank (e.g. {@code "dcgan-lr2e-4-seed1"})
     */
    public static Builder builder(Monitor state, String runName) {
        return new Builder(state, runName);
    }

    /** A binder with the defaults: no model name, {@value #DEFAULT_MAX_LABEL_VALUES} label values. */
    public static ModeWatchMetrics of(Monitor state, String runName) {
        return builder(state, runName).build();
    }

    public String run() {
        return run;
    }

    /** The model tag's value; {@code ""} when not set. */
    public String model() {
        return model;
    }

    public int maxLabelValues() {
        return maxLabelValues;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        gauge(
                registry,
                MetricNames.NDB_BINS_DIFFERENT,
                "NDB: number of bins whose generated share differs from the reference share (two-sided test at alpha), latest evaluation",
                null,
                m -> m.ndb(r -> r.ndb()));
        gauge(
                registry,
                MetricNames.NDB_BINS,
                "NDB: number of bins K of the reference binning",
                "bins",
                m -> m.ndb(r -> r.bins()));
        gauge(
                registry,
                MetricNames.NDB_FRACTION,
                "NDB/K in [0, 1]: fraction of statistically different bins (about alpha only if the generator sampled the data itself; imperfect healthy runs level off above it with no bin missing, a collapse jumps up from that level)",
                null,
                m -> m.ndb(NdbResult::ndbFraction));
        gauge(
                registry,
                MetricNames.NDB_FRACTION_BEST,
                "Lowest NDB/K of this run so far (since the listener started): the run's best evaluation",
                null,
                m -> m.state.ndbFractionBest());
        gauge(
                registry,
                MetricNames.NDB_FRACTION_RECENT_MIN,
                "Lowest NDB/K of the last " + Monitor.RECENT_EVALUATIONS + " evaluations (NaN until there were "
                        + Monitor.RECENT_EVALUATIONS
                        + "): above a threshold means that many consecutive evaluations were "
                        + "all above it",
                null,
                m -> m.state.ndbFractionRecentMin());
        gauge(
                registry,
                MetricNames.NDB_JS,
                "Jensen-Shannon divergence of reference and generated bin histograms, nats, in [0, ln 2]",
                null,
                m -> m.ndb(NdbResult::js));
        gauge(
                registry,
                MetricNames.NDB_JS_BEST,
                "Lowest JS divergence of the bin histograms of this run so far (since the listener started), nats",
                null,
                m -> m.state.jsBest());
        gauge(
                registry,
                MetricNames.NDB_JS_RECENT_MIN,
                "Lowest JS divergence of the last " + Monitor.RECENT_EVALUATIONS + " evaluations, nats (NaN until "
                        + "there were " + Monitor.RECENT_EVALUATIONS + ")",
                null,
                m -> m.state.jsRecentMin());
        gauge(
                registry,
                MetricNames.NDB_MISSING_FRACTION,
                "Share of the reference samples, 0..1, in missing bins: bins that differ and get under "
                        + NdbResult.missingShareFraction() + " of their reference share in the generated samples",
                null,
                m -> m.ndb(NdbResult::missingReferenceShare));
        gauge(
                registry,
                MetricNames.FSD,
                "Frechet segmentation distance of generated vs reference class area fractions (percent units)",
                null,
                m -> m.fsd(f -> f.frechet().distance()));
        gauge(
                registry,
                MetricNames.FSD_MEAN_TERM,
                "FSD mean term ||mu_ref - mu_gen||^2",
                null,
                m -> m.fsd(f -> f.frechet().meanTerm()));
        gauge(
                registry,
                MetricNames.FSD_COVARIANCE_TERM,
                "FSD covariance term Tr(S_ref + S_gen - 2 (S_ref S_gen)^(1/2))",
                null,
                m -> m.fsd(f -> f.frechet().covarianceTerm()));
        gauge(
                registry,
                MetricNames.FSD_NOISE_FLOOR,
                "FSD between two disjoint halves of the reference at the generated sample size: the self-noise a healthy generator cannot beat",
                null,
                m -> m.latestValue(Evaluation::fsdNoiseFloor));
        gauge(
                registry,
                MetricNames.EVALUATION_ITERATION,
                "Training iteration whose parameters the latest evaluation used",
                null,
                m -> m.latestValue(e -> e.iteration()));
        gauge(
                registry,
                MetricNames.TRAINING_ITERATION,
                "Latest training iteration seen by the listener",
                null,
                m -> m.state.trainingIteration());
        gauge(
                registry,
                MetricNames.TRAINING_SCORE,
                "Latest training score (loss) of the model",
                null,
                m -> m.state.trainingScore());

        counter(
                registry,
                MetricNames.EVALUATIONS,
                "Evaluations finished",
                "evaluations",
                Tags.empty(),
                Monitor::evaluations);
        counter(
                registry,
                MetricNames.EVALUATIONS_SKIPPED,
                "Evaluations skipped because the previous one was still running",
                null,
                Tags.empty(),
                Monitor::skipped);
        counter(
                registry,
                MetricNames.NONFINITE_OUTPUTS,
                "NaN or infinite values in generated samples",
                "outputs",
                Tags.empty(),
                Monitor::nonFiniteOutputs);

        if (features != null) {
            bindFeatures(registry);
        }

        Timer timer = Timer.builder(MetricNames.EVALUATION_TIME)
                .description("Wall time of one evaluation (sampling + metrics)")
                .tags(commonTags)
                .register(registry);
        Rows rows = new Rows(registry);

        Set<FailureKind> kinds = new LinkedHashSet<>(failureKinds);
        kinds.addAll(state.failures().keySet());
        FailureRows failureRows = new FailureRows(registry);
        state.onFailure(kind -> {
            // runs on the thread that records the failure: never throw into it
            try {
                failureRows.add(kind);
            } catch (RuntimeException ex) {
                warnOnce(
                        updateFailureWarned,
                        "ModeWatch: could not register the failure counter of kind {}: {}",
                        kind,
                        ex.toString());
            }
        });
        kinds.forEach(failureRows::add);

        state.onEvaluation(e -> {
            // runs on the thread that records the evaluation: never throw into it
            try {
                timer.record(e.duration());
                rows.refresh();
            } catch (RuntimeException ex) {
                warnOnce(
                        updateFailureWarned,
                        "ModeWatch: could not update the per-bin/per-class metrics of run {}: {}",
                        run,
                        ex.toString());
            }
        });
        rows.refresh();
    }

    /** The feature metrics, tagged {@code features = <extractor name>}; NaN for a metric the reference skips. */
    private void bindFeatures(MeterRegistry registry) {
        String by = " (features named by the 'features' label; not comparable across extractors)";
        featureGauge(
                registry,
                MetricNames.FEATURES_FRECHET,
                "Frechet distance between Gaussians fitted to generated and reference features, squared feature units "
                        + "(FID when the extractor is Inception-v3 pool3)" + by,
                f -> f.frechet().distance());
        featureGauge(
                registry,
                MetricNames.FEATURES_FRECHET_NOISE_FLOOR,
                "The same Frechet distance between two disjoint parts of the reference at the generated sample size: "
                        + "what a generator that sampled the data itself would still show",
                FeatureResult::frechetNoiseFloor);
        featureGauge(
                registry,
                MetricNames.FEATURES_KID,
                "Kernel Inception Distance: mean unbiased MMD^2 with the cubic polynomial kernel over random subsets "
                        + "(may be slightly negative when the distributions match)" + by,
                f -> f.kid() == null ? Double.NaN : f.kid().kid());
        featureGauge(
                registry,
                MetricNames.FEATURES_KID_STD,
                "Standard deviation of the KID estimate over its subsets",
                f -> f.kid() == null ? Double.NaN : f.kid().kidStd());
        featureGauge(
                registry,
                MetricNames.FEATURES_PRECISION,
                "Precision (Kynkaanniemi et al. 2019): share of generated samples inside the reference's k-NN balls, "
                        + "0..1" + by,
                f -> f.prdc() == null ? Double.NaN : f.prdc().precision());
        featureGauge(
                registry,
                MetricNames.FEATURES_RECALL,
                "Recall (Kynkaanniemi et al. 2019): share of reference samples inside the generated k-NN balls, 0..1"
                        + by,
                f -> f.prdc() == null ? Double.NaN : f.prdc().recall());
        featureGauge(
                registry,
                MetricNames.FEATURES_DENSITY,
                "Density (Naeem et al. 2020): mean number of reference k-NN balls holding a generated sample, over "
                        + "k; about 1 when the distributions match" + by,
                f -> f.prdc() == null ? Double.NaN : f.prdc().density());
        featureGauge(
                registry,
                MetricNames.FEATURES_COVERAGE,
                "Coverage (Naeem et al. 2020): share of reference samples whose k-NN ball holds a generated sample, "
                        + "0..1; falls when modes are dropped" + by,
                f -> f.prdc() == null ? Double.NaN : f.prdc().coverage());
        featureGauge(
                registry,
                MetricNames.FEATURES_COVERAGE_BEST,
                "Highest coverage of this run so far (since the listener started)",
                f -> state.coverageBest(),
                true);
        featureGauge(
                registry,
                MetricNames.FEATURES_COVERAGE_RECENT_MAX,
                "Highest coverage of the last " + Monitor.RECENT_EVALUATIONS + " evaluations (NaN until there were "
                        + Monitor.RECENT_EVALUATIONS + "): below a threshold means that many consecutive evaluations "
                        + "were all below it",
                f -> state.coverageRecentMax(),
                true);
    }

    private void featureGauge(
            MeterRegistry registry, String name, String description, ToDoubleFunction<FeatureResult> value) {
        featureGauge(registry, name, description, value, false);
    }

    /** @param runLevel the value is read from the state, not from the latest result (which may be absent) */
    private void featureGauge(
            MeterRegistry registry,
            String name,
            String description,
            ToDoubleFunction<FeatureResult> value,
            boolean runLevel) {
        Gauge.builder(name, this, m -> {
                    Evaluation e = m.state.latest();
                    FeatureResult f = e == null ? null : e.features();
                    if (runLevel) {
                        return value.applyAsDouble(f);
                    }
                    return f == null ? Double.NaN : value.applyAsDouble(f);
                })
                .description(description)
                .tags(commonTags.and(MetricNames.TAG_FEATURES, features))
                .strongReference(true)
                .register(registry);
    }

    private double ndb(ToDoubleFunction<NdbResult> f) {
        Evaluation e = state.latest();
        return e == null || e.ndb() == null ? Double.NaN : f.applyAsDouble(e.ndb());
    }

    private double fsd(ToDoubleFunction<FsdResult> f) {
        Evaluation e = state.latest();
        return e == null || e.fsd() == null ? Double.NaN : f.applyAsDouble(e.fsd());
    }

    private double latestValue(ToDoubleFunction<Evaluation> f) {
        Evaluation e = state.latest();
        return e == null ? Double.NaN : f.applyAsDouble(e);
    }

    private void gauge(
            MeterRegistry registry,
            String name,
            String description,
            String baseUnit,
            ToDoubleFunction<ModeWatchMetrics> value) {
        // strong reference: the registry keeps this binder (hence the state) alive, see the class comment
        Gauge.builder(name, this, value)
                .description(description)
                .baseUnit(baseUnit)
                .tags(commonTags)
                .strongReference(true)
                .register(registry);
    }

    private void counter(
            MeterRegistry registry,
            String name,
            String description,
            String baseUnit,
            Tags tags,
            ToDoubleFunction<Monitor> count) {
        // FunctionCounter holds the state weakly; the strong gauges above hold this binder, which holds the state
        FunctionCounter.builder(name, state, count)
                .description(description)
                .baseUnit(baseUnit)
                .tags(commonTags.and(tags))
                .register(registry);
    }

    /** The failure counter rows of one registry: one per kind, up to maxLabelValues kinds. */
    private final class FailureRows {
        private final MeterRegistry registry;
        private final Set<FailureKind> kinds = new HashSet<>();

        FailureRows(MeterRegistry registry) {
            this.registry = registry;
        }

        synchronized void add(FailureKind kind) {
            if (kind == null || kinds.contains(kind)) {
                return;
            }
            if (kinds.size() >= maxLabelValues) {
                warnOnce(
                        failureKindsCapWarned,
                        "ModeWatch: more than {} failure kinds; kind '{}' and later new kinds "
                                + "are not exported (their failures still count in the listener's state). Fix: raise "
                                + "maxLabelValues.",
                        maxLabelValues,
                        kind);
                return;
            }
            kinds.add(kind);
            FailureKind k = kind;
            counter(
                    registry,
                    MetricNames.EVALUATION_FAILURES,
                    "Failed evaluator or export steps, by kind (sampling, ndb, fsd, push, ...)",
                    "failures",
                    Tags.of(MetricNames.TAG_KIND, kind.label()),
                    s -> s.failures(k));
        }
    }

    /** Values the per-bin and per-class rows of one registry show: copies taken from one evaluation. */
    private record RowValues(double[] binReference, double[] binGenerated, Map<String, double[]> classes) {
        static final RowValues NONE = new RowValues(new double[0], new double[0], Map.of());

        double bin(int i, boolean reference) {
            double[] v = reference ? binReference : binGenerated;
            return i < v.length ? v[i] : Double.NaN;
        }

        double area(String className, boolean reference) {
            double[] v = classes.get(className);
            return v == null ? Double.NaN : v[reference ? 0 : 1];
        }
    }

    /**
     * The per-bin and per-class gauge rows of one registry. Each refresh swaps in the latest evaluation's values
     * and then registers the rows of its bins and classes: rows that stay keep their meter (so a scrape never
     * misses them), rows of bins or classes no longer present are removed, new ones are added.
     */
    private final class Rows {
        private final MultiGauge binProportions;
        private final MultiGauge areaFractions;
        private volatile RowValues values = RowValues.NONE;

        Rows(MeterRegistry registry) {
            binProportions = MultiGauge.builder(MetricNames.NDB_BIN_PROPORTION)
                    .description("NDB: share of samples in each bin (bin 0 = largest reference bin), by source "
                            + "(reference or generated), latest evaluation")
                    .tags(commonTags)
                    .register(registry);
            areaFractions = MultiGauge.builder(MetricNames.SEGMENT_AREA_FRACTION)
                    .description("FSD: mean area fraction of each segmentation class, percent, by source "
                            + "(reference or generated), latest evaluation")
                    .tags(commonTags)
                    .register(registry);
        }

        /** Reads the latest evaluation now (not the one that triggered the call), so rows never go backwards. */
        synchronized void refresh() {
            Evaluation e = state.latest();
            NdbResult ndb = e == null ? null : e.ndb();
            FsdResult fsd = e == null ? null : e.fsd();
            double[] binRef = new double[0];
            double[] binGen = new double[0];
            if (ndb != null) {
                binRef = ndb.referenceProportions();
                binGen = ndb.generatedProportions();
            }
            int bins = Math.min(binRef.length, binGen.length);
            if (bins > maxLabelValues) {
                warnOnce(
                        binsCapWarned,
                        "ModeWatch: NDB has {} bins, more than maxLabelValues = {}; only bins 0.."
                                + "{} (the largest reference bins) are exported as modewatch_ndb_bin_proportion. Fix: raise "
                                + "maxLabelValues, or use fewer bins.",
                        bins,
                        maxLabelValues,
                        maxLabelValues - 1);
                bins = maxLabelValues;
            }
            Map<String, double[]> classes = fsd == null ? Map.of() : exportedClasses(fsd);
            values = new RowValues(binRef, binGen, classes);

            List<MultiGauge.Row<?>> binRows = new ArrayList<>(2 * bins);
            for (int i = 0; i < bins; i++) {
                int bin = i;
                String label = Integer.toString(i);
                binRows.add(MultiGauge.Row.of(
                        rowTags(MetricNames.TAG_BIN, label, MetricNames.SOURCE_REFERENCE),
                        this,
                        r -> r.values.bin(bin, true)));
                binRows.add(MultiGauge.Row.of(
                        rowTags(MetricNames.TAG_BIN, label, MetricNames.SOURCE_GENERATED),
                        this,
                        r -> r.values.bin(bin, false)));
            }
            List<MultiGauge.Row<?>> classRows = new ArrayList<>(2 * classes.size());
            for (String name : classes.keySet()) {
                classRows.add(MultiGauge.Row.of(
                        rowTags(MetricNames.TAG_CLASS, name, MetricNames.SOURCE_REFERENCE),
                        this,
                        r -> r.values.area(name, true)));
                classRows.add(MultiGauge.Row.of(
                        rowTags(MetricNames.TAG_CLASS, name, MetricNames.SOURCE_GENERATED),
                        this,
                        r -> r.values.area(name, false)));
            }
            // overwrite = false: rows already registered keep their meter and read the new values
            binProportions.register(binRows, false);
            areaFractions.register(classRows, false);
        }

        /** Class name -> {reference, generated} mean area, the maxLabelValues classes of largest reference share. */
        private Map<String, double[]> exportedClasses(FsdResult fsd) {
            List<String> names = fsd.classes();
            double[] ref = fsd.referenceMean();
            double[] gen = fsd.generatedMean();
            int[] order = fsd.classesByReferenceShare();
            if (order.length > maxLabelValues) {
                warnOnce(
                        classesCapWarned,
                        "ModeWatch: FSD has {} classes, more than maxLabelValues = {}; only the {} "
                                + "classes with the largest reference share are exported as modewatch_segment_area_fraction. "
                                + "Fix: raise maxLabelValues, or segment into fewer classes.",
                        order.length,
                        maxLabelValues,
                        maxLabelValues);
            }
            Map<String, double[]> out = new LinkedHashMap<>();
            for (int i = 0; i < order.length && out.size() < maxLabelValues; i++) {
                int c = order[i];
                String name = names.get(c);
                if (out.containsKey(name)) {
                    warnOnce(
                            duplicateClassWarned,
                            "ModeWatch: class name '{}' appears twice in the FSD result; only "
                                    + "its first (larger reference share) entry is exported. Fix: give the segmenter unique "
                                    + "class names.",
                            name);
                } else if (c < ref.length && c < gen.length) {
                    out.put(name, new double[] {ref[c], gen[c]});
                }
            }
            return Collections.unmodifiableMap(out);
        }

        private Tags rowTags(String key, String value, String source) {
            return Tags.of(key, value, MetricNames.TAG_SOURCE, source);
        }
    }

    private static void warnOnce(AtomicBoolean warned, String format, Object... args) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn(format, args);
        } else {
            LOG.debug(format, args);
        }
    }

    /** Configures a {@link ModeWatchMetrics}; every value is checked when set. */
    public static final class Builder {
        private final Monitor state;
        private final String run;
        private String model = "";
        private int maxLabelValues = DEFAULT_MAX_LABEL_VALUES;
        private final List<FailureKind> failureKinds = new ArrayList<>();
        private String features;

        private Builder(Monitor state, String run) {
            if (state == null) {
                throw new IllegalArgumentException(
                        "state = null: pass the listener's state, ModeWatchListener.state()");
            }
            if (run == null || run.isBlank()) {
                throw new IllegalArgumentException("run = " + quote(run)
                        + ": must not be blank; pass a name for this training run, e.g. \"dcgan-seed1\"");
            }
            this.state = state;
            this.run = run;
        }

        /** Value of the {@code model} tag (default {@code ""}: no model name); not null. */
        public Builder model(String model) {
            if (model == null) {
                throw new IllegalArgumentException("model = null: pass a model name, or \"\" for none");
            }
            this.model = model;
            return this;
        }

        /**
         * Most bins and most classes exported per evaluation (each as two series, reference and generated), and
         * most failure kinds; default {@value #DEFAULT_MAX_LABEL_VALUES}. Beyond it rows are dropped with one
         * warning: label values are series, and a Prometheus server pays for each.
         */
        public Builder maxLabelValues(int maxLabelValues) {
            if (maxLabelValues < 1) {
                throw new IllegalArgumentException("maxLabelValues = " + maxLabelValues
                        + ": must be >= 1; pass the most bins/classes to export, e.g. " + DEFAULT_MAX_LABEL_VALUES);
            }
            this.maxLabelValues = maxLabelValues;
            return this;
        }

        /**
         * Failure kinds exported at 0 from the start (e.g. {@link FailureKind#SAMPLING}, {@link FailureKind#PUSH}),
         * so that {@code increase()} and alert rules see the first failure; other kinds get a series when they
         * first fail.
         */
        public Builder failureKinds(FailureKind... kinds) {
            for (FailureKind k : kinds) {
                if (k == null) {
                    throw new IllegalArgumentException("failure kind = null: pass FailureKind values, e.g. "
                            + "FailureKind.SAMPLING or FailureKind.PUSH");
                }
                failureKinds.add(k);
            }
            return this;
        }

        /**
         * Registers the feature metrics ({@link MetricNames#FEATURE_PROMETHEUS_NAMES}) with the label
         * {@code features = extractorName}; without this call they are not registered.
         */
        public Builder features(String extractorName) {
            if (extractorName == null || extractorName.isBlank()) {
                throw new IllegalArgumentException("features = " + quote(extractorName)
                        + ": pass the feature extractor's name (FeatureExtractor.name()), e.g. \"inception-v3-pool3\"");
            }
            this.features = extractorName;
            return this;
        }

        public ModeWatchMetrics build() {
            return new ModeWatchMetrics(this);
        }

        private static String quote(String s) {
            return s == null ? "null" : "\"" + s + "\"";
        }
    }
}
