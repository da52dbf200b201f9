package io.github.modewatch.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.modewatch.ModeWatch;
import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.metrics.features.FeatureExtractor;
import io.github.modewatch.metrics.features.FeatureReference;
import io.github.modewatch.metrics.features.FeatureResult;
import io.github.modewatch.metrics.features.KidOptions;
import io.github.modewatch.monitor.Evaluation;
import io.github.modewatch.monitor.FailureKind;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The listener's feature metrics ({@code .features(extractor, reference)}). The generator is a fixed function of z
 * (ring-8 points, with or without modes dropped), so the oracle is the same {@link FeatureReference#compare} on the
 * very samples the evaluator draws, and the exported gauges must carry exactly those values.
 */
class FeatureMetricsListenerTest {
    private static final KidOptions KID =
            KidOptions.builder().subsets(10).subsetSize(200).seed(1).build();

    /** Points (x, y) -> features (x, y, x*y, x^2 - y^2); counts its calls and closes. */
    static final class PolyFeatures implements FeatureExtractor {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public String name() {
            return "poly2";
        }

        @Override
        public INDArray extract(INDArray points) {
            calls.incrementAndGet();
            INDArray x = points.castTo(DataType.DOUBLE).getColumn(0);
            INDArray y = points.castTo(DataType.DOUBLE).getColumn(1);
            return Nd4j.hstack(
                    x.reshape(-1, 1),
                    y.reshape(-1, 1),
                    x.mul(y).reshape(-1, 1),
                    x.mul(x).sub(y.mul(y)).reshape(-1, 1));
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    /**
     * Ring-8 points, only from modes {@code < keep} when keep < 8, drawn from a seed taken from z (so batches differ
     * and the evaluator's seeded z makes them repeatable); every batch returned is added to {@code record}.
     */
    private static GeneratorSampler ring(int keep, java.util.List<INDArray> record) {
        return GeneratorSampler.function(
                z -> {
                    int n = (int) z.size(0);
                    long seed = Double.doubleToLongBits(z.getDouble(0, 0));
                    double[][] modes = GaussianMixtures.keep(
                            GaussianMixtures.ringMeans(),
                            java.util.stream.IntStream.range(0, keep).toArray());
                    INDArray out = GaussianMixtures.sample(modes, GaussianMixtures.RING_STD, n, seed)
                            .castTo(DataType.FLOAT);
                    record.add(out.dup());
                    return out;
                },
                4);
    }

    private static GeneratorSampler ring(int keep) {
        return ring(keep, new java.util.concurrent.CopyOnWriteArrayList<>());
    }

    private static FeatureReference reference(PolyFeatures f) {
        return FeatureReference.of(f, GaussianMixtures.ring8(2_000, 7)).withKid(KID);
    }

    private static double gauge(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(name + " in the scrape").isTrue();
        assertThat(m.group(1)).contains("features=\"poly2\"");
        return Double.parseDouble(m.group(2));
    }

    @Test
    void everyEvaluationHasTheFeatureMetricsOfItsSamplesAndExportsThem() {
        PolyFeatures extractor = new PolyFeatures();
        FeatureReference reference = reference(new PolyFeatures());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        java.util.List<INDArray> generated = new java.util.concurrent.CopyOnWriteArrayList<>();
        Evaluation e;
        try (ModeWatchListener listener = ModeWatch.listener()
                .generator(ring(8, generated))
                .features(extractor, reference)
                .samples(600)
                .batchSize(250)
                .registry(registry)
                .evaluateOnClose(false)
                .build()) {
            generated.clear(); // drop the build-time probe's 2 samples
            e = listener.evaluateNow(0);
            String scrape = registry.scrape();

            assertThat(generated).hasSize(3); // batches of 250, 250 and 100
            INDArray samples = Nd4j.concat(0, generated.toArray(new INDArray[0]));
            FeatureResult expected =
                    reference.compare("poly2", new PolyFeatures().extract(samples), reference.noiseFloor(600, 42));
            FeatureResult got = e.features();
            assertThat(got.extractor()).isEqualTo("poly2");
            assertThat(got.frechet().distance()).isCloseTo(expected.frechet().distance(), within(1e-9));
            assertThat(got.frechetNoiseFloor()).isEqualTo(expected.frechetNoiseFloor());
            assertThat(got.kid()).isEqualTo(expected.kid());
            assertThat(got.prdc()).isEqualTo(expected.prdc());
            assertThat(e.ndb()).isNull();

            assertThat(gauge(scrape, "modewatch_features_frechet"))
                    .isEqualTo(got.frechet().distance());
            assertThat(gauge(scrape, "modewatch_features_kid"))
                    .isEqualTo(got.kid().kid());
            assertThat(gauge(scrape, "modewatch_features_precision"))
                    .isEqualTo(got.prdc().precision());
            assertThat(gauge(scrape, "modewatch_features_recall"))
                    .isEqualTo(got.prdc().recall());
            assertThat(gauge(scrape, "modewatch_features_density"))
                    .isEqualTo(got.prdc().density());
            assertThat(gauge(scrape, "modewatch_features_coverage"))
                    .isEqualTo(got.prdc().coverage());
            assertThat(gauge(scrape, "modewatch_features_coverage_best"))
                    .isEqualTo(got.prdc().coverage());
            // batches of 250: 600 samples take 3 calls (plus 1 for the build-time check)
            assertThat(extractor.calls.get()).isEqualTo(4);
            assertThat(extractor.closes.get()).isZero();
        }
        assertThat(extractor.closes.get()).as("closed with the listener").isEqualTo(1);
    }

    @Test
    void droppingModesLowersCoverageAndRecallButNotPrecision() {
        // the oracle here is the metrics' definition (Naeem et al. 2020): a generator on 4 of the 8 modes covers about
        // half of the real points and recalls about half, while its samples still lie on real modes (precision high)
        FeatureReference reference = reference(new PolyFeatures());
        FeatureResult full;
        FeatureResult half;
        try (ModeWatchListener a = ModeWatch.listener()
                        .generator(ring(8))
                        .features(new PolyFeatures(), reference)
                        .samples(800)
                        .evaluateOnClose(false)
                        .build();
                ModeWatchListener b = ModeWatch.listener()
                        .generator(ring(4))
                        .features(new PolyFeatures(), reference)
                        .samples(800)
                        .evaluateOnClose(false)
                        .build()) {
            full = a.evaluateNow(0).features();
            half = b.evaluateNow(0).features();
        }
        // same distribution, 800 generated vs 2,000 real, k = 5: a real point's ball holds 5 * 800 / 2,000 = 2
        // generated points on average, so about 1 - e^-2 = 0.86 of them are covered (Naeem et al.'s analysis)
        assertThat(full.prdc().coverage()).isBetween(0.75, 0.95);
        // half of the modes dropped: the real points in them lose all cover, the others keep theirs
        assertThat(half.prdc().coverage()).isCloseTo(full.prdc().coverage() / 2, within(0.1));
        assertThat(half.prdc().recall()).isLessThan(0.6);
        assertThat(half.prdc().precision()).isGreaterThan(0.9);
        assertThat(half.frechet().distance()).isGreaterThan(10 * full.frechet().distance());
        assertThat(half.kid().kid()).isGreaterThan(10 * Math.abs(full.kid().kid()));
    }

    @Test
    void coverageBestAndRecentMaxFollowTheRun() {
        FeatureReference reference = reference(new PolyFeatures());
        int[] keep = {8};
        GeneratorSampler switching =
                GeneratorSampler.function(z -> ring(keep[0]).snapshot().generate(z), 4);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ModeWatchListener listener = ModeWatch.listener()
                .generator(switching)
                .features(new PolyFeatures(), reference.withoutKid())
                .samples(600)
                .registry(registry)
                .evaluateOnClose(false)
                .build()) {
            double good = listener.evaluateNow(0).features().prdc().coverage();
            keep[0] = 3;
            listener.evaluateNow(1);
            assertThat(listener.state().coverageRecentMax())
                    .as("NaN until 3 evaluations")
                    .isNaN();
            listener.evaluateNow(2);
            double bad = listener.evaluateNow(3).features().prdc().coverage();
            assertThat(listener.state().coverageBest()).isEqualTo(good);
            assertThat(listener.state().coverageRecentMax()).isEqualTo(bad);
            // 600 vs 2,000 rows, k = 5: about 1 - e^-1.5 = 0.78 of the real points covered; on 3 of 8 modes the
            // generated points crowd (8/3 as dense), covering about 1 - e^-4 = 0.98 of those 3/8: about 0.37
            assertThat(good - bad).isGreaterThan(0.3);
            String scrape = registry.scrape();
            assertThat(gauge(scrape, "modewatch_features_coverage_recent_max")).isEqualTo(bad);
            assertThat(gauge(scrape, "modewatch_features_kid")).isNaN(); // KID switched off
        }
    }

    @Test
    void anExtractorThatDoesNotFitFailsTheBuildWithTheShapesAndLeavesNothingBehind() {
        PolyFeatures extractor = new PolyFeatures();
        FeatureReference threeWide = FeatureReference.of(Nd4j.rand(DataType.FLOAT, 50, 3));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        assertThatThrownBy(() -> ModeWatch.listener()
                        .generator(ring(8))
                        .features(extractor, threeWide)
                        .registry(registry)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("extractor 'poly2'")
                .hasMessageContaining("[2, 4]")
                .hasMessageContaining("expects [2, 3]");
        assertThat(registry.getMeters()).isEmpty();

        assertThatThrownBy(() -> ModeWatch.listener()
                        .generator(ring(8))
                        .features(extractor, reference(extractor))
                        .samples(5)
                        .build())
                .hasMessageContaining("more than k = 5 generated samples");
    }

    @Test
    void anExtractorFailingDuringTrainingIsCountedAsAFeaturesFailure() {
        AtomicInteger calls = new AtomicInteger();
        FeatureExtractor flaky = new FeatureExtractor() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public INDArray extract(INDArray images) {
                if (calls.incrementAndGet() > 1) { // the build-time check passes, the first evaluation fails
                    throw new IllegalStateException("session lost");
                }
                return new PolyFeatures().extract(images);
            }
        };
        try (ModeWatchListener listener = ModeWatch.listener()
                .generator(ring(8))
                .features(flaky, reference(new PolyFeatures()))
                .samples(100)
                .evaluateOnClose(false)
                .build()) {
            assertThat(listener.evaluateNow(0)).isNull();
            assertThat(listener.state().failures(FailureKind.FEATURES)).isEqualTo(1);
            assertThat(listener.state().evaluations()).isZero();
        }
    }
}
