package io.github.modewatch.dl4j;

import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.internal.gan.MixtureGan;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small GANs for listener tests. */
final class TinyGans {
    private TinyGans() {}

    /** A ring-8 GAN in the combined G+D pattern, 16 hidden units. */
    static MixtureGan ring(long seed) {
        return new MixtureGan(2, 4, 16, 2e-4, 2e-4, Activation.IDENTITY, 32, seed);
    }

    /** Runs {@code steps} GAN steps on ring-8 batches drawn from a seeded generator. */
    static void train(MixtureGan gan, int steps, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < steps; i++) {
            gan.step(GaussianMixtures.ring8(gan.batchSize(), random.nextLong()));
        }
    }

    /**
     * Like {@link #train} but, as much user code does, adds instance noise drawn from ND4J's global RNG (the
     * calling thread's; seed it first): if anything else drew from it meanwhile, the parameters would change.
     */
    static void trainWithGlobalNoise(MixtureGan gan, int steps, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < steps; i++) {
            org.nd4j.linalg.api.ndarray.INDArray real =
                    GaussianMixtures.ring8(gan.batchSize(), random.nextLong()).castTo(DataType.FLOAT);
            real.addi(org.nd4j.linalg.factory.Nd4j.randn(DataType.FLOAT, real.shape())
                    .muli(0.01));
            gan.step(real);
        }
    }

    /** A ComputationGraph GAN: z -> g1 -> gout (the generator) -> d1 -> dout. */
    static ComputationGraph graphGan(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-3))
                .graphBuilder()
                .addInputs("z")
                .addLayer(
                        "g1",
                        new DenseLayer.Builder()
                                .nIn(4)
                                .nOut(16)
                                .activation(Activation.TANH)
                                .build(),
                        "z")
                .addLayer(
                        "gout",
                        new DenseLayer.Builder()
                                .nIn(16)
                                .nOut(2)
                                .activation(Activation.IDENTITY)
                                .build(),
                        "g1")
                .addLayer(
                        "d1",
                        new DenseLayer.Builder()
                                .nIn(2)
                                .nOut(16)
                                .activation(Activation.TANH)
                                .build(),
                        "gout")
                .addLayer(
                        "dout",
                        new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                                .nIn(16)
                                .nOut(1)
                                .activation(Activation.SIGMOID)
                                .build(),
                        "d1")
                .setOutputs("dout")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }
}
