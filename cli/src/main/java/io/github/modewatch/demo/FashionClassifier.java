package io.github.modewatch.demo;

import io.github.modewatch.metrics.features.FeatureExtractor;
import io.github.modewatch.metrics.ndb.Progress;
import io.github.modewatch.metrics.segmentation.Segmenter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small CNN classifier of Fashion-MNIST (DL4J): conv 5x5x8 ReLU, max-pool 2, conv 5x5x16 ReLU, max-pool 2,
 * dense 64 ReLU (the <em>features</em>, the penultimate layer), softmax over the 10 classes. Adam 1e-3, batch 64.
 *
 * <p>The demo uses it as the FSD paper (Bau et al., ICCV 2019) uses its segmenter: {@link #segmenter()} labels
 * each image with its predicted class as one "pixel", so ModeWatch's segment-area statistics become the
 * per-class share of images (percent) and FSD the Fréchet distance of those one-hot vectors. Its features give
 * the Fréchet distance "with a domain classifier" (FID's formula on this classifier's 64 features, not on
 * Inception-v3's 2,048: numbers are not comparable to FID-Inception).
 */
final class FashionClassifier {
    static final int FEATURES = 64;
    /** The {@code features} label of the scores on this classifier's penultimate layer. */
    static final String FEATURE_NAME = "fashion-classifier-dense64";
    /** Index of the feature (penultimate) layer. */
    private static final int FEATURE_LAYER = 4;

    private static final int BATCH = 64;
    private final MultiLayerNetwork net;

    private FashionClassifier(MultiLayerNetwork net) {
        this.net = net;
    }

    static FashionClassifier untrained(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(new Adam(1e-3))
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5)
                        .nOut(8)
                        .activation(Activation.RELU)
                        .build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2)
                        .stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(5, 5)
                        .nOut(16)
                        .activation(Activation.RELU)
                        .build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2)
                        .stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder()
                        .nOut(FEATURES)
                        .activation(Activation.RELU)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(FashionData.CLASSES.size())
                        .activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER)
                        .build())
                .setInputType(InputType.convolutionalFlat(FashionData.SIDE, FashionData.SIDE, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return new FashionClassifier(net);
    }

    /**
     * Trains for {@code epochs} passes over {@code images} (rows of 784 pixels in [0, 1]) in a shuffled order drawn
     * from {@code seed}: the same seed, data and thread settings give the same network.
     */
    static FashionClassifier train(INDArray images, int[] labels, int epochs, long seed) {
        return train(images, labels, epochs, seed, Progress.NONE);
    }

    /** {@link #train(INDArray, int[], int, long)}, reporting batches done to {@code progress}. */
    static FashionClassifier train(INDArray images, int[] labels, int epochs, long seed, Progress progress) {
        FashionClassifier c = untrained(seed);
        SplittableRandom random = new SplittableRandom(seed);
        int n = (int) images.rows();
        int[] order = new int[n];
        long batches = (long) epochs * (n / BATCH);
        long done = 0;
        for (int e = 0; e < epochs; e++) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int s = 0; s + BATCH <= n; s += BATCH) {
                int[] rows = java.util.Arrays.copyOfRange(order, s, s + BATCH);
                INDArray x = images.getRows(rows);
                INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, FashionData.CLASSES.size());
                for (int i = 0; i < BATCH; i++) {
                    y.putScalar(i, labels[rows[i]], 1f);
                }
                c.net.fit(x, y);
                done++;
                if (done % 20 == 0 || done == batches) {
                    progress.update("training the classifier", done, batches);
                }
            }
        }
        return c;
    }

    static FashionClassifier load(Path file) throws IOException {
        return new FashionClassifier(ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false));
    }

    /** Writes the network (no updater state) to {@code file} atomically (a temporary file, then a move). */
    void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "classifier", ".tmp");
        ModelSerializer.writeModel(net, tmp.toFile(), false);
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** An independent copy (own network), for use on another thread. */
    FashionClassifier copy() {
        return new FashionClassifier(net.clone());
    }

    /** Predicted class of each image (rows of 784 pixels, or NCHW). */
    int[] predict(INDArray images) {
        int n = (int) images.size(0);
        int[] out = new int[n];
        for (int s = 0; s < n; s += 1_000) {
            int e = Math.min(n, s + 1_000);
            INDArray p = net.output(flat(images, s, e), false);
            long[] arg = p.argMax(1).toLongVector();
            for (int i = 0; i < arg.length; i++) {
                out[s + i] = (int) arg[i];
            }
        }
        return out;
    }

    /** Share of images whose predicted class is their label, 0..1. */
    double accuracy(INDArray images, int[] labels) {
        int[] p = predict(images);
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += p[i] == labels[i] ? 1 : 0;
        }
        return right / (double) p.length;
    }

    /** The penultimate layer's activations, n x {@value #FEATURES}, float32. */
    INDArray features(INDArray images) {
        int n = (int) images.size(0);
        INDArray out = Nd4j.create(DataType.FLOAT, n, FEATURES);
        for (int s = 0; s < n; s += 1_000) {
            int e = Math.min(n, s + 1_000);
            INDArray f = net.feedForwardToLayer(FEATURE_LAYER, flat(images, s, e), false)
                    .get(FEATURE_LAYER + 1);
            out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(s, e), org.nd4j.linalg.indexing.NDArrayIndex.all())
                    .assign(f);
        }
        return out;
    }

    private static INDArray flat(INDArray images, int start, int end) {
        INDArray rows = images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end));
        return rows.reshape('c', end - start, FashionData.PIXELS)
                .castTo(DataType.FLOAT)
                .dup('c');
    }

    /**
     * This classifier as a {@link Segmenter} of one "pixel" per image: its label is the predicted class (argmax;
     * one-hot, because the segmenter contract is a class index per pixel, so each image counts once, in percent of
     * images, as a segmented pixel counts in the FSD paper). Uses its own copy of the network: safe to use on the
     * evaluator thread while this one is used elsewhere.
     */
    Segmenter segmenter() {
        FashionClassifier copy = new FashionClassifier(net.clone());
        return new Segmenter() {
            @Override
            public List<String> classes() {
                return FashionData.CLASSES;
            }

            @Override
            public synchronized int[][] segment(INDArray images) {
                int[] p = copy.predict(images);
                int[][] out = new int[p.length][];
                for (int i = 0; i < p.length; i++) {
                    out[i] = new int[] {p[i]};
                }
                return out;
            }
        };
    }

    /**
     * This classifier's penultimate layer as a {@link FeatureExtractor} named {@value #FEATURE_NAME}: the features of
     * the "FID with a domain classifier" (FID's formula on this network, not Inception-v3: not comparable with
     * published FIDs), KID and precision/recall/density/coverage. Uses its own copy of the network, like
     * {@link #segmenter()}.
     */
    FeatureExtractor featureExtractor() {
        FashionClassifier copy = new FashionClassifier(net.clone());
        return new FeatureExtractor() {
            @Override
            public String name() {
                return FEATURE_NAME;
            }

            @Override
            public synchronized INDArray extract(INDArray images) {
                return copy.features(images);
            }
        };
    }
}
