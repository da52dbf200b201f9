package io.github.modewatch.internal.gan;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small dense GAN in the common DL4J pattern: a discriminator network, and a combined generator +
 * discriminator network whose first {@link #generatorLayers()} layers are the generator and whose discriminator
 * layers are frozen (Sgd with learning rate 0, set per layer so biases stay frozen too). Each step trains the
 * discriminator on real and generated batches, copies its parameters into the combined network, then trains
 * the generator through the combined network.
 *
 * <p>Defaults follow the ring-8 set-up measured in design.md (G z->128->128->d LeakyReLU, D d->128->128->1
 * sigmoid, Adam 2e-4, beta1 0.5, batch 128). A generator learning rate 10x the discriminator's collapses it;
 * so does {@link #stopDiscriminatorTraining()} with a raised generator learning rate, after healthy training.
 */
public final class MixtureGan {
    /** Adam's beta1 in the DCGAN paper (Radford et al., 2016), the default here. */
    public static final double DCGAN_BETA1 = 0.5;

    private final MultiLayerNetwork gan;
    private final MultiLayerNetwork discriminator;
    private final int latentSize;
    private final int batchSize;
    private final Random noise;
    private final int generatorLayers;
    private final int discriminatorLayers;
    private boolean discriminatorTraining = true;

    /**
     * @param dataWidth   d, the width of a sample
     * @param latentSize  size of z
     * @param hidden      width of the hidden layers
     * @param generatorLr generator learning rate (2e-4 healthy; 2e-3 collapses ring-8)
     * @param discriminatorLr discriminator learning rate (2e-4)
     * @param outputActivation generator output activation (identity for points, sigmoid for images in [0,1])
     * @param seed        weight-initialisation and noise seed
     */
    public MixtureGan(
            int dataWidth,
            int latentSize,
            int hidden,
            double generatorLr,
            double discriminatorLr,
            Activation outputActivation,
            int batchSize,
            long seed) {
        this(
                dataWidth,
                latentSize,
                new int[] {hidden, hidden},
                new int[] {hidden, hidden},
                generatorLr,
                discriminatorLr,
                DCGAN_BETA1,
                outputActivation,
                batchSize,
                seed);
    }

    /**
     * @param adamBeta1 Adam's beta1 for both networks ({@value #DCGAN_BETA1} above; 0 keeps no momentum)
     */
    public MixtureGan(
            int dataWidth,
            int latentSize,
            int[] generatorHidden,
            int[] discriminatorHidden,
            double generatorLr,
            double discriminatorLr,
            double adamBeta1,
            Activation outputActivation,
            int batchSize,
            long seed) {
        this.latentSize = latentSize;
        this.batchSize = batchSize;
        IUpdater g = new Adam(generatorLr, adamBeta1, 0.999, 1e-8);
        IUpdater d = new Adam(discriminatorLr, adamBeta1, 0.999, 1e-8);
        IUpdater frozen = new Sgd(0.0);
        var ganList = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .list();
        int in = latentSize;
        for (int h : generatorHidden) {
            ganList.layer(dense(in, h, Activation.LEAKYRELU, g));
            in = h;
        }
        ganList.layer(dense(in, dataWidth, outputActivation, g));
        var disList = new NeuralNetConfiguration.Builder()
                .seed(seed + 1)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .list();
        in = dataWidth;
        for (int h : discriminatorHidden) {
            ganList.layer(dense(in, h, Activation.LEAKYRELU, frozen));
            disList.layer(dense(in, h, Activation.LEAKYRELU, d));
            in = h;
        }
        ganList.layer(output(in, frozen));
        disList.layer(output(in, d));
        MultiLayerConfiguration ganConf = ganList.build();
        MultiLayerConfiguration disConf = disList.build();
        this.gan = new MultiLayerNetwork(ganConf);
        this.gan.init();
        this.discriminator = new MultiLayerNetwork(disConf);
        this.discriminator.init();
        this.generatorLayers = generatorHidden.length + 1;
        this.discriminatorLayers = discriminatorHidden.length + 1;
        this.noise = Nd4j.getRandomFactory().getNewRandomInstance(seed + 2);
        copyDiscriminatorIntoGan();
    }

    private static DenseLayer dense(int in, int out, Activation activation, IUpdater updater) {
        return new DenseLayer.Builder()
                .nIn(in)
                .nOut(out)
                .activation(activation)
                .updater(updater)
                .biasUpdater(updater)
                .build();
    }

    private static OutputLayer output(int in, IUpdater updater) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                .nIn(in)
                .nOut(1)
                .activation(Activation.SIGMOID)
                .updater(updater)
                .biasUpdater(updater)
                .build();
    }

    /** The combined generator + frozen discriminator network. */
    public MultiLayerNetwork gan() {
        return gan;
    }

    public MultiLayerNetwork discriminator() {
        return discriminator;
    }

    /** Layers of {@link #gan()} that form the generator. */
    public int generatorLayers() {
        return generatorLayers;
    }

    public int latentSize() {
        return latentSize;
    }

    /** Generated samples for the given z (inference, on the calling thread). */
    public INDArray generate(INDArray z) {
        return gan.activateSelectedLayers(0, generatorLayers - 1, z);
    }

    /**
     * One GAN step: the discriminator on {@code real} (label 1) and as many generated samples (label 0), then
     * the generator through the combined network (labels 1). Listeners on either network see one iteration.
     * After {@link #stopDiscriminatorTraining()} only the generator step runs.
     */
    public void step(INDArray real) {
        if (discriminatorTraining) {
            int n = (int) real.size(0);
            INDArray fake = generate(latent(n));
            INDArray x = Nd4j.vstack(real.castTo(DataType.FLOAT), fake);
            INDArray y = Nd4j.vstack(Nd4j.ones(DataType.FLOAT, n, 1), Nd4j.zeros(DataType.FLOAT, n, 1));
            discriminator.fit(x, y);
            copyDiscriminatorIntoGan();
        }
        gan.fit(latent(batchSize), Nd4j.ones(DataType.FLOAT, batchSize, 1));
    }

    /**
     * Stops training the discriminator: from now on the generator trains against a fixed discriminator, and
     * moves every sample towards what that discriminator rates most real. That is the textbook road to mode
     * collapse (Goodfellow, NIPS 2016 tutorial, section 5.1.1); the demo's collapse recipes take it, with a
     * raised generator learning rate, to break a run that was healthy so far.
     */
    public void stopDiscriminatorTraining() {
        discriminatorTraining = false;
    }

    /** Latent vectors from this GAN's own RNG. */
    public INDArray latent(int n) {
        return Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, n, latentSize), noise);
    }

    private void copyDiscriminatorIntoGan() {
        for (int i = 0; i < discriminatorLayers; i++) {
            gan.getLayer(generatorLayers + i)
                    .setParams(discriminator.getLayer(i).params());
        }
    }

    /**
     * Sets the generator's learning rate (every generator layer, weights and biases; Adam's moment estimates are
     * kept). The discriminator's stays as it is. This is how the demo's collapse recipes break a healthy run.
     */
    public void setGeneratorLearningRate(double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate = " + learningRate + ": must be > 0, e.g. 2e-4");
        }
        for (int i = 0; i < generatorLayers; i++) {
            gan.setLearningRate(i, learningRate);
        }
    }

    public int batchSize() {
        return batchSize;
    }

    /** Adds listeners to the combined network (one iteration per generator step). */
    public void addListeners(TrainingListener... listeners) {
        gan.addListeners(listeners);
    }
}
