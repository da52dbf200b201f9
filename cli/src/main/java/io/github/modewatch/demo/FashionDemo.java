package io.github.modewatch.demo;

import io.github.modewatch.ModeWatch;
import io.github.modewatch.dl4j.GeneratorSampler;
import io.github.modewatch.dl4j.ModeWatchListener;
import io.github.modewatch.internal.export.PrometheusEndpoint;
import io.github.modewatch.metrics.features.FeatureExtractor;
import io.github.modewatch.metrics.features.FeatureReference;
import io.github.modewatch.metrics.ndb.NdbOptions;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.metrics.ndb.Progress;
import io.github.modewatch.metrics.segmentation.FsdReference;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.metrics.segmentation.Segmenter;
import io.github.modewatch.monitor.Evaluation;
import io.github.modewatch.report.ReportInput;
import io.github.modewatch.report.ReportSamples;
import io.github.modewatch.report.ReportWriter;
import io.github.modewatch.report.SampleKind;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code demo --dataset fashion}: a small DCGAN ({@link FashionGan}) on the 60,000 Fashion-MNIST training images
 * with ModeWatch attached. NDB on the 784 pixels with K = 100 bins (Richardson &amp; Weiss, NeurIPS 2018, used
 * K = 100 on MNIST), fitted once on the training images and cached; a small CNN ({@link FashionClassifier}),
 * trained once and cached, plays the FSD paper's segmenter: per-class shares of generated vs real images (percent,
 * exported as {@code modewatch_segment_area_fraction{class}}) and their Fréchet distance
 * ({@code modewatch_fsd} with its noise floor); and, through the listener's {@code .features(...)}, the feature
 * metrics on the classifier's penultimate layer (label {@code features="fashion-classifier-dense64"}): the Fréchet
 * distance ("FID with a domain classifier"; not FID-Inception), KID and precision/recall/density/coverage.
 */
public final class FashionDemo implements AutoCloseable {
    /** The {@code model} tag of the metrics. */
    public static final String MODEL = "fashion-dcgan";

    private static final int REFERENCE_SUBSET = 10_000;
    private static final int REPORT_SAMPLES = 2_000;

    /**
     * @param data       directory of the four IDX files
     * @param cache      where the classifier and the NDB bins are cached
     * @param latent     size of z (W&amp;B's seeds experiment: 100 good, 5 bad, 1 worst)
     * @param iterations GAN steps
     * @param every      iterations between evaluations
     * @param collapse   the collapse recipe: at 7/12 of the run D stops training and G's learning rate goes up 50x
     * @param samples    generated samples per evaluation
     * @param classifierEpochs passes of the classifier over the training images (when not cached)
     */
    public record Options(
            Path data,
            Path cache,
            int latent,
            int iterations,
            int every,
            boolean collapse,
            long seed,
            Path reportDir,
            int port,
            String run,
            int samples,
            int classifierEpochs) {
        public static final int DEFAULT_LATENT = 100;
        /**
         * 1,500: NDB/K levels off by iteration 1,000 (0.80-0.87 from there to 3,000, seed 1), and the whole default
         * run (classifier and bins included) stays inside ten minutes on 2 cores (at 3,000 it took 12-15 minutes).
         */
        public static final int DEFAULT_ITERATIONS = 1_500;

        public static final int DEFAULT_EVERY = 500;
        public static final int DEFAULT_SAMPLES = 5_000;

        public Options {
            if (latent < 1) {
                throw new IllegalArgumentException("latent = " + latent + ": must be >= 1, e.g. 100");
            }
            if (iterations < 1 || every < 1) {
                throw new IllegalArgumentException(
                        "iterations = " + iterations + ", every = " + every + ": both must be >= 1, e.g. 3000 and 500");
            }
            if (samples < 2) {
                throw new IllegalArgumentException("samples = " + samples + ": must be >= 2, e.g. 5000");
            }
            if (classifierEpochs < 1) {
                throw new IllegalArgumentException("classifierEpochs = " + classifierEpochs + ": must be >= 1, e.g. 1");
            }
        }

        static Path defaultCache() {
            return Path.of(System.getProperty("user.home"), ".cache", "modewatch");
        }

        int collapseAt() {
            return iterations * 7 / 12;
        }
    }

    private final Options options;
    private final PrometheusMeterRegistry registry;
    private final PrometheusEndpoint endpoint;

