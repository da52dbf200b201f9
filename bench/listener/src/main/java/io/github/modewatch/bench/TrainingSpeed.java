package io.github.modewatch.bench;

import io.github.modewatch.ModeWatch;
import io.github.modewatch.dl4j.GeneratorSampler;
import io.github.modewatch.dl4j.ModeWatchListener;
import io.github.modewatch.io.Idx;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.monitor.Monitor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Training speed of a plain dense DL4J GAN on Fashion-MNIST, one measurement per JVM (issue 17; driven by
 * {@code bench/listener/training_speed.sh}). The GAN is what a DL4J user writes first: three MultiLayerNetworks
 * (a discriminator D, and a combined G + D network whose D layers are frozen with {@code Sgd(0)}), Adam 2e-4 /
 * beta1 0.5, batch 64:
 * <pre>
 * G: z(64) -> dense 256 LReLU(0.2) -> dense 512 LReLU(0.2) -> dense 784 sigmoid      (layers 0-2)
 * D: 784 -> dense 512 LReLU(0.2) -> dense 256 LReLU(0.2) -> dense 1 sigmoid (XENT)
 * </pre>
 *
 * <p>Arguments (key=value): {@code threads} = {@code single} (ND4J's maxThreads, maxMasterThreads and BLAS threads
 * set to 1 in code, as the demo does), {@code master1} (only maxMasterThreads set to 1), {@code default} (ND4J's defaults; the driver may set OpenMP environment
 * variables such as {@code OMP_WAIT_POLICY=PASSIVE} for the process); {@code mode} = {@code none} (no listener),
 * {@code noop} (an empty {@code BaseTrainingListener}), {@code modewatch} (the ModeWatch listener with NDB),
 * {@code touch} (no listener, but a second, idle thread that ran one small ND4J op before training started), {@code touch-ended} (the same op on a thread that ended before training); {@code warmup},
 * {@code iterations} (timed), {@code every}, {@code samples}, {@code reference} (NDB bins, .npz), {@code data}
 * (Fashion-MNIST training images, IDX), {@code seed}. Prints one JSON object.
 *
 * <p>{@code reference file=... bins=100 n=20000}: fits the NDB bins on the first n training images and saves them.
 */
public final class TrainingSpeed {
    static final int LATENT = 64;
    static final int GENERATOR_LAYERS = 3;
    static final int BATCH = 64;

    private final MultiLayerNetwork gan;
    private final MultiLayerNetwork discriminator;
    private final Random noise;
    private final INDArray ones;
    private final INDArray dLabels;

    TrainingSpeed(long seed) {
        IUpdater adam = new Adam(2e-4, 0.5, 0.999, 1e-8);
        IUpdater frozen = new Sgd(0.0);
        NeuralNetConfiguration.ListBuilder g = base(seed).list();
        g.layer(dense(LATENT, 256, new ActivationLReLU(0.2), adam));
        g.layer(dense(256, 512, new ActivationLReLU(0.2), adam));
        g.layer(dense(512, 784, Activation.SIGMOID.getActivationFunction(), adam));
        addDiscriminator(g, frozen);
        NeuralNetConfiguration.ListBuilder d = base(seed + 1).list();
        addDiscriminator(d, adam);
        MultiLayerConfiguration ganConf = g.build();
        gan = new MultiLayerNetwork(ganConf);
        gan.init();
        discriminator = new MultiLayerNetwork(d.build());
        discriminator.init();
        copyDiscriminator();
        noise = Nd4j.getRandomFactory().getNewRandomInstance(seed + 2);
        ones = Nd4j.ones(DataType.FLOAT, BATCH, 1);
        dLabels = Nd4j.vstack(Nd4j.ones(DataType.FLOAT, BATCH, 1), Nd4j.zeros(DataType.FLOAT, BATCH, 1));
    }

