// Sample 1: add ModeWatch to an existing DL4J GAN (separate generator + discriminator + combined network)
// and serve live metrics at http://127.0.0.1:9464/metrics for Prometheus.
//
// Run from the repository root:
//   mvn -q -DskipTests test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=GanWithListener -Dexec.args="3000"
// Argument: training iterations (default 3000). The lines marked "ModeWatch" are all you add to your own code.

import io.github.modewatch.ModeWatch;
import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.dl4j.GeneratorSampler;
import io.github.modewatch.dl4j.ModeWatchListener;
import io.github.modewatch.metrics.ndb.NdbReference;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

public final class GanWithListener {
    static final int LATENT = 8;

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9464;
        Nd4j.getEnvironment().setMaxThreads(1);   // tiny networks train faster single-threaded

        // --- your GAN: generator G, discriminator D, and the combined G + frozen D network ---------------
        IUpdater g = new Adam(2e-4, 0.5, 0.999, 1e-8);
        IUpdater d = new Adam(2e-4, 0.5, 0.999, 1e-8);
        IUpdater frozen = new Sgd(0);   // set per layer, biases included, so D stays frozen inside the GAN
        MultiLayerNetwork discriminator = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2)
                .dataType(DataType.FLOAT).list()
                .layer(dense(2, 128, Activation.LEAKYRELU, d)).layer(dense(128, 128, Activation.LEAKYRELU, d))
                .layer(out(128, d)).build());
        MultiLayerNetwork gan = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).list()
                .layer(dense(LATENT, 128, Activation.LEAKYRELU, g)).layer(dense(128, 128, Activation.LEAKYRELU, g))
                .layer(dense(128, 2, Activation.IDENTITY, g))                       // generator: layers 0-2
                .layer(dense(2, 128, Activation.LEAKYRELU, frozen)).layer(dense(128, 128, Activation.LEAKYRELU, frozen))
                .layer(out(128, frozen)).build());                                  // frozen D: layers 3-5
        discriminator.init();
        gan.init();

        // --- ModeWatch: reference bins once, then one listener ------------------------------------------
        INDArray real = GaussianMixtures.ring8(20_000, 42);                               // your training data
        NdbReference bins = NdbReference.fit(real, 20);                                   // ModeWatch
        try (ModeWatchListener monitor = ModeWatch.listener()                             // ModeWatch
                .every(250).samples(2_000)                                                // ModeWatch
                .generator(GeneratorSampler.firstLayersOf(gan, 3, LATENT))                // ModeWatch
                .ndb(bins).run("ring8-sample").serve(port)                                // ModeWatch
                .onEvaluation(e -> System.out.printf("iteration %d: NDB/K %.2f, JS %.3f%n", e.iteration(),
                        e.ndb().ndbFraction(), e.ndb().js()))
                .build()) {
            gan.addListeners(monitor);                                                    // ModeWatch
            System.out.println("metrics: " + monitor.metricsUri().orElseThrow());

            // --- your training loop, unchanged ---------------------------------------------------------------
            Random noise = Nd4j.getRandomFactory().getNewRandomInstance(7);
            SplittableRandom batches = new SplittableRandom(3);
            for (int i = 0; i < iterations; i++) {
                INDArray x = GaussianMixtures.ring8(128, batches.nextLong()).castTo(DataType.FLOAT);
                INDArray fake = gan.activateSelectedLayers(0, 2, Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, 128, LATENT), noise));
                discriminator.fit(Nd4j.vstack(x, fake), Nd4j.vstack(Nd4j.ones(DataType.FLOAT, 128, 1), Nd4j.zeros(DataType.FLOAT, 128, 1)));
                for (int l = 0; l < 3; l++) {
                    gan.getLayer(3 + l).setParams(discriminator.getLayer(l).params());   // copy D into the GAN
                }
                gan.fit(Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, 128, LATENT), noise), Nd4j.ones(DataType.FLOAT, 128, 1));
            }
        }   // close(): final evaluation, stops the evaluator and the endpoint
    }

    static DenseLayer dense(int in, int out, Activation a, IUpdater u) {
        return new DenseLayer.Builder().nIn(in).nOut(out).activation(a).updater(u).biasUpdater(u).build();
    }

    static OutputLayer out(int in, IUpdater u) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(in).nOut(1).activation(Activation.SIGMOID)
                .updater(u).biasUpdater(u).build();
    }
}
