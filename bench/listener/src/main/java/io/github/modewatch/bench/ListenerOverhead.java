package io.github.modewatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Benchmark of ModeWatch issue 4 (not a test): how much the listener slows down DL4J training of a small DCGAN.
 *
 * <p>Each measurement runs in its own JVM ({@link ListenerOverheadRun}); A (no listener) and B (the listener
 * every 100 iterations, 2,000 samples, NDB K=50) alternate A,B / B,A per repetition, for training with ND4J
 * limited to one thread and with ND4J's default threads. Reported: end-to-end wall time of the training loop,
 * the fit() thread's CPU time, the time spent inside {@code iterationDone} (the listener's cost on the fit()
 * thread), the CPU share other processes took meanwhile, and the heap after a full GC every 1,000 iterations of a
 * 10,000-iteration run with and without the listener.
 *
 * <pre>
 * bench/listener/run.sh                                   # builds, runs everything, prints the Markdown tables
 * java -cp ... io.github.modewatch.bench.ListenerOverhead reps=4 iterations=2000 heapIterations=10000 ...
 * java -cp ... io.github.modewatch.bench.ListenerOverhead summarize work=bench/listener/work   # tables again
 * </pre>
 * Options (key=value): see {@link #DEFAULTS}.
 */
public final class ListenerOverhead {
    /**
     * Training thread configurations: {@code 1} = {@code Nd4j.getEnvironment().setMaxThreads(1)} and OMP/OpenBLAS/MKL
     * threads 1 (what design.md recommends for small nets); {@code default} = ND4J's defaults (OpenMP threads = cores,
     * libgomp's default spin-wait); {@code default-gomp} = ND4J's default threads with {@code GOMP_SPINCOUNT=1000} in
     * both runs, libgomp's own "throttled" spin count (see the README: the listener's evaluator thread switches libgomp
     * to it, which confounds the plain {@code default} comparison on a busy machine).
     */
    static final List<String> THREAD_CONFIGS = List.of("1", "default", "default-gomp");

    /** Options and their defaults. */
    static final Map<String, String> DEFAULTS = defaults();

    private ListenerOverhead() {}

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("work", "bench/listener/work"); // results, logs, the NDB reference file
        d.put("threads", "1,default,default-gomp"); // training thread configurations to time (THREAD_CONFIGS)
        d.put("reps", "5"); // A/B pairs per configuration (threads=1)
        d.put("warmup", "200"); // untimed iterations before the timed ones (threads=1)
        d.put("iterations", "2000"); // timed iterations per run (threads=1)
        d.put("repsDefault", "3"); // A/B pairs with ND4J's default threads (default, default-gomp)
        d.put("warmupDefault", "100");
        d.put("iterationsDefault", "300");
        d.put("heapIterations", "10000"); // heap runs (threads=1), 0 = skip
        d.put("probeEvery", "1000");
        d.put("side", "16"); // image side (3 x side x side)
        d.put("batch", "32");
        d.put("every", "100"); // listener: iterations between evaluations
        d.put("samples", "2000"); // listener: generated samples per evaluation
        d.put("k", "50"); // NDB bins
        d.put("realSamples", "20000"); // real scenes the NDB bins are fitted on
        d.put("seed", "1");
        d.put("xmx", "2g");
        d.put("quietBusy", "0.50"); // before each run, wait until the machine is at most this busy ...
        d.put("quietMaxWait", "60"); // ... over 3 s, for at most this many seconds
        d.put("maxOther", "0.60"); // rerun a pair when other processes took more than this CPU share
        d.put("maxOtherDiff", "0.15"); // ... or when their shares in A and B differed by more than this
        d.put("retries", "1"); // reruns per pair
        d.put("retryPause", "120"); // seconds to wait before a rerun
        return d;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            ListenerOverheadRun.main(parse(Arrays.copyOfRange(args, 1, args.length), Map.of()));
            return;
        }
        if (args.length > 0 && args[0].equals("reference")) {
            ListenerOverheadRun.reference(parse(Arrays.copyOfRange(args, 1, args.length), Map.of()));
            return;
        }
        if (args.length > 0 && args[0].equals("summarize")) {
            Map<String, String> o = parse(Arrays.copyOfRange(args, 1, args.length), DEFAULTS);
            Path work = Path.of(o.get("work"));
            @SuppressWarnings("unchecked")
            Map<String, Object> all =
                    new ObjectMapper().readValue(work.resolve("results.json").toFile(), Map.class);
            String md = ListenerOverheadReport.markdown(all);
            Files.writeString(work.resolve("results.md"), md);
            System.out.print(md);
            return;
        }
        new ListenerOverhead().bench(parse(args, DEFAULTS));
    }

    static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> m = new LinkedHashMap<>(defaults);
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + a + "': expected key=value, e.g. reps=4");
            }
            String key = a.substring(0, eq);
            if (!defaults.isEmpty() && !defaults.containsKey(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "'; options: " + defaults.keySet());
            }
            m.put(key, a.substring(eq + 1));
        }
        return m;
    }

    private void bench(Map<String, String> o) throws Exception {
        Path work = Path.of(o.get("work")).toAbsolutePath();
        Path logs = work.resolve("logs");
        Files.createDirectories(logs);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("options", o);
        all.put("machine", machine());
        all.put("started", Instant.now().toString());
        List<Map<String, Object>> runs = new ArrayList<>();
        all.put("runs", runs);

        String side = o.get("side");
        Path reference = work.resolve(
                "ndb-side" + side + "-k" + o.get("k") + "-n" + o.get("realSamples") + "-seed" + o.get("seed") + ".npz");
        Path referenceJson = work.resolve(reference.getFileName() + ".json");
        if (!Files.exists(reference) || !Files.exists(referenceJson)) {
            log("fitting the NDB reference (" + o.get("realSamples") + " scenes, K=" + o.get("k") + ") -> "
                    + reference);
            int rc = child(
                    List.of(
                            "reference",
                            "side=" + side,
                            "n=" + o.get("realSamples"),
                            "k=" + o.get("k"),
                            "seed=" + o.get("seed"),
                            "file=" + reference,
                            "out=" + referenceJson),
                    "1",
                    o,
                    logs.resolve("reference.log"));
            if (rc != 0) {
                throw new IllegalStateException(
                        "fitting the reference failed (exit " + rc + "), see " + logs.resolve("reference.log"));
            }
        }
        all.put("reference", readJson(referenceJson));

        List<String> threadConfigs = Arrays.stream(o.get("threads").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
        int maxReps = 0;
        for (String t : threadConfigs) {
            maxReps = Math.max(maxReps, reps(o, t));
        }
        for (int rep = 0; rep < maxReps; rep++) {
            List<String> order = new ArrayList<>(threadConfigs);
            if (rep % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (String t : order) {
                if (rep >= reps(o, t)) {
                    continue;
                }
                List<String> modes = rep % 2 == 0 ? List.of("off", "on") : List.of("on", "off");
                measurePair(runs, rep, t, modes, reference, o, logs, () -> save(work, all));
            }
        }
        int heapIterations = Integer.parseInt(o.get("heapIterations"));
        if (heapIterations > 0) {
            for (String mode : List.of("off", "on")) {
                Map<String, Object> r = measure(
                        "heap",
                        0,
                        "1",
                        mode,
                        0,
                        heapIterations,
                        Integer.parseInt(o.get("probeEvery")),
                        0,
                        reference,
                        o,
                        logs);
                r.put("used", true);
                runs.add(r);
                save(work, all);
            }
        }
        all.put("finished", Instant.now().toString());
        save(work, all);
        String md = ListenerOverheadReport.markdown(all);
        Files.writeString(work.resolve("results.md"), md);
        System.out.print(md);
    }

    private static int reps(Map<String, String> o, String threads) {
        return Integer.parseInt(o.get(threads.equals("1") ? "reps" : "repsDefault"));
    }

    /** Something to run that may throw (saving the results file). */
    private interface Step {
        void run() throws IOException;
    }

    private static int warmup(Map<String, String> o, String threads) {
        return Integer.parseInt(o.get(threads.equals("1") ? "warmup" : "warmupDefault"));
    }

    private static int iterations(Map<String, String> o, String threads) {
        return Integer.parseInt(o.get(threads.equals("1") ? "iterations" : "iterationsDefault"));
    }

    /**
     * One A/B pair (both runs in {@code modes} order); the whole pair is rerun (up to {@code retries} times, after
     * {@code retryPause} s) when other processes took more than {@code maxOther} of the CPU in either run, or their
     * shares in the two runs differed by more than {@code maxOtherDiff}. Every attempt is kept; the last one is used.
     */
    private void measurePair(
            List<Map<String, Object>> runs,
            int rep,
            String threads,
            List<String> modes,
            Path reference,
            Map<String, String> o,
            Path logs,
            Step save)
            throws Exception {
        int retries = Integer.parseInt(o.get("retries"));
        double maxOther = Double.parseDouble(o.get("maxOther"));
        double maxDiff = Double.parseDouble(o.get("maxOtherDiff"));
        for (int attempt = 0; attempt <= retries; attempt++) {
            List<Map<String, Object>> pair = new ArrayList<>();
            for (String mode : modes) {
                Map<String, Object> r = measure(
                        "timing",
                        rep,
                        threads,
                        mode,
                        warmup(o, threads),
                        iterations(o, threads),
                        0,
                        attempt,
                        reference,
                        o,
                        logs);
                r.put("used", false);
                pair.add(r);
                runs.add(r);
                save.run();
            }
            double a = share(pair.get(0));
            double b = share(pair.get(1));
            boolean clean = Math.max(a, b) <= maxOther && Math.abs(a - b) <= maxDiff;
            if (clean || attempt == retries) {
                pair.forEach(r -> r.put("used", true));
                save.run();
                return;
            }
            int pause = Integer.parseInt(o.get("retryPause"));
            log(String.format(
                    Locale.ROOT,
                    "  other processes took %s and %s of the CPU in this pair; rerunning it after %d s",
                    pct(a),
                    pct(b),
                    pause));
            Thread.sleep(pause * 1000L);
        }
    }

    /** One run in a child JVM, after waiting (a while) for a quieter machine. */
    private Map<String, Object> measure(
            String kind,
            int rep,
            String threads,
            String mode,
            int warmup,
            int iterations,
            int probeEvery,
            int attempt,
            Path reference,
            Map<String, String> o,
            Path logs)
            throws Exception {
        Map<String, Object> quiet =
                waitQuiet(Double.parseDouble(o.get("quietBusy")), Integer.parseInt(o.get("quietMaxWait")));
        String name = String.format(Locale.ROOT, "%s-t%s-rep%d-%s-a%d", kind, threads, rep, mode, attempt);
        Path out = logs.resolve(name + ".json");
        Files.deleteIfExists(out);
        String uptimeBefore = uptime();
        log(String.format(
                Locale.ROOT,
                "%s rep %d threads=%s listener=%s: %d + %d iterations (uptime: %s)",
                kind,
                rep,
                threads,
                mode,
                warmup,
                iterations,
                uptimeBefore));
        long start = System.nanoTime();
        int rc = child(
                List.of(
                        "child",
                        "mode=" + mode,
                        "threads=" + threads,
                        "side=" + o.get("side"),
                        "batch=" + o.get("batch"),
                        "warmup=" + warmup,
                        "iterations=" + iterations,
                        "every=" + o.get("every"),
                        "samples=" + o.get("samples"),
                        "seed=" + o.get("seed"),
                        "probeEvery=" + probeEvery,
                        "reference=" + reference,
                        "out=" + out),
                threads,
                o,
                logs.resolve(name + ".log"));
        double seconds = (System.nanoTime() - start) / 1e9;
        String uptimeAfter = uptime();
        if (rc != 0 || !Files.exists(out)) {
            throw new IllegalStateException(name + " failed (exit " + rc + "), see " + logs.resolve(name + ".log"));
        }
        Map<String, Object> r = readJson(out);
        r.put("kind", kind);
        r.put("rep", rep);
        r.put("attempt", attempt);
        r.put("processSeconds", seconds);
        r.put("uptimeBefore", uptimeBefore);
        r.put("uptimeAfter", uptimeAfter);
        r.put("quiet", quiet);
        log(String.format(
                Locale.ROOT,
                "  wall %.1f s, fit-thread CPU %.1f s, other processes %s of the CPU%s (uptime: %s)",
                num(r.get("wallSeconds")),
                num(r.get("fitThreadCpuSeconds")),
                pct(share(r)),
                mode.equals("on")
                        ? String.format(
                                Locale.ROOT,
                                ", %d evaluations, %d skipped, iterationDone %.3f s",
                                ((Number) r.get("evaluationsBeforeClose")).longValue(),
                                ((Number) r.get("skippedBeforeClose")).longValue(),
                                num(r.get("iterationDoneSecondsTotal")))
                        : "",
                uptimeAfter));
        return r;
    }

    private static double share(Map<String, Object> r) {
        Object s = r == null ? null : r.get("otherProcessesShare");
        return s == null ? 0 : ((Number) s).doubleValue();
    }

    private static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    /** Starts this class in a child JVM with ND4J/OpenMP/BLAS threads set for {@code threads}; returns its exit code. */
    private static int child(List<String> args, String threads, Map<String, String> o, Path log)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Xmx" + o.get("xmx"),
                "-cp",
                System.getProperty("java.class.path"),
                ListenerOverhead.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        for (String v : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
            if (threads.equals("1")) {
                env.put(v, "1");
            } else {
                env.remove(v);
            }
        }
        if (threads.equals("default-gomp")) {
            env.put("GOMP_SPINCOUNT", "1000"); // libgomp's throttled spin count, in both A and B
        } else {
            env.remove("GOMP_SPINCOUNT");
        }
        Process p = pb.start();
        if (!p.waitFor(6, TimeUnit.HOURS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Waits (3 s windows, at most {@code maxWaitSeconds}) until the whole machine is at most {@code busy} busy. */
    private static Map<String, Object> waitQuiet(double busy, int maxWaitSeconds) throws InterruptedException {
        long start = System.nanoTime();
        double share;
        while (true) {
            long[] a = machineTicks();
            Thread.sleep(3000);
            long[] b = machineTicks();
            share = b[1] > a[1] ? (double) (b[0] - a[0]) / (b[1] - a[1]) : 0;
            double waited = (System.nanoTime() - start) / 1e9;
            if (share <= busy || waited >= maxWaitSeconds) {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("waitedSeconds", waited);
                q.put("busyShareBefore", share);
                q.put("quiet", share <= busy);
                if (share > busy) {
                    log(String.format(
                            Locale.ROOT, "  machine still %s busy after %.0f s; measuring anyway", pct(share), waited));
                }
                return q;
            }
        }
    }

    /** Busy and total CPU ticks of the whole machine from /proc/stat ({0, 0} where there is none). */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** The 1/5/15-minute load averages, as uptime prints them. */
    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static String uptime() {
        try {
            Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return s;
        } catch (IOException e) {
            return "load average: " + loadavg();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "load average: " + loadavg();
        }
    }

    /** n, mean, median, p90, p99, max of {@code values / divisor}. */
    static Map<String, Object> quantiles(long[] values, double divisor) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("n", values.length);
        if (values.length == 0) {
            return q;
        }
        long[] s = values.clone();
        Arrays.sort(s);
        q.put("mean", Arrays.stream(s).average().orElse(Double.NaN) / divisor);
        q.put("median", at(s, 0.5) / divisor);
        q.put("p90", at(s, 0.9) / divisor);
        q.put("p99", at(s, 0.99) / divisor);
        q.put("max", s[s.length - 1] / divisor);
        return q;
    }

    private static double at(long[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpuModel", lscpu("Model name"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("memTotal", memTotal());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        m.put("openblasCoretype", String.valueOf(System.getenv("OPENBLAS_CORETYPE")));
        return m;
    }

    private static String lscpu(String field) {
        try {
            Process p = new ProcessBuilder("lscpu").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            for (String line : out.split("\n")) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1).trim();
                }
            }
        } catch (IOException e) {
            return "n/a";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "n/a";
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
        return "n/a";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(Path file) {
        try {
            return new ObjectMapper().readValue(file.toFile(), LinkedHashMap.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void save(Path work, Map<String, Object> all) throws IOException {
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(work.resolve("results.json").toFile(), all);
    }

    private static void log(String message) {
        System.err.println("[" + Instant.now().toString().substring(11, 19) + "] " + message);
    }
}
