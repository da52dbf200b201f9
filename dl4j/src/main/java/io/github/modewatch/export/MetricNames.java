package io.github.modewatch.export;

import java.util.List;

/**
 * Every metric ModeWatch exports, by its Micrometer name; the Prometheus name each one becomes is in the
 * comment. Dashboards and alert rules (dashboards/) depend on these names: a rename is a breaking change.
 */
public final class MetricNames {
    private MetricNames() {}

    /** Tag: user-chosen run name. */
    public static final String TAG_RUN = "run";
    /** Tag: optional model name ("" when not set). */
    public static final String TAG_MODEL = "model";
    /** Tag of per-bin metrics: bin index, 0 = largest reference bin. */
    public static final String TAG_BIN = "bin";
    /** Tag of per-class metrics: class name. */
    public static final String TAG_CLASS = "class";
    /** Tag of per-bin/per-class metrics: {@code reference} or {@code generated}. */
    public static final String TAG_SOURCE = "source";
    /** Tag of the feature metrics: the feature extractor's name ({@code FeatureExtractor.name()}). */
    public static final String TAG_FEATURES = "features";
    /** Tag of failures: what failed (sampling, ndb, fsd, push, ...). */
    public static final String TAG_KIND = "kind";

    public static final String SOURCE_REFERENCE = "reference";
    public static final String SOURCE_GENERATED = "generated";

    /** modewatch_ndb_bins_different: NDB, bins whose share differs at alpha. */
    public static final String NDB_BINS_DIFFERENT = "modewatch.ndb.bins.different";
    /** modewatch_ndb_bins: K. */
    public static final String NDB_BINS = "modewatch.ndb.bins";
    /** modewatch_ndb_fraction: NDB/K in [0, 1]. */
    public static final String NDB_FRACTION = "modewatch.ndb.fraction";
    /** modewatch_ndb_fraction_best: lowest NDB/K of the run so far. */
    public static final String NDB_FRACTION_BEST = "modewatch.ndb.fraction.best";
    /** modewatch_ndb_fraction_recent_min: lowest NDB/K of the last 3 evaluations. */
    public static final String NDB_FRACTION_RECENT_MIN = "modewatch.ndb.fraction.recent.min";
    /** modewatch_ndb_js_divergence_best: lowest JS divergence of the run so far. */
    public static final String NDB_JS_BEST = "modewatch.ndb.js.divergence.best";
    /** modewatch_ndb_js_divergence_recent_min: lowest JS divergence of the last 3 evaluations. */
    public static final String NDB_JS_RECENT_MIN = "modewatch.ndb.js.divergence.recent.min";
    /** modewatch_ndb_js_divergence: JS divergence of the bin histograms, nats. */
    public static final String NDB_JS = "modewatch.ndb.js.divergence";
    /** modewatch_ndb_missing_fraction: reference share of the missing bins (NdbResult#missingBins), 0..1. */
    public static final String NDB_MISSING_FRACTION = "modewatch.ndb.missing.fraction";
    /** modewatch_ndb_bin_proportion{bin,source}. */
    public static final String NDB_BIN_PROPORTION = "modewatch.ndb.bin.proportion";
    /** modewatch_fsd. */
    public static final String FSD = "modewatch.fsd";
    /** modewatch_fsd_mean_term. */
    public static final String FSD_MEAN_TERM = "modewatch.fsd.mean.term";
    /** modewatch_fsd_covariance_term. */
    public static final String FSD_COVARIANCE_TERM = "modewatch.fsd.covariance.term";
    /** modewatch_fsd_noise_floor: FSD of two halves of the reference at the generated sample size. */
    public static final String FSD_NOISE_FLOOR = "modewatch.fsd.noise.floor";
    /** modewatch_segment_area_fraction{class,source}: mean area fraction per class, percent. */
    public static final String SEGMENT_AREA_FRACTION = "modewatch.segment.area.fraction";
    /** modewatch_features_frechet{features}: Fréchet distance of generated vs reference features (FID-style). */
    public static final String FEATURES_FRECHET = "modewatch.features.frechet";
    /** modewatch_features_frechet_noise_floor{features}: the same between two disjoint parts of the reference. */
    public static final String FEATURES_FRECHET_NOISE_FLOOR = "modewatch.features.frechet.noise.floor";
    /** modewatch_features_kid{features}: KID, mean unbiased MMD^2 over subsets. */
    public static final String FEATURES_KID = "modewatch.features.kid";
    /** modewatch_features_kid_std{features}: standard deviation of KID over subsets. */
    public static final String FEATURES_KID_STD = "modewatch.features.kid.std";
    /** modewatch_features_precision{features}, 0..1. */
    public static final String FEATURES_PRECISION = "modewatch.features.precision";
    /** modewatch_features_recall{features}, 0..1. */
    public static final String FEATURES_RECALL = "modewatch.features.recall";
    /** modewatch_features_density{features}, about 1 for matching distributions. */
    public static final String FEATURES_DENSITY = "modewatch.features.density";
    /** modewatch_features_coverage{features}, 0..1. */
    public static final String FEATURES_COVERAGE = "modewatch.features.coverage";
    /** modewatch_features_coverage_best{features}: highest coverage of the run so far. */
    public static final String FEATURES_COVERAGE_BEST = "modewatch.features.coverage.best";
    /** modewatch_features_coverage_recent_max{features}: highest coverage of the last 3 evaluations. */
    public static final String FEATURES_COVERAGE_RECENT_MAX = "modewatch.features.coverage.recent.max";
    /** modewatch_evaluations_total. */
    public static final String EVALUATIONS = "modewatch.evaluations";
    /** modewatch_evaluation_failures_total{kind}. */
    public static final String EVALUATION_FAILURES = "modewatch.evaluation.failures";
    /** modewatch_evaluations_skipped_total. */
    public static final String EVALUATIONS_SKIPPED = "modewatch.evaluations.skipped";
    /** modewatch_evaluation_seconds (timer: _count, _sum, _max). */
    public static final String EVALUATION_TIME = "modewatch.evaluation";
    /** modewatch_evaluation_iteration: training iteration of the latest evaluation. */
    public static final String EVALUATION_ITERATION = "modewatch.evaluation.iteration";
    /** modewatch_training_iteration. */
    public static final String TRAINING_ITERATION = "modewatch.training.iteration";
    /** modewatch_training_score: the model's latest loss. */
    public static final String TRAINING_SCORE = "modewatch.training.score";
    /** modewatch_nonfinite_outputs_total: NaN/Inf values in generated samples. */
    public static final String NONFINITE_OUTPUTS = "modewatch.nonfinite.outputs";