    private static NeuralNetConfiguration.Builder base(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER);
    }

    private static DenseLayer dense(int in, int out, org.nd4j.linalg.activations.IActivation a, IUpdater u) {
        return new DenseLayer.Builder()
                .nIn(in)
                .nOut(out)
                .activation(a)
                .updater(u)
                .biasUpdater(u)
                .build();
    }

    private static void addDiscriminator(NeuralNetConfiguration.ListBuilder list, IUpdater u) {
        list.layer(dense(784, 512, new ActivationLReLU(0.2), u));
        list.layer(dense(512, 256, new ActivationLReLU(0.2), u));
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                .nIn(256)
                .nOut(1)
                .activation(Activation.SIGMOID)
                .updater(u)
                .biasUpdater(u)
                .build());
    }

    private void copyDiscriminator() {
        for (int i = 0; i < 3; i++) {
            gan.getLayer(GENERATOR_LAYERS + i)
                    .setParams(discriminator.getLayer(i).params());
        }
    }

    /** One discriminator step on a real and a generated batch, then one generator step through the combined net. */
    void step(INDArray real) {
        INDArray z = Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, BATCH, LATENT), noise);
        INDArray fake = gan.feedForwardToLayer(GENERATOR_LAYERS - 1, z, false)
                .get(GENERATOR_LAYERS)
                .detach();
        discriminator.fit(Nd4j.vstack(real, fake), dLabels);
        copyDiscriminator();
        gan.fit(Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, BATCH, LATENT), noise), ones);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("reference")) {
            reference(ListenerOverhead.parse(Arrays.copyOfRange(args, 1, args.length), Map.of()));
            return;
        }
        Map<String, String> a = ListenerOverhead.parse(args, Map.of());
        System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(run(a)));
    }

    private static void reference(Map<String, String> a) {
        INDArray images = Idx.readImages(Path.of(a.getOrDefault("data", Defaults.DATA)));
        int n = Integer.parseInt(a.getOrDefault("n", "20000"));
        int bins = Integer.parseInt(a.getOrDefault("bins", "100"));
        INDArray real = images.get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n), org.nd4j.linalg.indexing.NDArrayIndex.all());
        NdbReference.fit(real, bins).save(Path.of(a.get("file")));
    }

    /** Default locations. */
    static final class Defaults {
        static final String DATA = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";

        private Defaults() {}
    }

    static Map<String, Object> run(Map<String, String> a) throws Exception {
        String threads = a.getOrDefault("threads", "default");
        String mode = a.getOrDefault("mode", "none");
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "150"));
        int iterations = Integer.parseInt(a.getOrDefault("iterations", "600"));
        int every = Integer.parseInt(a.getOrDefault("every", "200"));
        int samples = Integer.parseInt(a.getOrDefault("samples", "2000"));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        if (threads.equals("single")) {
            Nd4j.getEnvironment().setMaxThreads(1);
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            Nd4j.factory().blas().setMaxThreads(1);
        } else if (threads.equals("master1")) {
            Nd4j.getEnvironment().setMaxMasterThreads(1);
        } else if (!threads.equals("default")) {
            throw new IllegalArgumentException("threads = " + threads + ": single, master1 or default");
        }
        INDArray images = Idx.readImages(Path.of(a.getOrDefault("data", Defaults.DATA)));
        TrainingSpeed gan = new TrainingSpeed(seed);
        ModeWatchListener listener = null;
        switch (mode) {
            case "none" -> {}
            case "noop" -> gan.gan.addListeners(new BaseTrainingListener() {});
            case "touch" -> {
                // a second thread runs one ND4J op, then stays alive (as the listener's evaluator thread does)
                java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
                Thread t = new Thread(
                        () -> {
                            Nd4j.rand(DataType.FLOAT, 1000, 1000).addi(1.0);
                            ran.countDown();
                            try {
                                Thread.sleep(Long.MAX_VALUE);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "touch");
                t.setDaemon(true);
                t.start();
                ran.await();
            }
            case "modewatch" -> {
                listener = ModeWatch.listener()
                        .every(every)
                        .samples(samples)
                        .generator(GeneratorSampler.firstLayersOf(gan.gan, GENERATOR_LAYERS, LATENT))
                        .ndb(NdbReference.load(Path.of(a.get("reference"))))
                        .build();
                gan.gan.addListeners(listener);
            }
            case "touch-ended" -> { // the same op on a thread that then ends: libgomp frees its team with it
                Thread t =
                        new Thread(() -> Nd4j.rand(DataType.FLOAT, 1000, 1000).addi(1.0), "touch");
                t.start();
                t.join();
            }
            case "cost" -> {}
            default ->
                throw new IllegalArgumentException(
                        "mode = " + mode + ": none, noop, touch, touch-ended, modewatch or cost");
        }
        if (mode.equals("cost")) {
            return cost(gan, a);
        }
        SplittableRandom batches = new SplittableRandom(seed + 3);
        int[] rows = new int[BATCH];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long wall0 = 0;
        long cpu0 = 0;
        long fitCpu0 = 0;
        long evaluatorCpu0 = 0;
        long[] stepNanos = new long[warmup + iterations];
        for (int i = 0; i < warmup + iterations; i++) {
            if (i == warmup) {
                wall0 = System.nanoTime();
                cpu0 = processCpuNanos();
                fitCpu0 = mx.getCurrentThreadCpuTime();
                evaluatorCpu0 = evaluatorCpuNanos();
            }
            for (int r = 0; r < BATCH; r++) {
                rows[r] = batches.nextInt((int) images.rows());
            }
            long stepStart = System.nanoTime();
            gan.step(images.getRows(rows));
            stepNanos[i] = System.nanoTime() - stepStart;
        }
        long wall = System.nanoTime() - wall0;
        long cpu = processCpuNanos() - cpu0;
        long fitCpu = mx.getCurrentThreadCpuTime() - fitCpu0;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("threads", threads);
        r.put("ompWaitPolicy", String.valueOf(System.getenv("OMP_WAIT_POLICY")));
        r.put("gompSpincount", String.valueOf(System.getenv("GOMP_SPINCOUNT")));
        r.put("mode", mode);
        r.put("nd4jMaxThreads", Nd4j.getEnvironment().maxThreads());
        r.put("nd4jMaxMasterThreads", Nd4j.getEnvironment().maxMasterThreads());
        r.put("warmup", warmup);
        r.put("iterations", iterations);
        r.put("wallSeconds", wall / 1e9);
        r.put("processCpuSeconds", cpu / 1e9);
        r.put("fitThreadCpuSeconds", fitCpu / 1e9);
        if (listener != null) {
            long evaluatorCpu = evaluatorCpuNanos() - evaluatorCpu0;
            listener.awaitIdle(600_000);
            Monitor state = listener.state();
            r.put("evaluations", state.evaluations());
            r.put("skipped", state.skipped());
            r.put("failures", state.failures());
            r.put("evaluatorCpuSecondsTimed", evaluatorCpu / 1e9);
            r.put("evaluatorCpuSecondsTotal", evaluatorCpuNanos() / 1e9);
            r.put(
                    "evaluationSeconds",
                    state.history().stream()
                            .mapToDouble(e -> e.duration().toNanos() / 1e9)
                            .toArray());
            r.put(
                    "ndbFraction",
                    state.history().stream()
                            .mapToDouble(e -> e.ndb().ndbFraction())
                            .toArray());
            listener.close();
        }
        r.put("stepMillisPer25", blockMeans(stepNanos, 25));
        r.put("threadCpuSeconds", threadCpuByName());
        r.put("generatorCrc32", ListenerOverheadRun.crc(gan.gan.params()));
        r.put("discriminatorCrc32", ListenerOverheadRun.crc(gan.discriminator.params()));
        return r;
    }

    /**
     * What one evaluation costs with nothing else running ({@code mode=cost}): {@code reps} calls of the listener's
     * {@code evaluateNow} on this thread (process CPU, so OpenMP and BLAS helper threads count), then its parts:
     * drawing the samples through the sampler in the listener's batches, NDB on them, the parameter snapshot,
     * concatenating the batches, the non-finite scan, and the generator's arithmetic alone (its three dense layers
     * as plain ND4J matrix products on the same batches).
     */
    private static Map<String, Object> cost(TrainingSpeed gan, Map<String, String> a) throws Exception {
        int samples = Integer.parseInt(a.getOrDefault("samples", "2000"));
        int reps = Integer.parseInt(a.getOrDefault("reps", "10"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "500"));
        NdbReference ndb = NdbReference.load(Path.of(a.get("reference")));
        GeneratorSampler sampler = GeneratorSampler.firstLayersOf(gan.gan, GENERATOR_LAYERS, LATENT);
        ModeWatchListener listener = ModeWatch.listener()
                .every(1_000_000)
                .samples(samples)
                .batchSize(batch)
                .generator(sampler)
                .ndb(ndb)
                .build();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", "cost");
        r.put("threads", a.getOrDefault("threads", "default"));
        r.put("ompWaitPolicy", String.valueOf(System.getenv("OMP_WAIT_POLICY")));
        r.put("samples", samples);
        r.put("batch", batch);
        r.put("evaluateNow", timed(reps, () -> listener.evaluateNow(0)));
        INDArray[] parts = new INDArray[(samples + batch - 1) / batch];
        r.put("sample", timed(reps, () -> draw(sampler.snapshot(), parts, samples, batch)));
        INDArray rows = Nd4j.concat(0, parts);
        r.put("ndb", timed(reps, () -> ndb.evaluate(rows, 0.05)));
        r.put("snapshot", timed(reps, sampler::snapshot));
        r.put("concat", timed(reps, () -> Nd4j.concat(0, parts)));
        r.put("nonFiniteScan", timed(reps, () -> Nd4j.getExecutioner()
                .exec(new MatchCondition(rows, Conditions.notFinite()))
                .getLong(0)));
        // what Evaluator checks first: a finite sum means every value is finite
        r.put("sumCheck", timed(reps, () -> Double.isFinite(rows.sumNumber().doubleValue())));
        // the arithmetic alone: the generator's three dense layers as plain ND4J matrix products, same batches
        INDArray[] w = new INDArray[GENERATOR_LAYERS];
        INDArray[] b = new INDArray[GENERATOR_LAYERS];
        for (int l = 0; l < GENERATOR_LAYERS; l++) {
            w[l] = gan.gan.getLayer(l).getParam("W").dup();
            b[l] = gan.gan.getLayer(l).getParam("b").dup();
        }
        r.put(
                "matmulForward",
                timed(
                        reps,
                        () -> draw(
                                z -> {
                                    INDArray x = z;
                                    for (int l = 0; l < GENERATOR_LAYERS; l++) {
                                        x = x.mmul(w[l]).addiRowVector(b[l]);
                                        x = l < GENERATOR_LAYERS - 1
                                                ? Transforms.leakyRelu(x, 0.2, false)
                                                : Transforms.sigmoid(x, false);
                                    }
                                    return x;
                                },
                                parts,
                                samples,
                                batch)));
        listener.close();
        return r;
    }

    /** Draws {@code samples} outputs of {@code generator} in batches (latent vectors from a seeded RNG) into parts. */
    private static void draw(GeneratorSampler.Snapshot generator, INDArray[] parts, int samples, int batch) {
        try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(1)) {
            for (int i = 0; i < parts.length; i++) {
                int n = Math.min(batch, samples - i * batch);
                parts[i] = generator.generate(Nd4j.randn(Nd4j.createUninitialized(DataType.FLOAT, n, LATENT), rng));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Median wall and process-CPU seconds per call over {@code reps} calls (after one untimed call). */
    private static Map<String, Object> timed(int reps, Runnable task) {
        task.run();
        double[] wall = new double[reps];
        double[] cpu = new double[reps];
        for (int i = 0; i < reps; i++) {
            long w = System.nanoTime();
            long c = processCpuNanos();
            task.run();
            cpu[i] = (processCpuNanos() - c) / 1e9;
            wall[i] = (System.nanoTime() - w) / 1e9;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wallMedian", wall[reps / 2]);
        m.put("cpuMedian", cpu[reps / 2]);
        m.put("wallMin", wall[0]);
        m.put("cpuMin", cpu[0]);
        return m;
    }

    /**
     * CPU seconds of every thread of this process since it started, summed by thread name (Linux: /proc/self/task;
     * native threads such as OpenMP and OpenBLAS workers carry their creator's name), largest first.
     */
    private static Map<String, Double> threadCpuByName() {
        Map<String, Double> byName = new java.util.HashMap<>();
        double tick = 100.0; // USER_HZ
        try (var tasks = java.nio.file.Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = java.nio.file.Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / tick; // utime, stime
                    byName.merge(name.replaceAll("[0-9]+$", "#"), cpu, Double::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // a thread that ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return Map.of();
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        byName.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(e -> e.getValue() >= 0.05)
                .forEach(e -> sorted.put(e.getKey(), Math.round(e.getValue() * 100) / 100.0));
        return sorted;
    }

    /** Mean step time in ms over consecutive blocks of {@code block} iterations (warm-up included). */
    private static double[] blockMeans(long[] nanos, int block) {
        double[] means = new double[(nanos.length + block - 1) / block];
        for (int b = 0; b < means.length; b++) {
            int from = b * block;
            int to = Math.min(nanos.length, from + block);
            long sum = 0;
            for (int i = from; i < to; i++) {
                sum += nanos[i];
            }
            means[b] = Math.round(sum / 1e4 / (to - from)) / 100.0;
        }
        return means;
    }

    private static long processCpuNanos() {
        return ListenerOverheadRun.ownCpuNanos();
    }

    /** CPU time of ModeWatch's evaluator thread (0 before it exists). */
    private static long evaluatorCpuNanos() {
        return Math.max(0, ListenerOverheadRun.threadCpuNanos(ListenerOverheadRun.EVALUATOR_THREAD));
    }

    static {
        // keep the JSON on stdout: DL4J/ND4J log through slf4j-simple to stderr
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }
}
