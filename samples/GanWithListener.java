// Sample 1: add ModeWatch to an existing DL4J GAN (separate generator + discriminator + combined network)
// and serve live metrics at http://127.0.0.1:9464/metrics for Prometheus.
//
// The GAN learns PacGAN's ring-8 (8 Gaussians on the unit circle, std 0.01; Lin et al., NeurIPS 2018) with the
// demo's ring recipe: dense G 2->128->128->2 and D 2->128->128->1, LeakyReLU, Adam 2e-4 with beta1 0.5, batch
// 128 (measured in the demo to reach all 8 modes in ~2,000 iterations). NDB/K and JS fall as it trains; the last
// line gives the final NDB/K, JS and missing bins (K = 8 bins, about one per mode).
//
// Run from the repository root:
//   mvn -q -DskipTests test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=GanWithListener -Dexec.args="2000"
// Arguments: training iterations (default 2000), port (default 9464). The lines marked "ModeWatch" are all you
// add to your own code.

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
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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

public final class GanWithListener {
    static final int LATENT = 2;
    static final int BATCH = 128;

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9464;
        // Tiny networks train ~2x faster with ND4J single-threaded (its idle OpenMP workers spin between tiny ops).
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);

        // --- your GAN: generator G, discriminator D, and the combined G + frozen D network ---------------
        IUpdater g = new Adam(2e-4, 0.5, 0.999, 1e-8);
        IUpdater d = new Adam(2e-4, 0.5, 0.999, 1e-8);
        IUpdater frozen = new Sgd(0);   // set per layer, biases included, so D stays frozen inside the GAN
        MultiLayerNetwork discriminator = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2)
                .dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list()
                .layer(dense(2, 128, Activation.LEAKYRELU, d)).layer(dense(128, 128, Activation.LEAKYRELU, d))
                .layer(out(128, d)).build());
        MultiLayerNetwork gan = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list()
                .layer(dense(LATENT, 128, Activation.LEAKYRELU, g)).layer(dense(128, 128, Activation.LEAKYRELU, g))
                .layer(dense(128, 2, Activation.IDENTITY, g))                       // generator: layers 0-2
                .layer(dense(2, 128, Activation.LEAKYRELU, frozen)).layer(dense(128, 128, Activation.LEAKYRELU, frozen))
                .layer(out(128, frozen)).build());                                  // frozen D: layers 3-5
        discriminator.init();
        gan.init();
        INDArray real = ring8(10_000, new SplittableRandom(42));                   // your training data

        // --- ModeWatch: reference bins once, then one listener ------------------------------------------
        NdbReference bins = NdbReference.fit(real, 8);                                    // ModeWatch: K = 8 bins
        AtomicReference<Evaluation> last = new AtomicReference<>();
        try (ModeWatchListener monitor = ModeWatch.listener()                             // ModeWatch
                .every(250).samples(1_000)                                                // ModeWatch
                .generator(GeneratorSampler.firstLayersOf(gan, 3, LATENT))                // ModeWatch
                .ndb(bins).run("ring8-sample").serve(port)                                // ModeWatch
                .onEvaluation(e -> {
                    last.set(e);
                    System.out.printf("iteration %d: NDB/K %.2f, JS %.3f%n", e.iteration(), e.ndb().ndbFraction(), e.ndb().js());
                })
                .build()) {
            gan.addListeners(monitor);                                                    // ModeWatch
            System.out.println("metrics: " + monitor.metricsUri().orElseThrow());

            // --- your training loop, unchanged ---------------------------------------------------------------
            Random noise = Nd4j.getRandomFactory().getNewRandomInstance(7);
            SplittableRandom batches = new SplittableRandom(3);
            INDArray realLabels = Nd4j.ones(DataType.FLOAT, BATCH, 1);
            INDArray dLabels = Nd4j.vstack(realLabels, Nd4j.zeros(DataType.FLOAT, BATCH, 1));
            for (int i = 0; i < iterations; i++) {
                INDArray x = real.getRows(batches.ints(BATCH, 0, real.rows()).toArray());   // a random batch
                INDArray fake = gan.activateSelectedLayers(0, 2, Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, BATCH, LATENT), noise));
                discriminator.fit(Nd4j.vstack(x, fake), dLabels);
                for (int l = 0; l < 3; l++) {
                    gan.getLayer(3 + l).setParams(discriminator.getLayer(l).params());   // copy D into the GAN
                }
                gan.fit(Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, BATCH, LATENT), noise), realLabels);
            }
        }   // close(): final evaluation, stops the evaluator and the endpoint
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
