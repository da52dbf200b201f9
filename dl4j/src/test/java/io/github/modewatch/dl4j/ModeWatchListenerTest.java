package io.github.modewatch.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modewatch.ModeWatch;
import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.internal.gan.MixtureGan;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.monitor.Evaluation;
import io.github.modewatch.monitor.FailureKind;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModeWatchListenerTest {
    static NdbReference ring;

    @BeforeAll
    static void fitReference() {
        ring = NdbReference.fit(GaussianMixtures.ring8(4_000, 7), 8);
    }

    private static ModeWatchBuilder ringListener(MixtureGan gan) {
        return ModeWatch.listener()
                .every(10)
                .samples(400)
                .batchSize(128)
                .generator(GeneratorSampler.firstLayersOf(gan.gan(), gan.generatorLayers(), gan.latentSize()))
                .ndb(ring);
    }

    @Test
    void trainingWithTheListenerGivesBitIdenticalParameters() throws Exception {
        // ND4J's global RNG is per thread: the build-time probe and the final evaluation run on this (training)
        // thread, so the RNG is seeded before the listener is built and training draws from it afterwards.
        Nd4j.getRandom().setSeed(5);
        MixtureGan plain = TinyGans.ring(3);
        TinyGans.trainWithGlobalNoise(plain, 60, 5);
        INDArray plainNext = Nd4j.rand(DataType.FLOAT, 4);

        Nd4j.getRandom().setSeed(5);
        MixtureGan watched = TinyGans.ring(3);
        try (ModeWatchListener listener = ringListener(watched).every(5).build()) {
            watched.addListeners(listener);
            watched.discriminator().addListeners(listener);
            TinyGans.trainWithGlobalNoise(watched, 60, 5); // evaluations run while training goes on
            assertThat(listener.awaitIdle(30_000)).isTrue();
            assertThat(listener.state().evaluations()).isGreaterThan(1);
        }
        assertThat(Nd4j.rand(DataType.FLOAT, 4))
                .as("the training thread's RNG after close()")
                .isEqualTo(plainNext);
        assertThat(watched.gan().params()).isEqualTo(plain.gan().params());
        assertThat(watched.discriminator().params())
                .isEqualTo(plain.discriminator().params());
    }

    @Test
    void evaluatesEveryNIterationsOnTheEvaluatorThread() throws Exception {
        MixtureGan gan = TinyGans.ring(1);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Long> iterations = new CopyOnWriteArrayList<>();
        try (ModeWatchListener listener = ringListener(gan)
                .evaluateOnClose(false)
                .onEvaluation(e -> {
                    threads.add(Thread.currentThread().getName());
                    iterations.add(e.iteration());
                })
                .build()) {
            gan.addListeners(listener);
            for (int i = 0; i < 35; i++) {
                TinyGans.train(gan, 1, i);
                assertThat(listener.awaitIdle(30_000)).isTrue(); // let each due evaluation finish: none skipped
            }
            Evaluation latest = listener.state().latest();
            assertThat(latest.ndb().bins()).isEqualTo(8);
            assertThat(latest.ndb().generatedSize()).isEqualTo(400);
        }
        assertThat(iterations).containsExactly(0L, 10L, 20L, 30L);
        assertThat(threads).containsExactly("modewatch-evaluator");
    }

    @Test
    void aDueEvaluationWhileOneRunsIsSkippedAndCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        GeneratorSampler slow = GeneratorSampler.function(
                z -> {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return GaussianMixtures.ring8((int) z.size(0), 1).castTo(DataType.FLOAT);
                },
                2);
        MixtureGan gan = TinyGans.ring(2);
        try (ModeWatchListener listener = ModeWatch.listener()
                .every(10)
                .samples(100)
                .batchSize(100)
                .generator(slow)
                .ndb(ring)
                .checkOnBuild(false)
                .evaluateOnClose(false)
                .build()) {
            for (int i = 0; i <= 30; i++) {
                listener.iterationDone(gan.gan(), i, 0); // fit() would call this; it must return at once
            }
            assertThat(listener.state().skipped()).isEqualTo(3); // 10, 20, 30 while 0 is still running
            release.countDown();
            assertThat(listener.awaitIdle(30_000)).isTrue();
            assertThat(listener.state().evaluations()).isEqualTo(1);
        }
    }

    @Test
    void failuresAreCountedByKindAndNeverReachFit() throws Exception {
        GeneratorSampler broken = GeneratorSampler.function(
                z -> {
                    throw new IllegalStateException("boom");
                },
                4);
        MixtureGan gan = TinyGans.ring(4);
        try (ModeWatchListener listener = ModeWatch.listener()
                .every(5)
                .samples(50)
                .generator(broken)
                .ndb(ring)
                .checkOnBuild(false)
                .build()) {
            gan.addListeners(listener);
            assertThatCode(() -> TinyGans.train(gan, 12, 1)).doesNotThrowAnyException();
            assertThat(listener.awaitIdle(30_000)).isTrue();
            assertThat(listener.state().failures(FailureKind.SAMPLING)).isGreaterThanOrEqualTo(1);
            assertThat(listener.state().evaluations()).isZero();
        }
    }

    /** A listener that draws 200 samples in one batch from {@code generator}, for evaluateNow on this thread. */
    private ModeWatchListener oneBatchOf200(GeneratorSampler generator) {
        return ModeWatch.listener()
                .every(1)
                .samples(200)
                .batchSize(200)
                .generator(generator)
                .ndb(ring)
                .checkOnBuild(false)
                .evaluateOnClose(false)
                .build();
    }

    /** A 2-D generator of float32 ring-8 samples (seed {@code seed}) that {@code edit} changes before they leave. */
    private static GeneratorSampler ring8Edited(long seed, java.util.function.Consumer<INDArray> edit) {
        return GeneratorSampler.function(
                z -> {
                    INDArray out = GaussianMixtures.ring8((int) z.size(0), seed).castTo(DataType.FLOAT);
                    edit.accept(out);
                    return out;
                },
                2);
    }

    @Test
    void nonFiniteGeneratorOutputsAreCountedAndTheFiniteRowsStillEvaluated() throws Exception {
        GeneratorSampler halfNan = ring8Edited(3, out -> {
            for (int r = 0; r < out.rows(); r += 2) {
                out.putScalar(r, 0, Float.NaN);
            }
        });
        try (ModeWatchListener listener = oneBatchOf200(halfNan)) {
            Evaluation e = listener.evaluateNow(7);
            assertThat(listener.state().nonFiniteOutputs()).isEqualTo(100);
            assertThat(e.ndb().generatedSize()).isEqualTo(100);
        }
    }

    @Test
    void infinitiesAreCountedAndHugeFiniteValuesAreNot() throws Exception {
        // every 4th row holds +inf or -inf; rows 1 and 3 hold values whose float32 sum overflows but are finite
        GeneratorSampler mixed = ring8Edited(4, out -> {
            for (int r = 0; r < out.rows(); r += 4) {
                out.putScalar(r, 1, r % 8 == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY);
            }
            out.putScalar(1, 0, 3e38f);
            out.putScalar(3, 0, 3e38f);
        });
        try (ModeWatchListener listener = oneBatchOf200(mixed)) {
            Evaluation e = listener.evaluateNow(3);
            assertThat(listener.state().nonFiniteOutputs()).isEqualTo(50);
            assertThat(e.ndb().generatedSize()).isEqualTo(150);
        }
        GeneratorSampler hugeButFinite = ring8Edited(5, out -> {
            for (int r = 0; r < 10; r++) {
                out.putScalar(r, 0, 3e38f);
            }
        });
        // the precondition that makes this the slow path: the float32 sum of these rows is not finite
        INDArray huge = hugeButFinite.snapshot().generate(Nd4j.zeros(DataType.FLOAT, 200, 2));
        assertThat(Double.isFinite(huge.sumNumber().doubleValue())).isFalse();
        try (ModeWatchListener listener = oneBatchOf200(hugeButFinite)) {
            Evaluation e = listener.evaluateNow(4);
            assertThat(listener.state().nonFiniteOutputs()).isZero();
            assertThat(e.ndb().generatedSize()).isEqualTo(200);
        }
    }

    @Test
    void aGanAndItsDiscriminatorSharingTheListenerEvaluateOncePerIteration() throws Exception {
        MixtureGan gan = TinyGans.ring(5);
        try (ModeWatchListener listener =
                ringListener(gan).evaluateOnClose(false).build()) {
            gan.addListeners(listener);
            gan.discriminator().addListeners(listener);
            for (int i = 0; i < 50; i++) {
                TinyGans.train(gan, 1, i);
                assertThat(listener.awaitIdle(30_000)).isTrue();
            }
            assertThat(listener.state().history())
                    .extracting(Evaluation::iteration)
                    .containsExactly(0L, 10L, 20L, 30L, 40L);
        }
    }

    @Test
    void workerThreadsSharingTheListenerGetOneEvaluationPerDueIteration() throws Exception {
        // ParallelWrapper-style: several workers, each with its own model replica, report the same iterations.
        GeneratorSampler sampler = GeneratorSampler.function(
                z -> GaussianMixtures.ring8((int) z.size(0), 1).castTo(DataType.FLOAT), 2);
        MixtureGan gan = TinyGans.ring(6);
        try (ModeWatchListener listener = ModeWatch.listener()
                .every(10)
                .samples(50)
                .batchSize(50)
                .generator(sampler)
                .ndb(ring)
                .evaluateOnClose(false)
                .build()) {
            ExecutorService workers = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            for (int w = 0; w < 4; w++) {
                workers.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 100; i++) {
                        listener.iterationDone(gan.gan(), i, 0);
                    }
                });
            }
            start.countDown();
            workers.shutdown();
            assertThat(workers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            assertThat(listener.awaitIdle(30_000)).isTrue();
            assertThat(listener.state().evaluations() + listener.state().skipped())
                    .isEqualTo(10);
            assertThat(listener.state().history())
                    .extracting(Evaluation::iteration)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void closeRunsAFinalEvaluationOnceAndIsIdempotent() throws Exception {
        MixtureGan gan = TinyGans.ring(7);
        ModeWatchListener listener = ringListener(gan).every(1000).build();
        gan.addListeners(listener);
        TinyGans.train(gan, 15, 2);
        assertThat(listener.awaitIdle(30_000)).isTrue();
        listener.close();
        listener.close();
        assertThat(listener.state().history()).extracting(Evaluation::iteration).containsExactly(0L, 14L);
        TinyGans.train(gan, 5, 3); // after close, training goes on unobserved
        assertThat(listener.state().evaluations()).isEqualTo(2);
    }

    @Test
    void metricsOfTheListenerReachItsRegistryUnderTheContractNames() throws Exception {
        MixtureGan gan = TinyGans.ring(8);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ModeWatchListener listener = ringListener(gan)
                .run("unit")
                .model("ring")
                .registry(registry)
                .evaluateOnClose(false)
                .build()) {
            gan.addListeners(listener);
            TinyGans.train(gan, 11, 4);
            assertThat(listener.awaitIdle(30_000)).isTrue();
            double fraction = listener.state().latest().ndb().ndbFraction();
            String scrape = registry.scrape();
            assertThat(scrape).contains("modewatch_ndb_fraction{model=\"ring\",run=\"unit\"} " + fraction);
            assertThat(scrape).contains("modewatch_training_iteration{model=\"ring\",run=\"unit\"} 10.0");
            assertThat(scrape).contains("modewatch_evaluations_total{model=\"ring\",run=\"unit\"} 2.0");
            assertThat(scrape)
                    .contains("modewatch_evaluation_failures_total{kind=\"sampling\",model=\"ring\",run=\"unit\"} 0.0");
        }
    }

    @Test
    void builderMessagesNameTheFieldTheValueAndTheFix() {
        assertThatThrownBy(() -> ModeWatch.listener().every(0))
                .hasMessage("every = 0: must be >= 1; pass the iterations between evaluations, e.g. 500");
        assertThatThrownBy(() -> ModeWatch.listener().samples(1)).hasMessageContaining("samples = 1");
        assertThatThrownBy(() -> ModeWatch.listener().alpha(1.5))
                .hasMessageContaining("alpha = 1.5")
                .hasMessageContaining("0.05");
        assertThatThrownBy(() -> ModeWatch.listener().ndb(ring).build()).hasMessageStartingWith("no generator");
        MixtureGan gan = TinyGans.ring(9);
        GeneratorSampler sampler = GeneratorSampler.firstLayersOf(gan.gan(), 3, 4);
        assertThatThrownBy(() -> ModeWatch.listener().generator(sampler).build())
                .hasMessageStartingWith("nothing to measure");
        assertThatThrownBy(() -> GeneratorSampler.firstLayersOf(gan.gan(), 7, 4))
                .hasMessageContaining("generatorLayers = 7")
                .hasMessageContaining("6 layers");
        NdbReference wide = NdbReference.fit(Nd4j.rand(DataType.FLOAT, 100, 3), 4);
        assertThatThrownBy(
                        () -> ModeWatch.listener().generator(sampler).ndb(wide).build())
                .hasMessageContaining("outputs 2 values per sample")
                .hasMessageContaining("have 3");
        assertThatThrownBy(() -> ModeWatch.listener()
                        .generator(GeneratorSampler.firstLayersOf(gan.gan(), 3, 5))
                        .ndb(ring)
                        .build())
                .hasMessageContaining("latent size 5");
    }
}
