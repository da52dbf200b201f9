package io.github.modewatch.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modewatch.ModeWatch;
import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.monitor.Evaluation;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The listener under a real DL4J {@link ParallelWrapper}: several worker threads, each training its own replica
 * of the model, call the one listener instance; it must run at most one evaluation per due iteration.
 */
class ParallelWrapperTest {
    private static final int EVERY = 5;

    /** A small "generator" z (2) -> 32 -> 2, trained by regression onto ring-8 points: enough to iterate. */
    private static MultiLayerNetwork generator() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(3)
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-3))
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(2)
                        .nOut(32)
                        .activation(Activation.TANH)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(32)
                        .nOut(2)
                        .activation(Activation.IDENTITY)
                        .build())
                .build());
        net.init();
        return net;
    }

    private static List<DataSet> batches(int count, int size) {
        List<DataSet> batches = new java.util.ArrayList<>();
        try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(11)) {
            for (int b = 0; b < count; b++) {
                INDArray z = Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, size, 2), rng);
                INDArray x = GaussianMixtures.ring8(size, 100 + b).castTo(DataType.FLOAT);
                batches.add(new DataSet(z, x));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return batches;
    }

    /** Records which threads called back and every iteration number they reported. */
    private static final class CallRecorder extends BaseTrainingListener {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final Set<Integer> dueIterations = ConcurrentHashMap.newKeySet();
        final AtomicInteger dueCalls = new AtomicInteger();

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            threads.add(Thread.currentThread().getName());
            if (iteration % EVERY == 0) {
                dueIterations.add(iteration);
                dueCalls.incrementAndGet();
            }
        }
    }

    @Test
    void workersOfAParallelWrapperShareOneListenerAndGetOneEvaluationPerDueIteration() throws Exception {
        MultiLayerNetwork net = generator();
        NdbReference bins = NdbReference.fit(GaussianMixtures.ring8(2_000, 5), 8);
        CallRecorder calls = new CallRecorder();
        try (ModeWatchListener listener = ModeWatch.listener()
                .every(EVERY)
                .generator(GeneratorSampler.of(net, 2))
                .ndb(bins)
                .samples(200)
                .batchSize(200)
                .seed(1)
                .evaluateOnClose(false)
                .build()) {
            ParallelWrapper wrapper = new ParallelWrapper.Builder<>(net)
                    .workers(2)
                    .prefetchBuffer(2)
                    .averagingFrequency(2)
                    .trainingMode(ParallelWrapper.TrainingMode.AVERAGING)
                    .build();
            wrapper.setListeners(listener, calls);
            wrapper.fit(new ExistingDataSetIterator(batches(120, 32)));
            wrapper.shutdown();
            assertThat(listener.awaitIdle(60_000)).isTrue();

            // the set-up is what we claim: two worker threads, and due iterations reported more than once
            assertThat(calls.threads).hasSizeGreaterThanOrEqualTo(2);
            assertThat(calls.dueCalls.get()).isGreaterThan(calls.dueIterations.size());

            List<Long> evaluated = listener.state().history().stream()
                    .map(Evaluation::iteration)
                    .toList();
            assertThat(evaluated).isNotEmpty().doesNotHaveDuplicates().allMatch(i -> i % EVERY == 0);
            assertThat(evaluated).allMatch(i -> calls.dueIterations.contains(i.intValue()));
            // each due iteration is evaluated, skipped (evaluator busy) or passed over (a worker already reported
            // a later one), never evaluated twice
            assertThat(listener.state().evaluations() + listener.state().skipped())
                    .isLessThanOrEqualTo(calls.dueIterations.size());
            assertThat(listener.state().failures()).isEmpty();
            assertThat(listener.state().latest().ndb().bins()).isEqualTo(8);
        }
    }
}