    /**
     * Prometheus names of the feature metrics: registered only when the listener has a feature extractor
     * ({@code .features(extractor, reference)}), each with the label {@code features}.
     */
    public static final List<String> FEATURE_PROMETHEUS_NAMES = List.of(
            "modewatch_features_frechet",
            "modewatch_features_frechet_noise_floor",
            "modewatch_features_kid",
            "modewatch_features_kid_std",
            "modewatch_features_precision",
            "modewatch_features_recall",
            "modewatch_features_density",
            "modewatch_features_coverage",
            "modewatch_features_coverage_best",
            "modewatch_features_coverage_recent_max");

    /** Prometheus names of the families every listener registers (as scraped; the timer shows as _count/_sum/_max). */
    public static final List<String> CORE_PROMETHEUS_NAMES = List.of(
            "modewatch_ndb_bins_different",
            "modewatch_ndb_bins",
            "modewatch_ndb_fraction",
            "modewatch_ndb_fraction_best",
            "modewatch_ndb_fraction_recent_min",
            "modewatch_ndb_js_divergence",
            "modewatch_ndb_js_divergence_best",
            "modewatch_ndb_js_divergence_recent_min",
            "modewatch_ndb_missing_fraction",
            "modewatch_ndb_bin_proportion",
            "modewatch_fsd",
            "modewatch_fsd_mean_term",
            "modewatch_fsd_covariance_term",
            "modewatch_fsd_noise_floor",
            "modewatch_segment_area_fraction",
            "modewatch_evaluations_total",
            "modewatch_evaluation_failures_total",
            "modewatch_evaluations_skipped_total",
            "modewatch_evaluation_seconds",
            "modewatch_evaluation_iteration",
            "modewatch_training_iteration",
            "modewatch_training_score",
            "modewatch_nonfinite_outputs_total");

    /** Prometheus names of every series family: {@link #CORE_PROMETHEUS_NAMES} and {@link #FEATURE_PROMETHEUS_NAMES}. */
    public static final List<String> PROMETHEUS_NAMES = java.util.stream.Stream.concat(
                    CORE_PROMETHEUS_NAMES.stream(), FEATURE_PROMETHEUS_NAMES.stream())
            .toList();
}
