// Sample 4: a GAN written as a DL4J ComputationGraph. ModeWatch samples the generator's output vertex by name.
//
// Run:
//   mvn -q -DskipTests test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=GraphGan -Dexec.args="2000"

import io.github.modewatch.ModeWatch;
import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.dl4j.GeneratorSampler;
import io.github.modewatch.dl4j.ModeWatchListener;
import io.github.modewatch.metrics.ndb.NdbReference;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

public final class GraphGan {
    static final int LATENT = 8;

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Nd4j.getEnvironment().setMaxThreads(1);
        IUpdater g = new Adam(2e-4, 0.5, 0.999, 1e-8);
        IUpdater d = new Adam(2e-4, 0.5, 0.999, 1e-8);
        IUpdater frozen = new Sgd(0);
        // The GAN graph: z -> g1 -> g2 -> "generated" -> d1 -> d2 -> "score" (D frozen inside the GAN).
        ComputationGraph gan = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .graphBuilder().addInputs("z")
                .addLayer("g1", dense(LATENT, 128, Activation.LEAKYRELU, g), "z")
                .addLayer("g2", dense(128, 128, Activation.LEAKYRELU, g), "g1")
                .addLayer("generated", dense(128, 2, Activation.IDENTITY, g), "g2")
                .addLayer("d1", dense(2, 128, Activation.LEAKYRELU, frozen), "generated")
                .addLayer("d2", dense(128, 128, Activation.LEAKYRELU, frozen), "d1")
                .addLayer("score", out(128, frozen), "d2")
                .setOutputs("score").build());
        // The discriminator graph, trained on real and generated points; its layers share names with the GAN's.
        ComputationGraph discriminator = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(2)
                .dataType(DataType.FLOAT).graphBuilder().addInputs("x")
                .addLayer("d1", dense(2, 128, Activation.LEAKYRELU, d), "x")
                .addLayer("d2", dense(128, 128, Activation.LEAKYRELU, d), "d1")
                .addLayer("score", out(128, d), "d2")
                .setOutputs("score").build());
        gan.init();
        discriminator.init();

        NdbReference bins = NdbReference.fit(GaussianMixtures.ring8(20_000, 42), 20);
        try (ModeWatchListener monitor = ModeWatch.listener().every(250).samples(2_000)
                .generator(GeneratorSampler.vertexOf(gan, "generated", LATENT))   // the generator's output vertex
                .ndb(bins).run("graph-gan")
                .onEvaluation(e -> System.out.printf("iteration %d: NDB/K %.2f%n", e.iteration(), e.ndb().ndbFraction()))
                .build()) {
            gan.addListeners(monitor);
            Random noise = Nd4j.getRandomFactory().getNewRandomInstance(7);
            SplittableRandom batches = new SplittableRandom(3);
            for (int i = 0; i < iterations; i++) {
                INDArray real = GaussianMixtures.ring8(128, batches.nextLong()).castTo(DataType.FLOAT);
                INDArray z = Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, 128, LATENT), noise);
                INDArray fake = gan.feedForward(new INDArray[] {z}, false).get("generated");
                discriminator.fit(new INDArray[] {Nd4j.vstack(real, fake)},
                        new INDArray[] {Nd4j.vstack(Nd4j.ones(DataType.FLOAT, 128, 1), Nd4j.zeros(DataType.FLOAT, 128, 1))});
                for (String layer : new String[] {"d1", "d2", "score"}) {
                    gan.getLayer(layer).setParams(discriminator.getLayer(layer).params());
                }
                gan.fit(new INDArray[] {Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, 128, LATENT), noise)},
                        new INDArray[] {Nd4j.ones(DataType.FLOAT, 128, 1)});
            }
        }
    }

    static DenseLayer dense(int in, int out, Activation a, IUpdater u) {
        return new DenseLayer.Builder().nIn(in).nOut(out).activation(a).updater(u).biasUpdater(u).build();
    }

    static OutputLayer out(int in, IUpdater u) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(in).nOut(1).activation(Activation.SIGMOID)
                .updater(u).biasUpdater(u).build();
    }
}