    private FashionDemo(Options options, PrometheusMeterRegistry registry, PrometheusEndpoint endpoint) {
        this.options = options;
        this.registry = registry;
        this.endpoint = endpoint;
    }

    /**
     * Fails with one line (naming {@code apt-get install dataset-fashion-mnist}) unless {@code dir} holds the four
     * Fashion-MNIST IDX files, plain or gzipped.
     */
    public static void requireData(Path dir) {
        for (String name : new String[] {
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
        }) {
            FashionData.file(dir, name);
        }
    }

    /** Starts serving {@code /metrics} (empty until {@link #run} binds the meters). */
    public static FashionDemo start(Options options) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusEndpoint endpoint = PrometheusEndpoint.serve(registry, options.port());
        return new FashionDemo(options, registry, endpoint);
    }

    public URI metricsUri() {
        return endpoint.uri();
    }

    /** Reads the data, gets the classifier and bins (cached), trains the GAN with the listener, writes the report. */
    public DemoResult run(PrintWriter out, Progress progress) throws IOException, InterruptedException {
        long start = System.nanoTime();
        FashionData data = FashionData.read(options.data());
        out.printf(
                Locale.ROOT,
                "Fashion-MNIST from %s: %,d training and %,d test images%n",
                options.data(),
                data.trainImages().rows(),
                data.testImages().rows());
        NdbReference bins = bins(data, out, progress); // big GEMMs: ND4J's own threading
        try (SingleThreadedNd4j ignored = SingleThreadedNd4j.enter()) {
            FashionClassifier classifier = classifier(data, out, progress);
            int referenceSize =
                    (int) Math.min(REFERENCE_SUBSET, data.trainImages().rows());
            INDArray referenceImages =
                    data.trainImages().getRows(IntStream.range(0, referenceSize).toArray());
            Segmenter segmenter = classifier.segmenter();
            FsdReference fsdReference = FsdReference.of(segmenter, referenceImages);
            FeatureExtractor extractor = classifier.featureExtractor();
            FeatureReference featureReference = FeatureReference.of(extractor, referenceImages);
            out.printf(
                    Locale.ROOT,
                    "Feature metrics on the classifier's %d penultimate-layer features (%s; FID's formula on a domain "
                            + "classifier, not Inception): Fréchet distance, KID (%d subsets of %,d), "
                            + "precision/recall/density/coverage (k = %d), against %,d training images%n",
                    featureReference.dimension(),
                    extractor.name(),
                    featureReference.kidOptions().subsets(),
                    featureReference.kidOptions().subsetSize(),
                    featureReference.prdcOptions().k(),
                    featureReference.size());

            FashionGan gan = new FashionGan(options.latent(), 2e-4, 2e-4, 64, options.seed());
            GeneratorSampler sampler =
                    GeneratorSampler.firstLayersOf(gan.gan(), FashionGan.GENERATOR_LAYERS, options.latent());
            List<Evaluation> history;
            try (ModeWatchListener listener = ModeWatch.listener()
                    .every(options.every())
                    .generator(sampler)
                    .ndb(bins)
                    .fsd(segmenter, fsdReference)
                    .features(extractor, featureReference)
                    .samples(options.samples())
                    .seed(options.seed())
                    .run(options.run())
                    .model(MODEL)
                    .registry(registry)
                    .evaluateOnClose(false)
                    .onEvaluation(e -> out.println(EvaluationLine.format(e)))
                    .build()) {
                gan.addListeners(listener);
                SplittableRandom random = new SplittableRandom(options.seed());
                int n = (int) data.trainImages().rows();
                for (int i = 0; i < options.iterations(); i++) {
                    if (options.collapse() && i == options.collapseAt()) {
                        gan.stopDiscriminatorTraining();
                        gan.setGeneratorLearningRate(1e-2);
                        out.printf(
                                "iteration %d: --collapse: the discriminator stops training and the generator "
                                        + "learning rate goes 2e-4 -> 1e-2; watch JS and NDB/K rise%n",
                                i);
                    }
                    int[] rows = new int[64];
                    for (int r = 0; r < rows.length; r++) {
                        rows[r] = random.nextInt(n);
                    }
                    gan.step(data.trainImages().getRows(rows));
                    if ((i + 1) % 10 == 0 || i + 1 == options.iterations()) {
                        progress.update("training the GAN", i + 1, options.iterations());
                    }
                }
                listener.awaitIdle(300_000);
                listener.evaluateNow(options.iterations());
                history = listener.state().history();
            }
            ReportSamples samples = reportSamples(data, bins, gan);
            Path index =
                    new ReportWriter().write(new ReportInput(options.run(), history, samples), options.reportDir());
            if (!history.isEmpty() && history.get(history.size() - 1).fsd() != null) {
                out.println(shares(history.get(history.size() - 1).fsd()));
            }
            return new DemoResult(index.toAbsolutePath(), history, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** "per-class share, generated vs real: T-shirt/top 9.1% vs 10.0%, ..." */
    static String shares(FsdResult fsd) {
        StringBuilder s = new StringBuilder("Per-class share of images (classifier's labels), generated vs real:");
        for (int c = 0; c < fsd.classes().size(); c++) {
            s.append(String.format(
                    Locale.ROOT,
                    "%s %s %.1f%% vs %.1f%%",
                    c == 0 ? "" : ",",
                    fsd.classes().get(c),
                    fsd.generatedMean()[c],
                    fsd.referenceMean()[c]));
        }
        return s.toString();
    }

    private FashionClassifier classifier(FashionData data, PrintWriter out, Progress progress) throws IOException {
        Path file = options.cache()
                .resolve(String.format(
                        Locale.ROOT, "fashion-classifier-e%d-s%d.zip", options.classifierEpochs(), options.seed()));
        FashionClassifier c;
        if (Files.isReadable(file)) {
            c = FashionClassifier.load(file);
            out.printf("Classifier: cached %s%n", file);
        } else {
            long t = System.nanoTime();
            out.printf(
                    "Classifier: training a small CNN on the %,d training images (%d epoch%s; cached afterwards)...%n",
                    data.trainImages().rows(), options.classifierEpochs(), options.classifierEpochs() == 1 ? "" : "s");
            out.flush();
            c = FashionClassifier.train(
                    data.trainImages(), data.trainLabels(), options.classifierEpochs(), options.seed(), progress);
            c.save(file);
            out.printf(
                    Locale.ROOT, "Classifier: trained in %.0f s, saved to %s%n", (System.nanoTime() - t) / 1e9, file);
        }
        out.printf(
                Locale.ROOT,
                "Classifier: test accuracy %.2f%% (%,d test images)%n",
                100 * c.accuracy(data.testImages(), data.testLabels()),
                data.testImages().rows());
        return c;
    }

    private NdbReference bins(FashionData data, PrintWriter out, Progress progress) throws IOException {
        Path file = options.cache().resolve(String.format(Locale.ROOT, "fashion-ndb-k100-s%d.npz", options.seed()));
        if (Files.isReadable(file)) {
            out.printf("NDB bins: cached %s%n", file);
            return NdbReference.load(file);
        }
        long t = System.nanoTime();
        out.printf(
                "NDB bins: K-means with K = 100 on the %,d training images (784 pixels; cached afterwards)...%n",
                data.trainImages().rows());
        out.flush();
        NdbReference bins =
                NdbReference.fit(data.trainImages(), NdbOptions.of(100).withSeed(options.seed()), progress);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp.npz");
        bins.save(tmp);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        out.printf(Locale.ROOT, "NDB bins: fitted in %.0f s, saved to %s%n", (System.nanoTime() - t) / 1e9, file);
        return bins;
    }

    private ReportSamples reportSamples(FashionData data, NdbReference bins, FashionGan gan) {
        int n = (int) Math.min(REPORT_SAMPLES, data.trainImages().rows());
        INDArray real = data.trainImages().getRows(IntStream.range(0, n).toArray());
        INDArray generated;
        try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(options.seed() + 7)) {
            INDArray z = Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, n, gan.latentSize()), rng);
            generated = gan.generate(z).reshape('c', n, FashionData.PIXELS).dup();
        } catch (Exception e) {
            throw new IllegalStateException("could not draw report samples: " + e.getMessage(), e);
        }
        return ReportSamples.of(
                SampleKind.image(1, FashionData.SIDE, FashionData.SIDE),
                real,
                bins.assign(real),
                generated,
                bins.assign(generated));
    }

    @Override
    public void close() {
        endpoint.close();
        registry.close();
    }
}
