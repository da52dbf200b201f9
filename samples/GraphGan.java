// Sample 4: a GAN written as a DL4J ComputationGraph. ModeWatch samples the generator's output vertex by name.
//
// The GAN learns PacGAN's ring-8 (8 Gaussians on the unit circle, std 0.01; Lin et al., NeurIPS 2018) with the
// demo's ring recipe: dense G 2->128->128->2 and D 2->128->128->1, LeakyReLU, Adam 2e-4 with beta1 0.5, batch
// 128; NDB/K and JS fall as it trains and the last line gives the final NDB/K, JS and missing bins.
//
// Run:
//   mvn -q -DskipTests test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=GraphGan -Dexec.args="2000"
// Argument: training iterations (default 2000).

import io.github.modewatch.ModeWatch;
import io.github.modewatch.dl4j.GeneratorSampler;
import io.github.modewatch.dl4j.ModeWatchListener;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.monitor.Evaluation;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
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
    static final int LATENT = 2;
    static final int BATCH = 128;

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Nd4j.getEnvironment().setMaxThreads(1);          // tiny networks train faster single-threaded
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
        IUpdater g = new Adam(2e-4, 0.5, 0.999, 1e-8);
        IUpdater d = new Adam(2e-4, 0.5, 0.999, 1e-8);
        IUpdater frozen = new Sgd(0);
        // The GAN graph: z -> g1 -> g2 -> "generated" -> d1 -> d2 -> "score" (D frozen inside the GAN).
        ComputationGraph gan = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("z")
                .addLayer("g1", dense(LATENT, 128, Activation.LEAKYRELU, g), "z")
                .addLayer("g2", dense(128, 128, Activation.LEAKYRELU, g), "g1")
                .addLayer("generated", dense(128, 2, Activation.IDENTITY, g), "g2")
                .addLayer("d1", dense(2, 128, Activation.LEAKYRELU, frozen), "generated")
                .addLayer("d2", dense(128, 128, Activation.LEAKYRELU, frozen), "d1")
                .addLayer("score", out(128, frozen), "d2")
                .setOutputs("score").build());
        // The discriminator graph, trained on real and generated points; its layers share names with the GAN's.
        ComputationGraph discriminator = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(2)
                .dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("x")
                .addLayer("d1", dense(2, 128, Activation.LEAKYRELU, d), "x")
                .addLayer("d2", dense(128, 128, Activation.LEAKYRELU, d), "d1")
                .addLayer("score", out(128, d), "d2")
                .setOutputs("score").build());
        gan.init();
        discriminator.init();
        INDArray real = ring8(10_000, new SplittableRandom(42));   // the training set

        NdbReference bins = NdbReference.fit(real, 8);             // K = 8 bins, about one per mode
        AtomicReference<Evaluation> last = new AtomicReference<>();
        try (ModeWatchListener monitor = ModeWatch.listener().every(250).samples(1_000)
                .generator(GeneratorSampler.vertexOf(gan, "generated", LATENT))   // the generator's output vertex
                .ndb(bins).run("graph-gan")
                .onEvaluation(e -> {
                    last.set(e);
                    System.out.printf("iteration %d: NDB/K %.2f, JS %.3f%n", e.iteration(), e.ndb().ndbFraction(), e.ndb().js());
                })
                .build()) {
            gan.addListeners(monitor);
            Random noise = Nd4j.getRandomFactory().getNewRandomInstance(7);
            SplittableRandom batches = new SplittableRandom(3);
            INDArray ones = Nd4j.ones(DataType.FLOAT, BATCH, 1);
            INDArray dLabels = Nd4j.vstack(ones, Nd4j.zeros(DataType.FLOAT, BATCH, 1));
            for (int i = 0; i < iterations; i++) {
                INDArray x = real.getRows(batches.ints(BATCH, 0, real.rows()).toArray());
                INDArray z = Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, BATCH, LATENT), noise);
                INDArray fake = gan.feedForward(new INDArray[] {z}, false).get("generated");
                discriminator.fit(new INDArray[] {Nd4j.vstack(x, fake)}, new INDArray[] {dLabels});
                for (String layer : new String[] {"d1", "d2", "score"}) {
                    gan.getLayer(layer).setParams(discriminator.getLayer(layer).params());
                }
                gan.fit(new INDArray[] {Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, BATCH, LATENT), noise)},
                        new INDArray[] {ones});
            }
        }
        NdbResult ndb = last.get().ndb();
        System.out.printf("final: NDB/K %.2f (%d of %d bins differ), JS %.3f, missing bins: %s%n", ndb.ndbFraction(),
                ndb.ndb(), ndb.bins(), ndb.js(), ndb.missingBins().length == 0 ? "none" : Arrays.toString(ndb.missingBins()));
    }

    /** n points of ring-8: 8 equally likely Gaussians, std 0.01, centred on the unit circle (n x 2, float32). */
    static INDArray ring8(int n, SplittableRandom random) {
        float[] xy = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * random.nextInt(8) / 8;
            xy[2 * i] = (float) (Math.cos(angle) + 0.01 * gaussian(random));
            xy[2 * i + 1] = (float) (Math.sin(angle) + 0.01 * gaussian(random));
        }
        return Nd4j.create(xy, new int[] {n, 2});
    }

    /** Standard normal by Box-Muller. */
    static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    static DenseLayer dense(int in, int out, Activation a, IUpdater u) {
        return new DenseLayer.Builder().nIn(in).nOut(out).activation(a).updater(u).biasUpdater(u).build();
    }

    static OutputLayer out(int in, IUpdater u) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(in).nOut(1).activation(Activation.SIGMOID)
                .updater(u).biasUpdater(u).build();
    }
}
