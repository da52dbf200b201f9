package io.github.modewatch.bench;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small DCGAN (Radford et al., "Unsupervised Representation Learning with Deep Convolutional GANs", ICLR 2016:
 * strided (de)convolutions, batch norm and ReLU in the generator, LeakyReLU 0.2 in the discriminator, Adam 2e-4,
 * beta1 0.5) for 3 x side x side images in [0, 1], in the common DL4J pattern: a discriminator network D and a
 * combined network whose first {@link #GENERATOR_LAYERS} layers are the generator G, followed by a copy of D
 * frozen with a per-layer {@code Sgd(0)} updater and bias updater (design.md).
 *
 * <pre>
 * G: z(LATENT) -> Dense q*q*C2, ReLU -> reshape q x q x C2 -> BatchNorm -> Deconv 4x4/2 to 2q x 2q x C1, ReLU
 *    -> BatchNorm -> Deconv 4x4/2 to 4q x 4q x 3, sigmoid                    (layers 0-4; q = side / 4)
 * D: side x side x 3 -> Conv 4x4/2 to 2q x 2q x C1, LeakyReLU -> Conv 4x4/2 to q x q x C2, LeakyReLU
 *    -> Dense 1, sigmoid (XENT)
 * </pre>
 * One {@link #step} is one discriminator update (a real and a generated batch) and one generator update through
 * the combined network: listeners on the combined network see one iteration per step.
 */
final class ListenerOverheadDcgan {
    static final int LATENT = 32;
    static final int C1 = 8;
    static final int C2 = 16;
    static final int GENERATOR_LAYERS = 5;
    private static final int DISCRIMINATOR_LAYERS = 3;

    private final MultiLayerNetwork gan;
    private final MultiLayerNetwork discriminator;
    private final int side;
    private final int batch;
    private final Random noise;
    private final INDArray ganLabels;
    private final INDArray dLabels;

    ListenerOverheadDcgan(int side, int batch, long seed) {
        if (side % 4 != 0 || side < 8) {
            throw new IllegalArgumentException("side = " + side + ": must be a multiple of 4, >= 8, e.g. 16 or 32");
        }
        int q = side / 4;
        this.side = side;
        this.batch = batch;
        IUpdater g = new Adam(2e-4, 0.5, 0.999, 1e-8);
        IUpdater d = new Adam(2e-4, 0.5, 0.999, 1e-8);
        IUpdater frozen = new Sgd(0.0);
        NeuralNetConfiguration.ListBuilder ganList = base(seed)
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(LATENT)
                        .nOut(q * q * C2)
                        .activation(Activation.RELU)
                        .updater(g)
                        .biasUpdater(g)
                        .build())
                .layer(new BatchNormalization.Builder()
                        .nIn(C2)
                        .nOut(C2)
                        .updater(g)
                        .biasUpdater(g)
                        .build())
                .layer(new Deconvolution2D.Builder(4, 4)
                        .stride(2, 2)
                        .nIn(C2)
                        .nOut(C1)
                        .activation(Activation.RELU)
                        .updater(g)
                        .biasUpdater(g)
                        .build())
                .layer(new BatchNormalization.Builder()
                        .nIn(C1)
                        .nOut(C1)
                        .updater(g)
                        .biasUpdater(g)
                        .build())
                .layer(new Deconvolution2D.Builder(4, 4)
                        .stride(2, 2)
                        .nIn(C1)
                        .nOut(3)
                        .activation(Activation.SIGMOID)
                        .updater(g)
                        .biasUpdater(g)
                        .build())
                .inputPreProcessor(1, new FeedForwardToCnnPreProcessor(q, q, C2));
        Layer[] dLayers = discriminatorLayers(frozen, q);
        for (Layer l : dLayers) {
            ganList.layer(l);
        }
        ganList.inputPreProcessor(GENERATOR_LAYERS + 2, new CnnToFeedForwardPreProcessor(q, q, C2));
        MultiLayerConfiguration ganConf = ganList.build();
        NeuralNetConfiguration.ListBuilder dList = base(seed + 1).list();
        for (Layer l : discriminatorLayers(d, q)) {
            dList.layer(l);
        }
        MultiLayerConfiguration dConf = dList.inputPreProcessor(2, new CnnToFeedForwardPreProcessor(q, q, C2))
                .build();
        this.gan = new MultiLayerNetwork(ganConf);
        this.gan.init();
        this.discriminator = new MultiLayerNetwork(dConf);
        this.discriminator.init();
        this.noise = Nd4j.getRandomFactory().getNewRandomInstance(seed + 2);
        this.dLabels = Nd4j.vstack(Nd4j.ones(DataType.FLOAT, batch, 1), Nd4j.zeros(DataType.FLOAT, batch, 1));
        this.ganLabels = Nd4j.ones(DataType.FLOAT, batch, 1);
        copyDiscriminatorIntoGan();
    }

    private static NeuralNetConfiguration.Builder base(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .convolutionMode(ConvolutionMode.Same);
    }

    private static Layer[] discriminatorLayers(IUpdater u, int q) {
        return new Layer[] {
            new ConvolutionLayer.Builder(4, 4)
                    .stride(2, 2)
                    .nIn(3)
                    .nOut(C1)
                    .activation(new ActivationLReLU(0.2))
                    .updater(u)
                    .biasUpdater(u)
                    .build(),
            new ConvolutionLayer.Builder(4, 4)
                    .stride(2, 2)
                    .nIn(C1)
                    .nOut(C2)
                    .activation(new ActivationLReLU(0.2))
                    .updater(u)
                    .biasUpdater(u)
                    .build(),
            new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                    .nIn(q * q * C2)
                    .nOut(1)
                    .activation(Activation.SIGMOID)
                    .updater(u)
                    .biasUpdater(u)
                    .build(),
        };
    }

    /** The combined G + frozen D network (listeners go here). */
    MultiLayerNetwork gan() {
        return gan;
    }

    MultiLayerNetwork discriminator() {
        return discriminator;
    }

    /** Generated images, batch x 3 x side x side (training mode: batch norm uses the batch's statistics). */
    INDArray generate(INDArray z) {
        return gan.feedForwardToLayer(GENERATOR_LAYERS - 1, z, true).get(GENERATOR_LAYERS);
    }

    INDArray latent(int n) {
        return Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, n, LATENT), noise);
    }

    /** One GAN step on a batch of real images (batch x 3 x side x side). */
    void step(INDArray real) {
        INDArray fake = generate(latent(batch));
        discriminator.fit(Nd4j.concat(0, real, fake), dLabels);
        copyDiscriminatorIntoGan();
        gan.fit(latent(batch), ganLabels);
    }

    private void copyDiscriminatorIntoGan() {
        for (int i = 0; i < DISCRIMINATOR_LAYERS; i++) {
            gan.getLayer(GENERATOR_LAYERS + i)
                    .setParams(discriminator.getLayer(i).params());
        }
    }

    /** All parameters of the combined network, flattened (a copy), to check that two runs trained alike. */
    INDArray parameters() {
        return gan.params().dup();
    }

    int side() {
        return side;
    }

    int batch() {
        return batch;
    }
}
