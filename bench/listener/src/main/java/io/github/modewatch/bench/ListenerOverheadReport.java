package io.github.modewatch.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Markdown tables from the JSON that {@link ListenerOverhead} writes ({@code results.json}). */
final class ListenerOverheadReport {
    static final double TARGET = 0.03;
    /** Pairs where other processes took at most this CPU share in both runs are listed separately. */
    static final double QUIET = 0.10;

    private ListenerOverheadReport() {}

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> all) {
        Map<String, Object> o = (Map<String, Object>) all.get("options");
        Map<String, Object> machine = (Map<String, Object>) all.get("machine");
        Map<String, Object> ref = (Map<String, Object>) all.get("reference");
        List<Map<String, Object>> runs = ((List<Map<String, Object>>) all.get("runs"))
                .stream().filter(r -> Boolean.TRUE.equals(r.get("used"))).toList();
        StringBuilder md = new StringBuilder();
        md.append("## ModeWatch listener overhead (issue 4 benchmark)\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Machine: %s, %s CPUs, %s RAM; %s; %s. Started %s, finished %s.%n%n",
                machine.get("cpuModel"),
                machine.get("cpus"),
                machine.get("memTotal"),
                machine.get("java"),
                machine.get("os"),
                all.get("started"),
                all.getOrDefault("finished", "(unfinished)")));
        md.append(String.format(
                Locale.ROOT,
                "Model: DCGAN on 3x%sx%s synthetic scenes, batch %s (one iteration = one D update + one "
                        + "G update through the combined network). Listener: every %s iterations, %s generated samples, NDB K=%s "
                        + "on %s dims (%s used for binning), bins fitted once on %s real scenes in %.1f s.%n%n",
                o.get("side"),
                o.get("side"),
                o.get("batch"),
                o.get("every"),
                o.get("samples"),
                o.get("k"),
                ref.get("dimension"),
                ref.get("usedDims"),
                ref.get("samples"),
                num(ref.get("fitSeconds"))));

        md.append("### End-to-end training wall time and fit()-thread cost\n\n");
        md.append("Paired runs (same seed, A = no listener, B = listener; order A,B then B,A), each in a fresh JVM. "
                + "Overheads are medians of the per-pair ratios B/A - 1, [min, max] over pairs.\n\n");
        md.append(
                "| ND4J threads | timed iterations (after warm-up) | pairs | wall without listener, s | wall with listener, s "
                        + "| **end-to-end overhead** | fit-thread CPU overhead | **time in iterationDone / wall** "
                        + "| other processes' CPU share, A / B (median) | evaluations (skipped) per run | same parameters A vs B |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<String> threadConfigs = runs.stream()
                .filter(r -> "timing".equals(r.get("kind")))
                .map(r -> (String) r.get("threads"))
                .distinct()
                .toList();
        List<String> verdicts = new ArrayList<>();
        for (String t : threadConfigs) {
            List<Map<String, Object>[]> pairs = pairs(runs, t);
            if (pairs.isEmpty()) {
                continue;
            }
            double[] wallOff = col(pairs, 0, "wallSeconds");
            double[] wallOn = col(pairs, 1, "wallSeconds");
            double[] e2e = ratio(pairs, "wallSeconds");
            double[] cpu = ratio(pairs, "fitThreadCpuSeconds");
            double[] inDone = new double[pairs.size()];
            double[] otherA = new double[pairs.size()];
            double[] otherB = new double[pairs.size()];
            List<Double> quietPairs = new ArrayList<>();
            boolean sameParams = true;
            List<String> evals = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                Map<String, Object> off = pairs.get(i)[0];
                Map<String, Object> on = pairs.get(i)[1];
                inDone[i] = num(on.get("iterationDoneSecondsTotal")) / num(on.get("wallSeconds"));
                otherA[i] = num(off.get("otherProcessesShare"));
                otherB[i] = num(on.get("otherProcessesShare"));
                if (Math.max(otherA[i], otherB[i]) <= QUIET) {
                    quietPairs.add(e2e[i]);
                }
                sameParams &= Objects.equals(
                        String.valueOf(off.get("parametersCrc32")), String.valueOf(on.get("parametersCrc32")));
                evals.add(on.get("evaluationsBeforeClose") + " (" + on.get("skippedBeforeClose") + ")");
            }
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %s | %s | **%s** | %s | **%s** | %s | %s | %s |%n",
                    label(t),
                    first(pairs, "iterations"),
                    pairs.size(),
                    medRange(wallOff, "%.1f"),
                    medRange(wallOn, "%.1f"),
                    pctRange(e2e),
                    pctRange(cpu),
                    pctRange(inDone, "%.3f%%"),
                    pct(median(otherA), "%.0f%%") + " / " + pct(median(otherB), "%.0f%%"),
                    String.join(", ", evals.stream().distinct().toList()),
                    sameParams ? "yes (CRC32)" : "NO"));
            String quiet = quietPairs.isEmpty()
                    ? "no pair ran with other processes at <= " + pct(QUIET, "%.0f%%") + " of the CPU"
                    : quietPairs.size() + " pair(s) ran with other processes at <= " + pct(QUIET, "%.0f%%")
                            + " of the CPU: " + "end-to-end overhead "
                            + quietPairs.stream().map(v -> pct(v, "%+.1f%%")).toList();
            verdicts.add(String.format(
                    Locale.ROOT,
                    "- ND4J threads %s: time in iterationDone %s of the training wall time: %s the "
                            + "<= 3%% target; end-to-end wall-time overhead %s (median of %d pairs): %s the target; %s.%n",
                    label(t),
                    pct(median(inDone), "%.3f%%"),
                    median(inDone) <= TARGET ? "meets" : "misses",
                    pct(median(e2e), "%+.1f%%"),
                    pairs.size(),
                    median(e2e) <= TARGET ? "meets" : "misses",
                    quiet));
        }
        md.append('\n');
        for (String v : verdicts) {
            md.append(v);
        }
        md.append('\n');

        md.append("### Where the fit() thread spends its time in the listener\n\n");
        md.append("| ND4J threads | iterationDone at due iterations (snapshot + submit): wall median / max, µs "
                + "| same calls, fit-thread CPU median, µs | snapshot() alone: median / p99, µs "
                + "| iterationDone otherwise: median / p99 / max, µs | step time at due / other iterations, median ms "
                + "| evaluator CPU per evaluation, s | evaluation wall time, median s | close(), s |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (String t : threadConfigs) {
            List<Map<String, Object>> on = runs.stream()
                    .filter(r ->
                            "timing".equals(r.get("kind")) && t.equals(r.get("threads")) && "on".equals(r.get("mode")))
                    .toList(); // used runs only
            if (on.isEmpty()) {
                continue;
            }
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s / %s | %s | %s / %s | %s / %s / %s | %s / %s | %s | %s | %s |%n",
                    label(t),
                    med(on, r -> q(r, "iterationDoneMicrosDue", "median"), "%.0f"),
                    max(on, r -> q(r, "iterationDoneMicrosDue", "max"), "%.0f"),
                    med(on, r -> q(r, "iterationDoneCpuMicrosDue", "median"), "%.0f"),
                    med(on, r -> q(r, "snapshotMicros", "median"), "%.0f"),
                    med(on, r -> q(r, "snapshotMicros", "p99"), "%.0f"),
                    med(on, r -> q(r, "iterationDoneMicrosOther", "median"), "%.1f"),
                    med(on, r -> q(r, "iterationDoneMicrosOther", "p99"), "%.1f"),
                    max(on, r -> q(r, "iterationDoneMicrosOther", "max"), "%.0f"),
                    med(on, r -> q(r, "stepMillisAtDueIterations", "median"), "%.1f"),
                    med(on, r -> q(r, "stepMillisOtherIterations", "median"), "%.1f"),
                    med(on, r -> num(r.get("evaluatorCpuSecondsTotal")) / num(r.get("evaluationsBeforeClose")), "%.2f"),
                    med(on, r -> q(r, "evaluationSeconds", "median"), "%.2f"),
                    med(on, r -> num(r.get("closeSeconds")), "%.2f")));
        }
        md.append('\n');

        List<Map<String, Object>> heap =
                runs.stream().filter(r -> "heap".equals(r.get("kind"))).toList();
        Map<String, Object> heapOff = heap.stream()
                .filter(r -> "off".equals(r.get("mode")))
                .findFirst()
                .orElse(null);
        Map<String, Object> heapOn = heap.stream()
                .filter(r -> "on".equals(r.get("mode")))
                .findFirst()
                .orElse(null);
        if (heapOff != null && heapOn != null) {
            md.append(String.format(
                    Locale.ROOT,
                    "### Memory over %s iterations (ND4J threads 1; after 3 x System.gc(), the listener idle)%n%n",
                    heapOn.get("iterations")));
            md.append(
                    "| iteration | evaluations | history kept | heap used without, MiB | heap used with, MiB | with - without, KiB "
                            + "| ND4J workspaces without / with, MiB | RSS without / with, MiB |\n");
            md.append("|---|---|---|---|---|---|---|---|\n");
            List<Map<String, Object>> pOff = (List<Map<String, Object>>) heapOff.get("probes");
            List<Map<String, Object>> pOn = (List<Map<String, Object>>) heapOn.get("probes");
            int n = Math.min(pOff.size(), pOn.size());
            double[] evals = new double[n];
            double[] diff = new double[n];
            double[] iters = new double[n];
            double[] heapOffV = new double[n];
            double[] heapOnV = new double[n];
            double[] offHeapOn = new double[n];
            double[] offHeapOff = new double[n];
            for (int i = 0; i < n; i++) {
                Map<String, Object> a = pOff.get(i);
                Map<String, Object> b = pOn.get(i);
                iters[i] = num(b.get("iteration"));
                evals[i] = num(b.get("evaluations"));
                heapOffV[i] = num(a.get("heapUsedBytes"));
                heapOnV[i] = num(b.get("heapUsedBytes"));
                diff[i] = heapOnV[i] - heapOffV[i];
                offHeapOn[i] = num(b.get("rssBytes"));
                offHeapOff[i] = num(a.get("rssBytes"));
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %.2f | %.2f | %+.0f | %.1f / %.1f | %.0f / %.0f |%n",
                        b.get("iteration"),
                        b.get("evaluations"),
                        b.get("history"),
                        mib(a.get("heapUsedBytes")),
                        mib(b.get("heapUsedBytes")),
                        diff[i] / 1024,
                        mib(a.get("nd4jWORKSPACEBytes")),
                        mib(b.get("nd4jWORKSPACEBytes")),
                        mib(a.get("rssBytes")),
                        mib(b.get("rssBytes"))));
            }
            // least-squares slopes over the probes after the first evaluations (from the 2nd probe on)
            double[] it = Arrays.copyOfRange(iters, 1, n);
            md.append(String.format(
                    Locale.ROOT,
                    "%nLeast-squares slopes from iteration %.0f on: heap without listener %+.1f KiB per 1,000 "
                            + "iterations, with listener %+.1f KiB per 1,000 iterations, i.e. %+.2f KiB per evaluation more "
                            + "(with - without vs evaluations); RSS with listener %+.0f KiB per 1,000 iterations, without %+.0f KiB.%n%n",
                    iters.length > 1 ? iters[1] : 0,
                    slope(it, Arrays.copyOfRange(heapOffV, 1, n)) * 1000 / 1024,
                    slope(it, Arrays.copyOfRange(heapOnV, 1, n)) * 1000 / 1024,
                    slope(Arrays.copyOfRange(evals, 1, n), Arrays.copyOfRange(diff, 1, n)) / 1024,
                    slope(it, Arrays.copyOfRange(offHeapOn, 1, n)) * 1000 / 1024,
                    slope(it, Arrays.copyOfRange(offHeapOff, 1, n)) * 1000 / 1024));
            md.append(String.format(
                    Locale.ROOT,
                    "Heap runs: %d evaluations (%s skipped), wall %.0f s without / %.0f s with; "
                            + "other processes' CPU share %s / %s.%n%n",
                    ((Number) heapOn.get("evaluations")).longValue(),
                    heapOn.get("skipped"),
                    num(heapOff.get("wallSeconds")),
                    num(heapOn.get("wallSeconds")),
                    pct(num(heapOff.get("otherProcessesShare")), "%.0f%%"),
                    pct(num(heapOn.get("otherProcessesShare")), "%.0f%%")));
            List<Map<String, Object>> ndb = (List<Map<String, Object>>) heapOn.get("ndbHistory");
            if (ndb != null && !ndb.isEmpty()) {
                md.append("NDB/K along the heap run (the GAN learns): ");
                List<String> points = new ArrayList<>();
                int step = Math.max(1, ndb.size() / 10);
                for (int i = 0; i < ndb.size(); i++) {
                    if (i % step == 0 || i == ndb.size() - 1) {
                        points.add(String.format(
                                Locale.ROOT,
                                "%s: %.2f",
                                ndb.get(i).get("iteration"),
                                num(ndb.get(i).get("ndbFraction"))));
                    }
                }
                md.append(String.join(", ", points)).append(".\n\n");
            }
        }
        md.append(String.format(
                Locale.ROOT,
                "NDB reference sanity: fresh real scenes vs the bins give NDB/K %.2f, JS %.4f (about alpha = 0.05 expected).%n",
                num(ref.get("freshRealNdbFraction")),
                num(ref.get("freshRealJs"))));
        return md.toString();
    }

    static String label(String threads) {
        return switch (threads) {
            case "1" -> "1 (setMaxThreads(1), OMP/BLAS 1)";
            case "default-gomp" -> "default, GOMP_SPINCOUNT=1000";
            default -> threads;
        };
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>[]> pairs(List<Map<String, Object>> runs, String threads) {
        Map<Object, Map<String, Object>[]> byRep = new LinkedHashMap<>();
        for (Map<String, Object> r : runs) {
            if (!"timing".equals(r.get("kind")) || !threads.equals(r.get("threads"))) {
                continue;
            }
            Map<String, Object>[] p = byRep.computeIfAbsent(r.get("rep"), k -> new Map[2]);
            p[r.get("mode").equals("off") ? 0 : 1] = r;
        }
        return byRep.values().stream().filter(p -> p[0] != null && p[1] != null).toList();
    }

    private static double[] col(List<Map<String, Object>[]> pairs, int side, String key) {
        return pairs.stream().mapToDouble(p -> num(p[side].get(key))).toArray();
    }

    private static double[] ratio(List<Map<String, Object>[]> pairs, String key) {
        return pairs.stream()
                .mapToDouble(p -> num(p[1].get(key)) / num(p[0].get(key)) - 1)
                .toArray();
    }

    private static Object first(List<Map<String, Object>[]> pairs, String key) {
        return pairs.get(0)[0].get(key);
    }

    @SuppressWarnings("unchecked")
    private static double q(Map<String, Object> r, String key, String stat) {
        Object m = r.get(key);
        return m instanceof Map ? num(((Map<String, Object>) m).get(stat)) : Double.NaN;
    }

    private static String med(List<Map<String, Object>> runs, Function<Map<String, Object>, Double> f, String format) {
        return String.format(
                Locale.ROOT, format, median(runs.stream().mapToDouble(f::apply).toArray()));
    }

    private static String max(List<Map<String, Object>> runs, Function<Map<String, Object>, Double> f, String format) {
        return String.format(
                Locale.ROOT, format, runs.stream().mapToDouble(f::apply).max().orElse(Double.NaN));
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String medRange(double[] v, String format) {
        double[] s = v.clone();
        Arrays.sort(s);
        return String.format(
                Locale.ROOT, format + " [" + format + ", " + format + "]", median(s), s[0], s[s.length - 1]);
    }

    private static String pctRange(double[] v) {
        return pctRange(v, "%+.1f%%");
    }

    private static String pctRange(double[] v, String format) {
        double[] s = v.clone();
        Arrays.sort(s);
        return pct(median(s), format) + " [" + pct(s[0], format) + ", " + pct(s[s.length - 1], format) + "]";
    }

    private static String pct(double share, String format) {
        return String.format(Locale.ROOT, format, 100 * share);
    }

    private static double slope(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }

    private static double mib(Object bytes) {
        return num(bytes) / (1024.0 * 1024.0);
    }

    private static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
