package io.github.modewatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.modewatch.ModeWatch;
import io.github.modewatch.dl4j.GeneratorSampler;
import io.github.modewatch.dl4j.ModeWatchListener;
import io.github.modewatch.internal.data.SceneOptions;
import io.github.modewatch.internal.data.Scenes;
import io.github.modewatch.metrics.ndb.NdbReference;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.monitor.Evaluation;
import io.github.modewatch.monitor.Monitor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.AllocationsTracker;
import org.nd4j.linalg.api.memory.enums.AllocationKind;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One measurement in its own JVM (started by {@link ListenerOverhead}): trains the small DCGAN of
 * {@link ListenerOverheadDcgan} for {@code warmup + iterations} steps, with the ModeWatch listener ({@code mode=on},
 * wrapped in a {@link ListenerOverheadTimer}) or without any listener ({@code mode=off}), and writes what it
 * measured as JSON to {@code out}. Only the {@code iterations} steps after the warm-up are timed; heap probes
 * (a full GC, then used heap and JavaCPP's off-heap bytes) every {@code probeEvery} iterations are not timed.
 */
final class ListenerOverheadRun {
    /** Training images the batches are drawn from (the same in both modes). */
    static final int POOL = 4096;

    static final String EVALUATOR_THREAD = "modewatch-evaluator";

    private ListenerOverheadRun() {}

    /** What a run does; parsed from key=value arguments. */
    record Config(
            String mode,
            String threads,
            int side,
            int batch,
            int warmup,
            int iterations,
            int every,
            int samples,
            long seed,
            int probeEvery,
            Path reference,
            Path out) {
        Config {
            if (!mode.equals("on") && !mode.equals("off")) {
                throw new IllegalArgumentException("mode = " + mode + ": must be on or off");
            }
            if (!ListenerOverhead.THREAD_CONFIGS.contains(threads)) {
                throw new IllegalArgumentException(
                        "threads = " + threads + ": must be one of " + ListenerOverhead.THREAD_CONFIGS);
            }
            if (warmup < 0 || iterations < 1 || every < 1 || samples < 2 || probeEvery < 0) {
                throw new IllegalArgumentException(
                        "warmup >= 0, iterations >= 1, every >= 1, samples >= 2, probeEvery >= 0; got " + warmup + ", "
                                + iterations + ", " + every + ", " + samples + ", " + probeEvery);
            }
        }

        static Config of(Map<String, String> a) {
            return new Config(
                    a.get("mode"),
                    a.getOrDefault("threads", "1"),
                    Integer.parseInt(a.getOrDefault("side", "16")),
                    Integer.parseInt(a.getOrDefault("batch", "32")),
                    Integer.parseInt(a.getOrDefault("warmup", "200")),
                    Integer.parseInt(a.getOrDefault("iterations", "2000")),
                    Integer.parseInt(a.getOrDefault("every", "100")),
                    Integer.parseInt(a.getOrDefault("samples", "2000")),
                    Long.parseLong(a.getOrDefault("seed", "1")),
                    Integer.parseInt(a.getOrDefault("probeEvery", "0")),
                    Path.of(a.getOrDefault("reference", "ndb.npz")),
                    Path.of(a.get("out")));
        }
    }

    /** CPU and wall clocks at one moment. */
    private record Clocks(
            long wallNanos,
            long fitThreadCpuNanos,
            long processCpuNanos,
            long machineBusyTicks,
            long machineTotalTicks) {
        static Clocks now() {
            long[] ticks = ListenerOverhead.machineTicks();
            return new Clocks(
                    System.nanoTime(),
                    ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(),
                    ownCpuNanos(),
                    ticks[0],
                    ticks[1]);
        }
    }

    /** Sums of clock differences over the timed segments (probes excluded). */
    private static final class Totals {
        long wall;
        long fitCpu;
        long processCpu;
        long busyTicks;
        long totalTicks;

        void add(Clocks a, Clocks b) {
            wall += b.wallNanos() - a.wallNanos();
            fitCpu += b.fitThreadCpuNanos() - a.fitThreadCpuNanos();
            processCpu += b.processCpuNanos() - a.processCpuNanos();
            busyTicks += b.machineBusyTicks() - a.machineBusyTicks();
            totalTicks += b.machineTotalTicks() - a.machineTotalTicks();
        }
    }

    static void main(Map<String, String> args) throws Exception {
        Config c = Config.of(args);
        Map<String, Object> result = run(c);
        write(c.out(), result);
    }

    static void write(Path out, Map<String, Object> result) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
    }

    static void configureThreads(String threads) {
        if (threads.equals("1")) {
            Nd4j.getEnvironment().setMaxThreads(1); // OMP_NUM_THREADS / OPENBLAS_NUM_THREADS = 1 are set by the parent
        }
    }

    static Map<String, Object> run(Config c) throws Exception {
        configureThreads(c.threads());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("config", c.toString());
        r.put("mode", c.mode());
        r.put("threads", c.threads());
        r.put("iterations", c.iterations());
        r.put("warmup", c.warmup());
        r.put("nd4jMaxThreads", Nd4j.getEnvironment().maxThreads());
        r.put("ompNumThreads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        r.put("openblasNumThreads", String.valueOf(System.getenv("OPENBLAS_NUM_THREADS")));
        r.put("gompSpincount", String.valueOf(System.getenv("GOMP_SPINCOUNT")));
        r.put("loadavgStart", ListenerOverhead.loadavg());

        SceneOptions options = SceneOptions.defaults().withSize(c.side(), c.side());
        INDArray pool = Scenes.generate(POOL, c.seed(), options).images(); // POOL x 3*side*side
        ListenerOverheadDcgan gan = new ListenerOverheadDcgan(c.side(), c.batch(), c.seed());
        ModeWatchListener listener = null;
        ListenerOverheadTimer timer = null;
        if (c.mode().equals("on")) {
            NdbReference bins = NdbReference.load(c.reference());
            listener = ModeWatch.listener()
                    .every(c.every())
                    .samples(c.samples())
                    .generator(GeneratorSampler.firstLayersOf(
                            gan.gan(), ListenerOverheadDcgan.GENERATOR_LAYERS, ListenerOverheadDcgan.LATENT))
                    .ndb(bins)
                    .build();
            timer = new ListenerOverheadTimer(listener, c.every());
            gan.gan().addListeners(timer);
            r.put("ndbBins", bins.bins());
            r.put("ndbDimension", bins.dimension());
            r.put("ndbUsedDims", bins.dims().length);
        }

        SplittableRandom batches = new SplittableRandom(c.seed() + 3);
        int total = c.warmup() + c.iterations();
        long[] stepNanos = new long[total];
        List<Map<String, Object>> probes = new ArrayList<>();
        Totals timed = new Totals();
        Clocks segment = null;
        for (int i = 0; i < total; i++) {
            if (i == c.warmup()) {
                if (timer != null) {
                    timer.reset();
                }
                segment = Clocks.now();
            }
            if (c.probeEvery() > 0 && i % c.probeEvery() == 0) {
                if (segment != null) {
                    timed.add(segment, Clocks.now());
                }
                probes.add(probe(i, listener));
                if (segment != null) {
                    segment = Clocks.now();
                }
            }
            INDArray real = realBatch(pool, batches, c.batch(), c.side());
            long start = System.nanoTime();
            gan.step(real);
            stepNanos[i] = System.nanoTime() - start;
        }
        timed.add(segment, Clocks.now());
        long evaluatorCpu = threadCpuNanos(EVALUATOR_THREAD);
        r.put("loadavgEnd", ListenerOverhead.loadavg());
        if (c.probeEvery() > 0) {
            probes.add(probe(total, listener));
        }

        r.put("wallSeconds", timed.wall / 1e9);
        r.put("fitThreadCpuSeconds", timed.fitCpu / 1e9);
        r.put("processCpuSeconds", timed.processCpu / 1e9);
        r.put("evaluatorCpuSecondsTotal", evaluatorCpu < 0 ? null : evaluatorCpu / 1e9);
        int cpus = Runtime.getRuntime().availableProcessors();
        // /proc/stat counts busy and total ticks of all CPUs; this process's share of the machine comes from its CPU
        // time
        double busyShare = timed.totalTicks > 0 ? (double) timed.busyTicks / timed.totalTicks : Double.NaN;
        double ownShare = (double) timed.processCpu / ((double) timed.wall * cpus);
        r.put("machineBusyShare", Double.isNaN(busyShare) ? null : busyShare);
        r.put("ownShare", ownShare);
        r.put("otherProcessesShare", Double.isNaN(busyShare) ? null : Math.max(0, busyShare - ownShare));
        r.put("cpus", cpus);
        long[] timedSteps = Arrays.copyOfRange(stepNanos, c.warmup(), total);
        r.put("stepMillis", ListenerOverhead.quantiles(timedSteps, 1e6));
        r.put(
                "stepMillisAtDueIterations",
                ListenerOverhead.quantiles(select(timedSteps, c.warmup(), c.every(), true), 1e6));
        r.put(
                "stepMillisOtherIterations",
                ListenerOverhead.quantiles(select(timedSteps, c.warmup(), c.every(), false), 1e6));
        r.put("parametersCrc32", crc(gan.gan().params(), gan.discriminator().params()));
        r.put("score", gan.gan().score());

        if (listener != null) {
            long[] due = timer.dueNanos();
            long[] other = timer.otherNanos();
            r.put("iterationDoneSecondsTotal", (sum(due) + sum(other)) / 1e9);
            r.put("iterationDoneSecondsDue", sum(due) / 1e9);
            r.put("iterationDoneSecondsOther", sum(other) / 1e9);
            r.put("otherCallbacksSeconds", timer.callbackNanos() / 1e9);
            r.put("iterationDoneMicrosDue", ListenerOverhead.quantiles(due, 1e3));
            r.put("iterationDoneMicrosOther", ListenerOverhead.quantiles(other, 1e3));
            r.put("iterationDoneCpuMicrosDue", ListenerOverhead.quantiles(timer.dueCpuNanos(), 1e3));
            r.put("snapshotMicros", snapshotCost(gan));
            Monitor state = listener.state();
            r.put("evaluationsBeforeClose", state.evaluations());
            r.put("skippedBeforeClose", state.skipped());
            long closeStart = System.nanoTime();
            listener.close();
            r.put("closeSeconds", (System.nanoTime() - closeStart) / 1e9);
            r.put("evaluations", state.evaluations());
            r.put("skipped", state.skipped());
            r.put("failures", state.failures());
            r.put("nonFiniteOutputs", state.nonFiniteOutputs());
            List<Evaluation> history = state.history();
            long[] durations =
                    history.stream().mapToLong(e -> e.duration().toNanos()).toArray();
            r.put("evaluationSeconds", ListenerOverhead.quantiles(durations, 1e9));
            List<Map<String, Object>> ndb = new ArrayList<>();
            for (Evaluation e : history) {
                NdbResult n = e.ndb();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("iteration", e.iteration());
                row.put("ndbFraction", n.ndbFraction());
                row.put("js", n.js());
                ndb.add(row);
            }
            r.put("ndbHistory", ndb);
        }
        r.put("probes", probes);
        return r;
    }

    /** The listener's snapshot alone (parameter dup of the generator layers), timed 500 times on this thread. */
    private static Map<String, Object> snapshotCost(ListenerOverheadDcgan gan) {
        GeneratorSampler sampler = GeneratorSampler.firstLayersOf(
                gan.gan(), ListenerOverheadDcgan.GENERATOR_LAYERS, ListenerOverheadDcgan.LATENT);
        long[] nanos = new long[500];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            sampler.snapshot();
            nanos[i] = System.nanoTime() - start;
        }
        return ListenerOverhead.quantiles(nanos, 1e3);
    }

    private static INDArray realBatch(INDArray pool, SplittableRandom random, int batch, int side) {
        int[] rows = new int[batch];
        for (int i = 0; i < batch; i++) {
            rows[i] = random.nextInt((int) pool.rows());
        }
        return pool.getRows(rows).reshape('c', batch, 3, side, side);
    }

    private static long[] select(long[] steps, int warmup, int every, boolean due) {
        return java.util.stream.IntStream.range(0, steps.length)
                .filter(i -> ((i + warmup) % every == 0) == due)
                .mapToLong(i -> steps[i])
                .toArray();
    }

    /** Full GC (twice, with pauses for JavaCPP's deallocator thread), then heap and off-heap figures. */
    private static Map<String, Object> probe(int iteration, ModeWatchListener listener) throws InterruptedException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("iteration", iteration);
        if (listener != null) {
            long start = System.nanoTime();
            p.put("idle", listener.awaitIdle(600_000));
            p.put("idleWaitSeconds", (System.nanoTime() - start) / 1e9);
            p.put("evaluations", listener.state().evaluations());
            p.put("history", listener.state().history().size());
        } else {
            p.put("evaluations", 0);
            p.put("history", 0);
        }
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(150);
        }
        p.put(
                "heapUsedBytes",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        p.put("javacppTotalBytes", Pointer.totalBytes());
        p.put("nd4jAllocatedBytes", Nd4j.getMemoryManager().allocatedMemory(0));
        for (AllocationKind kind : AllocationKind.values()) {
            p.put("nd4j" + kind + "Bytes", AllocationsTracker.getInstance().bytesOnDevice(kind, 0));
        }
        p.put("rssBytes", Pointer.physicalBytes());
        return p;
    }

    /** CRC32 of the arrays' values as little-endian float32, in order (to compare trained parameters across runs). */
    static long crc(INDArray... arrays) {
        CRC32 crc = new CRC32();
        for (INDArray p : arrays) {
            float[] values = p.castTo(DataType.FLOAT).data().asFloat();
            ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(values);
            crc.update(buffer);
        }
        return crc.getValue();
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }

    static long ownCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** CPU time of the live thread with this name, or -1. */
    static long threadCpuNanos(String name) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().equals(name)) {
                return threads.getThreadCpuTime(info.getThreadId());
            }
        }
        return -1;
    }

    /** Fits the NDB reference bins once on real scenes and saves them (run in its own JVM). */
    static void reference(Map<String, String> a) throws Exception {
        configureThreads("1");
        int side = Integer.parseInt(a.getOrDefault("side", "16"));
        int n = Integer.parseInt(a.getOrDefault("n", "20000"));
        int k = Integer.parseInt(a.getOrDefault("k", "50"));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        Path file = Path.of(a.get("file"));
        SceneOptions options = SceneOptions.defaults().withSize(side, side);
        INDArray real = Scenes.generate(n, seed + 100, options).images();
        long start = System.nanoTime();
        NdbReference bins = NdbReference.fit(real, k);
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        Files.createDirectories(file.toAbsolutePath().getParent());
        bins.save(file);
        NdbResult self =
                bins.evaluate(Scenes.generate(2000, seed + 200, options).images(), 0.05);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("fitSeconds", fitSeconds);
        r.put("samples", n);
        r.put("bins", bins.bins());
        r.put("dimension", bins.dimension());
        r.put("usedDims", bins.dims().length);
        r.put("freshRealNdbFraction", self.ndbFraction());
        r.put("freshRealJs", self.js());
        write(Path.of(a.get("out")), r);
    }
}
