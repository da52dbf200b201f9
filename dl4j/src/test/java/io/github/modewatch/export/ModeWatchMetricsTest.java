package io.github.modewatch.export;

import static io.github.modewatch.export.Fixtures.evaluation;
import static io.github.modewatch.export.Fixtures.fsd;
import static io.github.modewatch.export.Fixtures.ndb;
import static io.github.modewatch.export.Fixtures.samples;
import static io.github.modewatch.export.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modewatch.internal.monitor.MonitorState;
import io.github.modewatch.monitor.FailureKind;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModeWatchMetricsTest {
    private static final String TAGS = "{model=\"dcgan\",run=\"r1\"}";

    private MonitorState state;
    private PrometheusMeterRegistry registry;

    @BeforeEach
    void freshRegistry() {
        state = new MonitorState();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    private void bind() {
        ModeWatchMetrics.builder(state, "r1").model("dcgan").build().bindTo(registry);
    }

    @Test
    void latestEvaluationIsScrapedUnderTheContractNames() {
        bind();
        state.recordTraining(1510, 0.6931);
        state.recordEvaluation(Fixtures.standard());

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains(
                        "modewatch_ndb_fraction" + TAGS + " 0.25\n",
                        "modewatch_ndb_bins_different" + TAGS + " 1.0\n",
                        "modewatch_ndb_bins" + TAGS + " 4.0\n",
                        "modewatch_ndb_js_divergence" + TAGS + " 0.0125\n",
                        "modewatch_ndb_missing_fraction" + TAGS + " 0.0\n", // its one different bin is over-generated
                        "modewatch_fsd" + TAGS + " 12.5\n",
                        "modewatch_fsd_mean_term" + TAGS + " 2.5\n",
                        "modewatch_fsd_covariance_term" + TAGS + " 10.0\n",
                        "modewatch_fsd_noise_floor" + TAGS + " 3.25\n",
                        "modewatch_evaluation_iteration" + TAGS + " 1500.0\n",
                        "modewatch_training_iteration" + TAGS + " 1510.0\n",
                        "modewatch_training_score" + TAGS + " 0.6931\n");
    }

    @Test
    void missingFractionIsTheReferenceShareOfBinsTheGeneratorAllButDropped() {
        bind();
        // bins 0-2 differ: bin 0 over-generated; bin 1 at 0.05 < 0.3 / 4 and bin 2 at 0 are missing; bin 3 does not
        // differ although under a quarter of its share.
        state.recordEvaluation(evaluation(
                100,
                Duration.ofMillis(100),
                ndb(3, 0.3, new double[] {0.4, 0.3, 0.2, 0.1}, new double[] {0.93, 0.05, 0.0, 0.02}),
                null,
                Double.NaN));

        assertThat(value(registry.scrape(), "modewatch_ndb_missing_fraction" + TAGS))
                .hasValue(0.5);
    }

    /** NDB/K = ndb / 4 and JS = ndb / 8 at the given iteration (K = 4 bins). */
    private static io.github.modewatch.monitor.Evaluation ndbOnly(long iteration, int different) {
        return evaluation(
                iteration,
                Duration.ofMillis(100),
                ndb(different, different / 8.0, new double[] {0.4, 0.3, 0.2, 0.1}, new double[] {0.4, 0.3, 0.2, 0.1}),
                null,
                Double.NaN);
    }

    @Test
    void bestAndRecentMinimumFollowTheRunsNdbFractions() {
        bind();
        // NDB/K per evaluation: 1.0, 0.5, 0.25 (the best), then 0.75, 1.0, 0.75, 1.0
        int[] different = {4, 2, 1, 3, 4, 3, 4};
        List<String> best = new ArrayList<>();
        List<String> recent = new ArrayList<>();
        List<String> jsBest = new ArrayList<>();
        List<String> jsRecent = new ArrayList<>();
        for (int i = 0; i < different.length; i++) {
            state.recordEvaluation(ndbOnly(500L * (i + 1), different[i]));
            String scrape = registry.scrape();
            best.add(String.valueOf(
                    value(scrape, "modewatch_ndb_fraction_best" + TAGS).orElseThrow()));
            recent.add(String.valueOf(
                    value(scrape, "modewatch_ndb_fraction_recent_min" + TAGS).orElseThrow()));
            jsBest.add(String.valueOf(
                    value(scrape, "modewatch_ndb_js_divergence_best" + TAGS).orElseThrow()));
            jsRecent.add(String.valueOf(value(scrape, "modewatch_ndb_js_divergence_recent_min" + TAGS)
                    .orElseThrow()));
        }

        assertThat(best).containsExactly("1.0", "0.5", "0.25", "0.25", "0.25", "0.25", "0.25");
        // NaN until 3 evaluations; then the lowest of the last three
        assertThat(recent).containsExactly("NaN", "NaN", "0.25", "0.25", "0.25", "0.75", "0.75");
        assertThat(jsBest).containsExactly("0.5", "0.25", "0.125", "0.125", "0.125", "0.125", "0.125");
        assertThat(jsRecent).containsExactly("NaN", "NaN", "0.125", "0.125", "0.125", "0.375", "0.375");
    }

    @Test
    void evaluationsWithoutNdbLeaveBestAndRecentMinimumAlone() {
        bind();
        state.recordEvaluation(ndbOnly(500, 2));
        state.recordEvaluation(evaluation(
                1000,
                Duration.ofMillis(100),
                null,
                fsd(1, 1, List.of("sky"), new double[] {100}, new double[] {100}),
                Double.NaN));
        state.recordEvaluation(ndbOnly(1500, 3));

        assertThat(state.ndbFractionBest()).isEqualTo(0.5);
        assertThat(state.ndbFractionRecentMin()).isNaN(); // only 2 NDB evaluations so far
        state.recordEvaluation(ndbOnly(2000, 4));
        assertThat(state.ndbFractionRecentMin()).isEqualTo(0.5);
    }

    @Test
    void gaugesAreNaNBeforeTheFirstEvaluation() {
        bind();

        String scrape = registry.scrape();

        for (String name : List.of(
                "modewatch_ndb_fraction",
                "modewatch_ndb_fraction_best",
                "modewatch_ndb_fraction_recent_min",
                "modewatch_ndb_js_divergence_best",
                "modewatch_ndb_js_divergence_recent_min",
                "modewatch_ndb_bins_different",
                "modewatch_ndb_bins",
                "modewatch_ndb_js_divergence",
                "modewatch_ndb_missing_fraction",
                "modewatch_fsd",
                "modewatch_fsd_mean_term",
                "modewatch_fsd_covariance_term",
                "modewatch_fsd_noise_floor",
                "modewatch_evaluation_iteration",
                "modewatch_training_score")) {
            assertThat(value(scrape, name + TAGS)).as(name).hasValueSatisfying(v -> assertThat(v)
                    .isNaN());
        }
        assertThat(samples(scrape, "modewatch_ndb_bin_proportion")).isEmpty();
        assertThat(samples(scrape, "modewatch_segment_area_fraction")).isEmpty();
        assertThat(scrape).contains("modewatch_evaluations_total" + TAGS + " 0.0\n");
    }

    @Test
    void ndbGaugesAreNaNWhenOnlyFsdIsConfiguredAndViceVersa() {
        bind();
        state.recordEvaluation(evaluation(
                10,
                Duration.ofSeconds(1),
                null,
                fsd(1.0, 2.0, List.of("a"), new double[] {100}, new double[] {100}),
                Double.NaN));

        String fsdOnly = registry.scrape();
        assertThat(value(fsdOnly, "modewatch_ndb_fraction" + TAGS))
                .hasValueSatisfying(v -> assertThat(v).isNaN());
        assertThat(value(fsdOnly, "modewatch_fsd_noise_floor" + TAGS))
                .hasValueSatisfying(v -> assertThat(v).isNaN());
        assertThat(value(fsdOnly, "modewatch_fsd" + TAGS)).hasValue(3.0);
        assertThat(samples(fsdOnly, "modewatch_ndb_bin_proportion")).isEmpty();

        state.recordEvaluation(evaluation(
                20,
                Duration.ofSeconds(1),
                ndb(0, 0.0, new double[] {0.5, 0.5}, new double[] {0.5, 0.5}),
                null,
                Double.NaN));

        String ndbOnly = registry.scrape();
        assertThat(value(ndbOnly, "modewatch_fsd" + TAGS))
                .hasValueSatisfying(v -> assertThat(v).isNaN());
        assertThat(value(ndbOnly, "modewatch_ndb_fraction" + TAGS)).hasValue(0.0);
        assertThat(samples(ndbOnly, "modewatch_segment_area_fraction")).isEmpty();
        assertThat(samples(ndbOnly, "modewatch_ndb_bin_proportion")).hasSize(4);
    }

    @Test
    void perBinRowsCarryBinAndSourceLabels() {
        bind();
        state.recordEvaluation(Fixtures.standard());

        String scrape = registry.scrape();

        assertThat(samples(scrape, "modewatch_ndb_bin_proportion"))
                .containsExactlyInAnyOrder(
                        "modewatch_ndb_bin_proportion{bin=\"0\",model=\"dcgan\",run=\"r1\",source=\"generated\"} 0.5",
                        "modewatch_ndb_bin_proportion{bin=\"0\",model=\"dcgan\",run=\"r1\",source=\"reference\"} 0.4",
                        "modewatch_ndb_bin_proportion{bin=\"1\",model=\"dcgan\",run=\"r1\",source=\"generated\"} 0.25",
                        "modewatch_ndb_bin_proportion{bin=\"1\",model=\"dcgan\",run=\"r1\",source=\"reference\"} 0.3",
                        "modewatch_ndb_bin_proportion{bin=\"2\",model=\"dcgan\",run=\"r1\",source=\"generated\"} 0.15",
                        "modewatch_ndb_bin_proportion{bin=\"2\",model=\"dcgan\",run=\"r1\",source=\"reference\"} 0.2",
                        "modewatch_ndb_bin_proportion{bin=\"3\",model=\"dcgan\",run=\"r1\",source=\"generated\"} 0.1",
                        "modewatch_ndb_bin_proportion{bin=\"3\",model=\"dcgan\",run=\"r1\",source=\"reference\"} 0.1");
    }

    @Test
    void perClassRowsCarryClassAndSourceLabels() {
        bind();
        state.recordEvaluation(Fixtures.standard());

        String scrape = registry.scrape();

        assertThat(samples(scrape, "modewatch_segment_area_fraction"))
                .containsExactlyInAnyOrder(
                        "modewatch_segment_area_fraction{class=\"road\",model=\"dcgan\",run=\"r1\",source=\"generated\"} 30.0",
                        "modewatch_segment_area_fraction{class=\"road\",model=\"dcgan\",run=\"r1\",source=\"reference\"} 20.0",
                        "modewatch_segment_area_fraction{class=\"sky\",model=\"dcgan\",run=\"r1\",source=\"generated\"} 60.0",
                        "modewatch_segment_area_fraction{class=\"sky\",model=\"dcgan\",run=\"r1\",source=\"reference\"} 50.0",
                        "modewatch_segment_area_fraction{class=\"tree\",model=\"dcgan\",run=\"r1\",source=\"generated\"} 10.0",
                        "modewatch_segment_area_fraction{class=\"tree\",model=\"dcgan\",run=\"r1\",source=\"reference\"} 30.0");
    }

    @Test
    void aSecondEvaluationReplacesRowsInsteadOfLeaking() {
        bind();
        state.recordEvaluation(Fixtures.standard());
        state.recordEvaluation(evaluation(
                3000,
                Duration.ofSeconds(2),
                ndb(2, 0.2, new double[] {0.7, 0.3}, new double[] {0.9, 0.1}),
                fsd(1.0, 1.0, List.of("water", "sky"), new double[] {40, 60}, new double[] {45, 55}),
                3.0));

        String scrape = registry.scrape();

        assertThat(samples(scrape, "modewatch_ndb_bin_proportion"))
                .containsExactlyInAnyOrder(
                        "modewatch_ndb_bin_proportion{bin=\"0\",model=\"dcgan\",run=\"r1\",source=\"generated\"} 0.9",
                        "modewatch_ndb_bin_proportion{bin=\"0\",model=\"dcgan\",run=\"r1\",source=\"reference\"} 0.7",
                        "modewatch_ndb_bin_proportion{bin=\"1\",model=\"dcgan\",run=\"r1\",source=\"generated\"} 0.1",
                        "modewatch_ndb_bin_proportion{bin=\"1\",model=\"dcgan\",run=\"r1\",source=\"reference\"} 0.3");
        assertThat(samples(scrape, "modewatch_segment_area_fraction"))
                .containsExactlyInAnyOrder(
                        "modewatch_segment_area_fraction{class=\"sky\",model=\"dcgan\",run=\"r1\",source=\"generated\"} 55.0",
                        "modewatch_segment_area_fraction{class=\"sky\",model=\"dcgan\",run=\"r1\",source=\"reference\"} 60.0",
                        "modewatch_segment_area_fraction{class=\"water\",model=\"dcgan\",run=\"r1\",source=\"generated\"} 45.0",
                        "modewatch_segment_area_fraction{class=\"water\",model=\"dcgan\",run=\"r1\",source=\"reference\"} 40.0");
        long rowMeters = registry.getMeters().stream()
                .map(Meter::getId)
                .filter(id -> id.getName().equals(MetricNames.NDB_BIN_PROPORTION)
                        || id.getName().equals(MetricNames.SEGMENT_AREA_FRACTION))
                .count();
        assertThat(rowMeters).isEqualTo(8);
        assertThat(scrape).contains("modewatch_ndb_fraction" + TAGS + " 1.0\n");
    }

    @Test
    void rowsThatStayKeepTheirMeterAndShowTheNewValues() {
        bind();
        state.recordEvaluation(Fixtures.standard());
        Gauge before = registry.get(MetricNames.NDB_BIN_PROPORTION)
                .tags("bin", "0", "source", "generated")
                .gauge();
        assertThat(before.value()).isEqualTo(0.5);

        state.recordEvaluation(evaluation(
                3000,
                Duration.ofSeconds(1),
                ndb(0, 0.0, new double[] {0.4, 0.3, 0.2, 0.1}, new double[] {0.45, 0.25, 0.2, 0.1}),
                null,
                Double.NaN));

        Gauge after = registry.get(MetricNames.NDB_BIN_PROPORTION)
                .tags("bin", "0", "source", "generated")
                .gauge();
        assertThat(after).isSameAs(before);
        assertThat(after.value()).isEqualTo(0.45);
        assertThat(registry.find(MetricNames.SEGMENT_AREA_FRACTION).gauges()).isEmpty();
    }

    @Test
    void labelCapKeepsTheLargestBinsAndClasses() {
        ModeWatchMetrics.builder(state, "r1")
                .model("dcgan")
                .maxLabelValues(2)
                .build()
                .bindTo(registry);
        state.recordEvaluation(evaluation(
                1,
                Duration.ofSeconds(1),
                ndb(0, 0.0, new double[] {0.4, 0.3, 0.2, 0.1}, new double[] {0.4, 0.3, 0.2, 0.1}),
                // reference shares: tree 30 > road 20 > sky 10 > car 5 (percent, rest unlabelled)
                fsd(0.0, 0.0, List.of("sky", "tree", "car", "road"), new double[] {10, 30, 5, 20}, new double[] {
                    10, 30, 5, 20
                }),
                Double.NaN));

        String scrape = registry.scrape();

        assertThat(samples(scrape, "modewatch_ndb_bin_proportion")).hasSize(4).allSatisfy(line -> assertThat(line)
                .containsAnyOf("bin=\"0\"", "bin=\"1\""));
        assertThat(samples(scrape, "modewatch_segment_area_fraction"))
                .hasSize(4)
                .allSatisfy(line -> assertThat(line).containsAnyOf("class=\"tree\"", "class=\"road\""));
        assertThat(scrape).contains("modewatch_ndb_bins" + TAGS + " 4.0\n");
    }

    @Test
    void defaultCapAllowsFiveHundredBins() {
        bind();
        double[] shares = new double[600];
        java.util.Arrays.fill(shares, 1.0 / 600);
        state.recordEvaluation(evaluation(1, Duration.ofSeconds(1), ndb(0, 0.0, shares, shares), null, Double.NaN));

        List<String> rows = samples(registry.scrape(), "modewatch_ndb_bin_proportion");

        assertThat(ModeWatchMetrics.DEFAULT_MAX_LABEL_VALUES).isEqualTo(500);
        assertThat(rows).hasSize(2 * 500);
        assertThat(rows).anySatisfy(l -> assertThat(l).contains("bin=\"499\"")).noneSatisfy(l -> assertThat(l)
                .contains("bin=\"500\""));
    }

    @Test
    void duplicateClassNamesExportOneRowPair() {
        bind();
        state.recordEvaluation(evaluation(
                1,
                Duration.ofSeconds(1),
                null,
                fsd(0.0, 0.0, List.of("sky", "sky", "tree"), new double[] {10, 60, 30}, new double[] {11, 59, 30}),
                Double.NaN));

        List<String> rows = samples(registry.scrape(), "modewatch_segment_area_fraction");

        assertThat(rows)
                .containsExactlyInAnyOrder(
                        "modewatch_segment_area_fraction{class=\"sky\",model=\"dcgan\",run=\"r1\",source=\"generated\"} 59.0",
                        "modewatch_segment_area_fraction{class=\"sky\",model=\"dcgan\",run=\"r1\",source=\"reference\"} 60.0",
                        "modewatch_segment_area_fraction{class=\"tree\",model=\"dcgan\",run=\"r1\",source=\"generated\"} 30.0",
                        "modewatch_segment_area_fraction{class=\"tree\",model=\"dcgan\",run=\"r1\",source=\"reference\"} 30.0");
    }

    @Test
    void countersReadTheStateAndEndInTotal() {
        bind();
        state.recordEvaluation(Fixtures.standard());
        state.recordEvaluation(Fixtures.standard());
        state.recordSkipped();
        state.recordSkipped();
        state.recordSkipped();
        state.recordNonFiniteOutputs(7);
        state.recordFailure(FailureKind.SAMPLING);
        state.recordFailure(FailureKind.PUSH);
        state.recordFailure(FailureKind.PUSH);

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains(
                        "modewatch_evaluations_total" + TAGS + " 2.0\n",
                        "modewatch_evaluations_skipped_total" + TAGS + " 3.0\n",
                        "modewatch_nonfinite_outputs_total" + TAGS + " 7.0\n",
                        "modewatch_evaluation_failures_total{kind=\"push\",model=\"dcgan\",run=\"r1\"} 2.0\n",
                        "modewatch_evaluation_failures_total{kind=\"sampling\",model=\"dcgan\",run=\"r1\"} 1.0\n",
                        "# TYPE modewatch_evaluations_total counter\n");
    }

    @Test
    void failuresRecordedBeforeBindingAndDeclaredKindsAreExported() {
        state.recordFailure(FailureKind.NDB);
        ModeWatchMetrics.builder(state, "r1")
                .model("dcgan")
                .failureKinds(FailureKind.PUSH, FailureKind.FSD)
                .build()
                .bindTo(registry);

        List<String> rows = samples(registry.scrape(), "modewatch_evaluation_failures_total");

        assertThat(rows)
                .containsExactlyInAnyOrder(
                        "modewatch_evaluation_failures_total{kind=\"fsd\",model=\"dcgan\",run=\"r1\"} 0.0",
                        "modewatch_evaluation_failures_total{kind=\"ndb\",model=\"dcgan\",run=\"r1\"} 1.0",
                        "modewatch_evaluation_failures_total{kind=\"push\",model=\"dcgan\",run=\"r1\"} 0.0");
    }

    @Test
    void timerRecordsEachEvaluationsDuration() {
        bind();
        state.recordEvaluation(evaluation(1, Duration.ofMillis(1500), null, null, Double.NaN));
        state.recordEvaluation(evaluation(2, Duration.ofMillis(500), null, null, Double.NaN));

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains(
                        "# TYPE modewatch_evaluation_seconds summary\n",
                        "modewatch_evaluation_seconds_count" + TAGS + " 2\n",
                        "modewatch_evaluation_seconds_sum" + TAGS + " 2.0\n",
                        "modewatch_evaluation_seconds_max" + TAGS + " 1.5\n");
    }

    @Test
    void exportsExactlyTheCoreFamiliesWithoutAFeatureExtractor() {
        bind();
        state.recordEvaluation(Fixtures.standardWithFeatures());
        state.recordFailure(FailureKind.PUSH);

        assertThat(families(registry.scrape())).isEqualTo(withTimerMax(MetricNames.CORE_PROMETHEUS_NAMES));
    }

    @Test
    void featureGaugesCarryTheExtractorsNameAndTheLatestValues() {
        ModeWatchMetrics.builder(state, "r1")
                .model("dcgan")
                .features("inception")
                .build()
                .bindTo(registry);
        String tags = "{features=\"inception\",model=\"dcgan\",run=\"r1\"}";
        assertThat(Fixtures.value(registry.scrape(), "modewatch_features_coverage" + tags))
                .as("NaN before the first evaluation")
                .hasValueSatisfying(v -> assertThat(v).isNaN());

        state.recordEvaluation(Fixtures.standardWithFeatures());
        String scrape = registry.scrape();
        assertThat(Fixtures.value(scrape, "modewatch_features_frechet" + tags)).hasValue(42.5);
        assertThat(Fixtures.value(scrape, "modewatch_features_frechet_noise_floor" + tags))
                .hasValue(1.5);
        assertThat(Fixtures.value(scrape, "modewatch_features_kid" + tags)).hasValue(0.0123);
        assertThat(Fixtures.value(scrape, "modewatch_features_kid_std" + tags)).hasValue(0.002);
        assertThat(Fixtures.value(scrape, "modewatch_features_precision" + tags))
                .hasValue(0.8);
        assertThat(Fixtures.value(scrape, "modewatch_features_recall" + tags)).hasValue(0.6);
        assertThat(Fixtures.value(scrape, "modewatch_features_density" + tags)).hasValue(0.9);
        assertThat(Fixtures.value(scrape, "modewatch_features_coverage" + tags)).hasValue(0.7);
        assertThat(Fixtures.value(scrape, "modewatch_features_coverage_best" + tags))
                .hasValue(0.7);
        assertThat(Fixtures.value(scrape, "modewatch_features_coverage_recent_max" + tags))
                .hasValueSatisfying(
                        v -> assertThat(v).as("NaN until 3 evaluations").isNaN());
        // an evaluation without features (e.g. NDB only at close) shows NaN, not the previous value
        state.recordEvaluation(Fixtures.standard());
        assertThat(Fixtures.value(registry.scrape(), "modewatch_features_frechet" + tags))
                .hasValueSatisfying(v -> assertThat(v).isNaN());
        assertThatThrownBy(() -> ModeWatchMetrics.builder(state, "r1").features(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FeatureExtractor.name()");
    }

    @Test
    void exportsExactlyTheContractFamilies() {
        ModeWatchMetrics.builder(state, "r1")
                .model("dcgan")
                .features("inception")
                .build()
                .bindTo(registry);
        state.recordEvaluation(Fixtures.standardWithFeatures());
        state.recordFailure(FailureKind.PUSH);

        assertThat(families(registry.scrape())).isEqualTo(withTimerMax(MetricNames.PROMETHEUS_NAMES));
    }

    /** The metric families of a Prometheus text scrape (its {@code # TYPE} lines). */
    private static Set<String> families(String scrape) {
        Set<String> families = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                families.add(line.split(" ")[2]);
            }
        }
        return families;
    }

    /** {@code names} and Micrometer's timer max, a gauge family of its own. */
    private static Set<String> withTimerMax(java.util.List<String> names) {
        Set<String> expected = new TreeSet<>(names);
        expected.add("modewatch_evaluation_seconds_max");
        return expected;
    }

    @Test
    void everyMeterHasADescription() {
        ModeWatchMetrics.builder(state, "r1")
                .model("dcgan")
                .features("inception")
                .build()
                .bindTo(registry);
        state.recordEvaluation(Fixtures.standardWithFeatures());
        state.recordFailure(FailureKind.PUSH);
        String scrape = registry.scrape();

        assertThat(registry.getMeters()).isNotEmpty().allSatisfy(m -> assertThat(
                        m.getId().getDescription())
                .as(m.getId().getName())
                .isNotBlank());
        List<String> missingHelp = new ArrayList<>();
        for (String name : MetricNames.PROMETHEUS_NAMES) {
            if (!scrape.matches("(?s).*# HELP " + name + " \\S.*")) {
                missingHelp.add(name);
            }
        }
        assertThat(missingHelp).isEmpty();
    }

    /** Words a finished sentence does not end on; a HELP text ending on one was cut off (issue 16, item 9). */
    private static final Set<String> DANGLING = Set.of(
            "a", "an", "the", "of", "to", "and", "or", "in", "on", "for", "with", "that", "than", "by", "at", "from",
            "is", "are", "was", "were", "be", "its", "their");

    @Test
    void helpTextsAreFinishedSentences() {
        ModeWatchMetrics.builder(state, "r1")
                .model("dcgan")
                .features("inception")
                .build()
                .bindTo(registry);
        state.recordEvaluation(Fixtures.standardWithFeatures());
        String scrape = registry.scrape();

        List<String> cutOff = scrape.lines()
                .filter(l -> l.startsWith("# HELP "))
                .filter(l -> {
                    String[] words = l.strip().split("[\\s:;,]+");
                    return DANGLING.contains(words[words.length - 1].toLowerCase(java.util.Locale.ROOT));
                })
                .toList();
        assertThat(cutOff).isEmpty();
        assertThat(scrape)
                .contains(
                        "# HELP modewatch_ndb_fraction_recent_min Lowest NDB/K of the last 3 evaluations "
                                + "(NaN until there were 3): above a threshold means that many consecutive evaluations were all above it\n");
    }

    @Test
    void emptyModelNameIsExportedAsAnEmptyLabel() {
        ModeWatchMetrics.of(state, "r1").bindTo(registry);
        state.recordEvaluation(Fixtures.standard());

        assertThat(registry.scrape()).contains("modewatch_ndb_fraction{model=\"\",run=\"r1\"} 0.25\n");
    }

    @Test
    void bindingAfterAnEvaluationShowsItsRows() {
        state.recordEvaluation(Fixtures.standard());
        bind();

        String scrape = registry.scrape();

        assertThat(samples(scrape, "modewatch_ndb_bin_proportion")).hasSize(8);
        assertThat(samples(scrape, "modewatch_segment_area_fraction")).hasSize(6);
        assertThat(scrape).contains("modewatch_evaluations_total" + TAGS + " 1.0\n");
    }

    /**
     * Micrometer holds a gauge's object weakly unless told otherwise, so a binder nobody else references could be
     * collected and its gauges would read NaN. Instead of System.gc() and a sleep (a hint, with no promise of when
     * or whether a weakly held object goes), this walks the objects the registry holds strongly.
     */
    @Test
    void theRegistryHoldsTheBinderAndItsStateStrongly() {
        MonitorState s = new MonitorState();
        // no NDB/FSD, hence no per-bin/per-class rows that could keep the binder reachable on their own
        s.recordEvaluation(evaluation(1500, Duration.ofSeconds(1), null, null, 3.25));
        ModeWatchMetrics binder = ModeWatchMetrics.of(s, "gc");
        binder.bindTo(registry);

        assertThat(StrongReachability.reaches(registry, binder))
                .as("binder strongly reachable from the registry")
                .isTrue();
        assertThat(StrongReachability.reaches(registry, s))
                .as("state strongly reachable from the registry")
                .isTrue();
        assertThat(registry.scrape())
                .contains(
                        "modewatch_evaluation_iteration{model=\"\",run=\"gc\"} 1500.0\n",
                        "modewatch_fsd_noise_floor{model=\"\",run=\"gc\"} 3.25\n",
                        "modewatch_evaluations_total{model=\"\",run=\"gc\"} 1.0\n");
    }

    /** The walk above tells a weakly held gauge object from a strongly held one (else it could not fail). */
    @Test
    void reachabilityWalkDoesNotFollowMicrometersWeakReferences() {
        Object weak = new Object();
        Object strong = new Object();
        Gauge.builder("weakly_held", weak, o -> 1).register(registry);
        Gauge.builder("strongly_held", strong, o -> 1).strongReference(true).register(registry);

        assertThat(StrongReachability.reaches(registry, weak)).isFalse();
        assertThat(StrongReachability.reaches(registry, strong)).isTrue();
    }

    @Test
    void twoRunsShareOneRegistry() {
        MonitorState other = new MonitorState();
        bind();
        ModeWatchMetrics.builder(other, "r2").model("dcgan").build().bindTo(registry);
        state.recordEvaluation(Fixtures.standard());
        other.recordEvaluation(evaluation(
                7,
                Duration.ofSeconds(1),
                ndb(1, 0.1, new double[] {0.5, 0.5}, new double[] {0.9, 0.1}),
                null,
                Double.NaN));

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains(
                        "modewatch_ndb_fraction{model=\"dcgan\",run=\"r1\"} 0.25\n",
                        "modewatch_ndb_fraction{model=\"dcgan\",run=\"r2\"} 0.5\n");
        assertThat(samples(scrape, "modewatch_ndb_bin_proportion").stream()
                        .filter(l -> l.contains("run=\"r2\""))
                        .collect(Collectors.toList()))
                .hasSize(4);
        assertThat(samples(scrape, "modewatch_ndb_bin_proportion").stream()
                        .filter(l -> l.contains("run=\"r1\""))
                        .collect(Collectors.toList()))
                .hasSize(8);
    }

    @Test
    void builderRejectsBadValuesNamingTheFieldAndTheFix() {
        assertThatThrownBy(() -> ModeWatchMetrics.builder(state, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run = \" \"")
                .hasMessageContaining("e.g.");
        assertThatThrownBy(() -> ModeWatchMetrics.builder(null, "r1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state = null");
        assertThatThrownBy(() -> ModeWatchMetrics.builder(state, "r1").maxLabelValues(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLabelValues = 0")
                .hasMessageContaining(">= 1");
        assertThatThrownBy(() -> ModeWatchMetrics.builder(state, "r1").model(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model = null");
        assertThatThrownBy(() -> ModeWatchMetrics.builder(state, "r1").failureKinds(FailureKind.PUSH, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failure kind = null")
                .hasMessageContaining("FailureKind.SAMPLING");
    }
}
