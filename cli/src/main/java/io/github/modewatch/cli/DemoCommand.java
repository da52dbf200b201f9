package io.github.modewatch.cli;

import io.github.modewatch.demo.Demo;
import io.github.modewatch.demo.DemoDataset;
import io.github.modewatch.demo.DemoOptions;
import io.github.modewatch.demo.DemoRecipe;
import io.github.modewatch.demo.DemoResult;
import io.github.modewatch.demo.FashionDemo;
import io.github.modewatch.export.PortInUseException;
import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.monitor.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Train a small GAN (DL4J, CPU) on data with known modes and watch ModeWatch measure it live.",
            "Serves Prometheus metrics on http://HOST:PORT/metrics, prints one line per evaluation (NDB/K, JS, "
                    + "FSD, time) and writes an HTML report to a new folder under modewatch-report. The default recipe "
                    + "trains as well as a small dense GAN does in a few minutes (no bin of the data missing; on the scenes NDB/K still ends at 0.4-0.7, see the README); "
                    + "--collapse trains the same way until part-way through, then stops training the discriminator and "
                    + "raises the generator's learning rate 50x, which makes the GAN collapse."
        },
        footer = {
            "",
            "Examples:",
            "  modewatch demo                      # scenes, default recipe; Ctrl-C ends",
            "  modewatch demo --collapse --port 9465 --run collapsed",
            "  modewatch demo --dataset ring --hold 0",
            "  modewatch demo --collapse --host 0.0.0.0   # for Prometheus in docker"
        })
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            defaultValue = "scenes",
            converter = DatasetConverter.class,
            description = "scenes (NDB + FSD with per-class areas), ring (ring-8), grid (grid-25); NDB only for "
                    + "ring and grid; fashion (Fashion-MNIST, a DCGAN, needs apt-get install dataset-fashion-mnist) "
                    + "(default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--latent", paramLabel = "D", description = "fashion: size of the GAN's z (default: 100).")
    Integer latent;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "fashion: directory of the Fashion-MNIST IDX files "
                    + "(default: /usr/share/datasets/fashion-mnist).")
    Path data;

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description = "fashion: where the trained classifier and the NDB "
                    + "bins are cached (default: ~/.cache/modewatch).")
    Path cache;

    @Option(
            names = "--collapse",
            description = "Use the recipe that collapses: healthy at first, then (scenes at "
                    + "iteration 1,750 of 3,000, ring and grid halfway; the same fraction with --iterations) the discriminator "
                    + "stops training and the generator learning rate goes up 50x.")
    boolean collapse;

    @Option(
            names = "--iterations",
            paramLabel = "N",
            description = "GAN steps (default: the recipe's; scenes 3000, ring 2000, grid 3000, fashion 1500).")
    Integer iterations;

    @Option(
            names = "--every",
            paramLabel = "M",
            description = "Iterations between evaluations (default: the recipe's).")
    Integer every;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = DemoOptions.DEFAULT_HOST,
            description = "Address to serve the metrics on (default: ${DEFAULT-VALUE}, this machine only). 0.0.0.0 "
                    + "serves every interface, so Prometheus in a docker container can scrape it, but so can anyone "
                    + "on the networks this machine is on: use it only behind a firewall.")
    String host;

    @Option(
            names = "--port",
            paramLabel = "P",
            defaultValue = "" + DemoOptions.DEFAULT_PORT,
            description = "Serve metrics on http://ADDRESS:P/metrics; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "Where to write index.html and its PNGs "
                    + "(default: a new folder per run, modewatch-report/RUN-seedS-DATE-TIME).")
    Path report;

    @Option(
            names = "--hold",
            paramLabel = "SECONDS",
            description = "Keep serving the final metrics this long after "
                    + "the report (default: until Ctrl-C; 0 exits at once).")
    Integer hold;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "" + DemoOptions.DEFAULT_SEED,
            description = "Seed of the data, the GAN and the evaluator (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--run",
            paramLabel = "NAME",
            description =
                    "The run tag of the metrics and the report title " + "(default: demo-DATASET, plus -collapse).")
    String run;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (FASHION.equals(dataset)) {
            return fashion();
        }
        Main.require(
                latent == null && data == null && cache == null,
                "--latent/--data/--cache: only with --dataset " + FASHION + "; drop them or add --dataset " + FASHION);
        DemoOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DemoRecipe recipe = options.recipe();
        Demo demo;
        try {
            demo = Demo.start(options);
        } catch (PortInUseException e) {
            throw portInUse(e);
        } catch (java.io.UncheckedIOException e) {
            throw new InvalidInputException(
                    "--host " + host + ": cannot serve on this address (" + rootMessage(e)
                            + "); pass an address of this machine: 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)",
                    e);
        }
        try (demo) {
            out.printf(
                    Locale.ROOT,
                    "ModeWatch demo: a dense GAN on %s, %s recipe%s%n",
                    recipe.dataset().description(),
                    recipe.collapse() ? "collapse" : "default",
                    recipe.collapse() ? "" : " (add --collapse to see mode collapse)");
            out.printf(
                    Locale.ROOT,
                    "%,d iterations, evaluating every %,d: NDB with %d bins on %,d generated samples%s%n",
                    recipe.iterations(),
                    recipe.every(),
                    recipe.bins(),
                    recipe.evaluationSamples(),
                    recipe.dataset().hasFsd() ? ", FSD over the palette segmenter's classes" : "");
            out.printf("Live metrics: %s  (run=\"%s\"; Ctrl-C stops)%n", demo.metricsUri(), options.run());
            if (!DemoOptions.DEFAULT_HOST.equals(options.host())) {
                out.printf(
                        "Serving on %s: reachable from other machines and containers (a Prometheus in docker "
                                + "compose scrapes host.docker.internal:%d); stop it if that is not what you want.%n",
                        options.host(), demo.metricsUri().getPort());
            }
            out.flush();
            DemoResult result = demo.run(out, ProgressBar.forStderr(err, quiet));
            result.latest().ifPresent(e -> out.println("Final: " + summary(e)));
            out.printf(Locale.ROOT, "Done in %.0f s.%n", result.elapsed().toMillis() / 1000.0);
            out.printf("Report: %s%n", result.report());
            hold(out, demo.metricsUri());
        }
        return 0;
    }

    static final String FASHION = "fashion";

    private Integer fashion() throws Exception {
        checkCommon();
        Main.require(latent == null || latent >= 1, "--latent " + latent + ": must be >= 1, e.g. 100");
        FashionDemo.Options o = new FashionDemo.Options(
                data == null ? Path.of("/usr/share/datasets/fashion-mnist") : data,
                cache == null ? Path.of(System.getProperty("user.home"), ".cache", "modewatch") : cache,
                latent == null ? FashionDemo.Options.DEFAULT_LATENT : latent,
                iterations == null ? FashionDemo.Options.DEFAULT_ITERATIONS : iterations,
                every == null ? FashionDemo.Options.DEFAULT_EVERY : every,
                collapse,
                seed,
                report,
                port,
                run == null
                        ? "demo-fashion" + (collapse ? "-collapse" : "") + (latent == null ? "" : "-z" + latent)
                        : run,
                FashionDemo.Options.DEFAULT_SAMPLES,
                1);
        FashionDemo.requireData(o.data());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FashionDemo demo;
        try {
            demo = FashionDemo.start(o);
        } catch (PortInUseException e) {
            throw portInUse(e);
        }
        try (demo) {
            out.printf(
                    Locale.ROOT,
                    "ModeWatch demo: a DCGAN on Fashion-MNIST, latent %d, %,d iterations, evaluating every "
                            + "%,d: NDB with 100 bins on %,d generated samples, per-class shares from a CNN classifier%n",
                    o.latent(),
                    o.iterations(),
                    o.every(),
                    o.samples());
            out.printf("Live metrics: %s  (run=\"%s\"; Ctrl-C stops)%n", demo.metricsUri(), o.run());
            out.flush();
            DemoResult result = demo.run(out, ProgressBar.forStderr(err, quiet));
            out.printf("Report: %s%n", result.report());
            result.latest().ifPresent(e -> out.println("Final: " + summary(e)));
            result.latest()
                    .flatMap(e -> e.featureResult())
                    .ifPresent(f -> out.printf(
                            Locale.ROOT,
                            "Final feature metrics on %s (FID's formula on the demo's classifier, not Inception): "
                                    + "Fréchet %.3f (noise floor %.3f)%s%n",
                            f.extractor(),
                            f.frechet().distance(),
                            f.frechetNoiseFloor(),
                            f.prdc() == null
                                    ? ""
                                    : String.format(
                                            Locale.ROOT,
                                            ", precision %.3f, recall %.3f, density %.3f, coverage %.3f",
                                            f.prdc().precision(),
                                            f.prdc().recall(),
                                            f.prdc().density(),
                                            f.prdc().coverage())));
            out.printf(Locale.ROOT, "Done in %.0f s.%n", result.elapsed().toMillis() / 1000.0);
            hold(out, demo.metricsUri());
        }
        return 0;
    }

    /** The one line for a taken --port, with a port to try instead. */
    private InvalidInputException portInUse(PortInUseException e) {
        return new InvalidInputException(
                "--port " + port + ": already in use (another demo or exporter?); pass another "
                        + "port, e.g. --port " + (port == 65_535 ? port - 1 : port + 1)
                        + ", or --port 0 for any free one",
                e);
    }

    private void hold(PrintWriter out, java.net.URI uri) throws InterruptedException {
        if (hold == null) {
            out.printf("Serving the final metrics on %s until Ctrl-C (--hold SECONDS to stop by itself).%n", uri);
            out.flush();
            new CountDownLatch(1).await();
        } else if (hold > 0) {
            out.printf("Serving the final metrics on %s for %d s (Ctrl-C stops).%n", uri, hold);
            out.flush();
            Thread.sleep(hold * 1000L);
        }
    }

    private void checkCommon() {
        Main.require(iterations == null || iterations >= 1, "--iterations " + iterations + ": must be >= 1, e.g. 3000");
        Main.require(
                every == null || every >= 1,
                "--every " + every + ": must be >= 1 (iterations between evaluations), " + "e.g. 250");
        Main.require(
                port >= 0 && port <= 65_535,
                "--port " + port + ": must be in 0..65535 (0 = any free port), e.g. " + DemoOptions.DEFAULT_PORT);
        Main.require(
                hold == null || hold >= 0,
                "--hold " + hold + ": must be >= 0 seconds (0 exits after the report; "
                        + "omit it to serve until Ctrl-C)");
        Main.require(run == null || !run.isBlank(), "--run is blank: pass a name, e.g. --run my-demo");
        Main.require(
                report == null || !Files.exists(report) || Files.isDirectory(report),
                "--report " + report + ": exists and is not a directory; pass a directory (it is created if missing)");
        Main.require(
                !host.isBlank(),
                "--host is blank: pass an address of this machine, e.g. --host " + DemoOptions.DEFAULT_HOST);
    }

    private DemoOptions options() {
        checkCommon();
        DemoOptions options = DemoOptions.of(DemoDataset.fromName(dataset), collapse)
                .withHost(host.strip())
                .withPort(port)
                .withSeed(seed);
        DemoRecipe recipe = options.recipe();
        options = options.withIterations(
                iterations == null ? recipe.iterations() : iterations, every == null ? recipe.every() : every);
        if (run != null) {
            options = options.withRun(run);
        }
        return options.withReportDir(
                report != null
                        ? report
                        : DemoOptions.reportDirFor(
                                DemoOptions.DEFAULT_REPORT_DIR, options.run(), seed, clock.instant()));
    }

    /** The clock that stamps the default report folder's name (DemoOptions.reportDirFor, tested with fixed instants). */
    java.time.Clock clock = java.time.Clock.systemUTC();

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null
                ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    static String summary(Evaluation e) {
        StringBuilder s = new StringBuilder();
        NdbResult ndb = e.ndb();
        if (ndb != null) {
            int missing = ndb.missingBins().length;
            s.append(String.format(
                    Locale.ROOT,
                    "NDB/K %.3f: %d of %d bins differ (about %.1f expected by chance at "
                            + "alpha %.2f), %d %s missing (%.1f%% of the reference samples), JS %.4f nats",
                    ndb.ndbFraction(),
                    ndb.ndb(),
                    ndb.bins(),
                    ndb.alpha() * ndb.bins(),
                    ndb.alpha(),
                    missing,
                    missing == 1 ? "bin" : "bins",
                    100 * ndb.missingReferenceShare(),
                    ndb.js()));
        }
        if (e.fsd() != null) {
            s.append(String.format(
                    Locale.ROOT, "; FSD %.1f (noise floor %.1f)", e.fsd().distance(), e.fsdNoiseFloor()));
        }
        return s.toString();
    }

    /** {@code --dataset} values, with a one-line error naming the valid ones. */
    static final class DatasetConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (FASHION.equalsIgnoreCase(value.strip())) {
                return FASHION;
            }
            try {
                return DemoDataset.fromName(value).cliName();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a dataset; expected one of " + DemoDataset.names() + ", " + FASHION);
            }
        }
    }
}
