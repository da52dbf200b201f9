package io.github.modewatch.demo;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
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
 * A small DCGAN-style GAN for 28 x 28 grey images (Radford et al., ICLR 2016: strided (de)convolutions, no
 * pooling, ReLU in the generator, LeakyReLU 0.2 in the discriminator, sigmoid output, Adam 2e-4 with beta1 0.5),
 * scaled down to train in minutes on 2 CPU cores:
 * <pre>
 * G: z -> dense 7*7*32 ReLU -> deconv 4x4 /2 16 ReLU (14x14) -> deconv 4x4 /2 1 sigmoid (28x28)
 * D: 28x28 -> conv 4x4 /2 16 LReLU (14x14) -> conv 4x4 /2 32 LReLU (7x7) -> dense 1 sigmoid
 * </pre>
 * The three-network pattern of DL4J GANs (as {@code MixtureGan}): a discriminator, and a combined G + D
 * {@code MultiLayerNetwork} whose discriminator layers are frozen (Sgd(0), biases too) and refreshed from the
 * discriminator by layer after each discriminator step. Chosen over a ComputationGraph because the monitor's
 * {@code GeneratorSampler.firstLayersOf} samples exactly this shape and the synthetic demos use it, so the two
 * demos exercise one code path. The generator's output is NCHW {@code n x 1 x 28 x 28}; flattened in C order it
 * is the IDX row order, so NDB bins fitted on the IDX rows apply.
 */
final class FashionGan {
    static final int GENERATOR_LAYERS = 3;
    private static final int DISCRIMINATOR_LAYERS = 3;
    private static final int C1 = 32;
    private static final int C2 = 16;
    private final MultiLayerNetwork gan;
    private final MultiLayerNetwork discriminator;
    private final int latentSize;
    private final int batchSize;
    private final Random noise;
    private boolean discriminatorTraining = true;

    FashionGan(int latentSize, double generatorLr, double discriminatorLr, int batchSize, long seed) {
        this.latentSize = latentSize;
        this.batchSize = batchSize;
        IUpdater g = new Adam(generatorLr, 0.5, 0.999, 1e-8);
        IUpdater d = new Adam(discriminatorLr, 0.5, 0.999, 1e-8);
        IUpdater frozen = new Sgd(0.0);
        var ganList = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .list();
        ganList.layer(new DenseLayer.Builder()
                .nIn(latentSize)
                .nOut(7 * 7 * C1)
                .activation(Activation.RELU)
                .updater(g)
                .biasUpdater(g)
                .build());
        ganList.layer(new Deconvolution2D.Builder(4, 4)
                .stride(2, 2)
                .padding(1, 1)
                .nOut(C2)
                .activation(Activation.RELU)
                .updater(g)
                .biasUpdater(g)
                .build());
        ganList.layer(new Deconvolution2D.Builder(4, 4)
                .stride(2, 2)
                .padding(1, 1)
                .nOut(1)
                .activation(Activation.SIGMOID)
                .weightInit(WeightInit.XAVIER)
                .updater(g)
                .biasUpdater(g)
                .build());
        for (Layer l : discriminatorLayers(frozen)) {
            ganList.layer(l);
        }
        // DL4J adds no dense -> CNN preprocessor in front of a Deconvolution2D: say how the 1,568 values are laid out
        ganList.inputPreProcessor(1, new FeedForwardToCnnPreProcessor(7, 7, C1));
        MultiLayerConfiguration ganConf =
                ganList.setInputType(InputType.feedForward(latentSize)).build();
        var disList = new NeuralNetConfiguration.Builder()
                .seed(seed + 1)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .list();
        for (Layer l : discriminatorLayers(d)) {
            disList.layer(l);
        }
        MultiLayerConfiguration disConf =
                disList.setInputType(InputType.convolutional(28, 28, 1)).build();
        this.gan = new MultiLayerNetwork(ganConf);
        this.gan.init();
        this.discriminator = new MultiLayerNetwork(disConf);
        this.discriminator.init();
        this.noise = Nd4j.getRandomFactory().getNewRandomInstance(seed + 2);
        copyDiscriminatorIntoGan();
    }

    private static Layer[] discriminatorLayers(IUpdater u) {
        return new Layer[] {
            new ConvolutionLayer.Builder(4, 4)
                    .stride(2, 2)
                    .padding(1, 1)
                    .nOut(C2)
                    .activation(new ActivationLReLU(0.2))
                    .updater(u)
                    .biasUpdater(u)
                    .build(),
            new ConvolutionLayer.Builder(4, 4)
                    .stride(2, 2)
                    .padding(1, 1)
                    .nOut(C1)
                    .activation(new ActivationLReLU(0.2))
                    .updater(u)
                    .biasUpdater(u)
                    .build(),
            new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                    .nOut(1)
                    .activation(Activation.SIGMOID)
                    .updater(u)
                    .biasUpdater(u)
                    .build()
        };
    }

    MultiLayerNetwork gan() {
        return gan;
    }

    int latentSize() {
        return latentSize;
    }

    /** Generated images, NCHW n x 1 x 28 x 28 in [0, 1] (inference, on the calling thread). */
    INDArray generate(INDArray z) {
        // activateSelectedLayers fails on the dense -> CNN preprocessor (it asks for an input never set); a partial
        // forward pass does not
        return gan.feedForwardToLayer(GENERATOR_LAYERS - 1, z, false)
                .get(GENERATOR_LAYERS)
                .detach();
    }

    /** One step: D on {@code real} (rows of 784 pixels, label 1) and as many fakes (label 0), then G through G + D. */
    void step(INDArray real) {
        if (discriminatorTraining) {
            int n = (int) real.size(0);
            INDArray fake = generate(latent(n));
            INDArray x = Nd4j.concat(0, real.castTo(DataType.FLOAT).reshape('c', n, 1, 28, 28), fake);
            INDArray y = Nd4j.vstack(Nd4j.ones(DataType.FLOAT, n, 1), Nd4j.zeros(DataType.FLOAT, n, 1));
            discriminator.fit(x, y);
            copyDiscriminatorIntoGan();
        }
        gan.fit(latent(batchSize), Nd4j.ones(DataType.FLOAT, batchSize, 1));
    }

    /** See {@code MixtureGan.stopDiscriminatorTraining}: the demo's {@code --collapse}. */
    void stopDiscriminatorTraining() {
        discriminatorTraining = false;
    }

    void setGeneratorLearningRate(double learningRate) {
        for (int i = 0; i < GENERATOR_LAYERS; i++) {
            gan.setLearningRate(i, learningRate);
        }
    }

    INDArray latent(int n) {
        return Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, n, latentSize), noise);
    }

    private void copyDiscriminatorIntoGan() {
        for (int i = 0; i < DISCRIMINATOR_LAYERS; i++) {
            gan.getLayer(GENERATOR_LAYERS + i)
                    .setParams(discriminator.getLayer(i).params());
        }
    }

    void addListeners(TrainingListener... listeners) {
        gan.addListeners(listeners);
    }
}
