package io.github.modewatch.report;

import io.github.modewatch.metrics.ndb.BinTest;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.monitor.Evaluation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a run's end-of-run (or any-time) report: {@code DIR/index.html}, one page that opens offline (inline
 * CSS, no scripts, no external fonts), plus the PNG files it references by relative name. Plots are XChart
 * charts encoded with {@link BitmapEncoder}; sample grids are the samples' own pixels, scaled up.
 *
 * <p>Contents: the latest evaluation's verdict and numbers; NDB/K, JS divergence and FSD (with its noise floor)
 * over iterations; the latest bin proportions (reference with +-1 standard error vs generated, different bins
 * highlighted); FSD's per-class relative area differences ordered by reference share (Bau et al., ICCV 2019,
 * Fig. 1a); and with samples, grids of images from the largest, the most over- and the most under-represented
 * bins, or a scatter plot of 2-D points. Parts without data are left out with a note.
 *
 * <p>Every file is written to a temporary file in DIR and moved into place; {@code index.html} is moved last,
 * so a crash leaves the previous page (or none), never half a page. PNGs of a previous report that this one
 * does not draw are then deleted. Immutable and thread-safe; concurrent writes to one DIR are not coordinated.
 */
public final class ReportWriter {
    public static final String INDEX = "index.html";
    public static final String NDB_FRACTION_PNG = "ndb-fraction.png";
    public static final String JS_PNG = "js-divergence.png";
    public static final String FSD_PNG = "fsd.png";
    public static final String FEATURE_FRECHET_PNG = "feature-frechet.png";
    public static final String KID_PNG = "kid.png";
    public static final String PRDC_PNG = "prdc.png";
    public static final String BIN_PROPORTIONS_PNG = "bin-proportions.png";
    public static final String FSD_CLASSES_PNG = "fsd-classes.png";
    public static final String CLASS_SHARES_PNG = "class-shares.png";
    public static final String LARGEST_BIN_PNG = "samples-largest-bin.png";
    public static final String OVER_REPRESENTED_PNG = "samples-over-represented-bin.png";
    public static final String MISSING_PNG = "samples-missing-bin.png";
    public static final String GENERATED_SAMPLES_PNG = "samples-generated.png";
    public static final String REAL_SAMPLES_PNG = "samples-real.png";
    public static final String SCATTER_PNG = "scatter.png";
    /** Every PNG a report may contain. */
    public static final List<String> FIGURE_FILES = List.of(
            NDB_FRACTION_PNG,
            JS_PNG,
            FSD_PNG,
            FEATURE_FRECHET_PNG,
            KID_PNG,
            PRDC_PNG,
            BIN_PROPORTIONS_PNG,
            FSD_CLASSES_PNG,
            CLASS_SHARES_PNG,
            LARGEST_BIN_PNG,
            OVER_REPRESENTED_PNG,
            MISSING_PNG,
            GENERATED_SAMPLES_PNG,
            REAL_SAMPLES_PNG,
            SCATTER_PNG);
    /** Samples per grid. */
    static final int GRID_SAMPLES = 32;

    static final int GRID_COLUMNS = 8;
    /** Significance level for bins computed from the samples alone (no NDB evaluation to take them from). */
    static final double SAMPLE_ALPHA = 0.05;

    private final Clock clock;
    private final Charts charts = new Charts(900, 380);

    /** A writer that stamps reports with the system UTC clock. */
    public ReportWriter() {
        this(Clock.systemUTC());
    }

    /** @param clock stamps the page's "written at" line */
    public ReportWriter(Clock clock) {
        if (clock == null) {
            throw new IllegalArgumentException("clock is null: pass Clock.systemUTC() or a fixed clock in tests");
        }
        this.clock = clock;
    }

    /**
     * Writes the report.
     *
     * @param input what to show
     * @param dir   report directory; created with its parents if missing
     * @return the path of {@code index.html}
     * @throws FileSystemException when {@code dir} exists and is not a directory
     * @throws IOException         when a file cannot be written
     */
    public Path write(ReportInput input, Path dir) throws IOException {
        if (input == null || dir == null) {
            throw new IllegalArgumentException("input and dir must not be null");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new FileSystemException(
                    dir.toString(),
                    null,
                    "exists and is not a directory: pass a directory for " + "the report (it is created if missing)");
        }
        Files.createDirectories(dir);

        Optional<Evaluation> latest = input.latest();
        List<Html.Section> sections = new ArrayList<>();
        sections.add(historySection(input.history()));
        latest.ifPresent(e -> sections.add(latestSection(e)));
        input.sampleSet().ifPresent(s -> sections.add(samplesSection(s, latest.flatMap(Evaluation::ndbResult))));

        String verdict = Verdict.of(input.history());
        String html = Html.page(
                input.runName(), verdict, Verdict.boxClass(input.history()), summary(input), sections, footer());

        Set<String> written = new HashSet<>();
        for (Html.Section section : sections) {
            for (Figure f : section.figures()) {
                writeAtomically(dir, f.file(), f.png());
                written.add(f.file());
            }
        }
        writeAtomically(dir, INDEX, html.getBytes(StandardCharsets.UTF_8));
        for (String name : FIGURE_FILES) {
            if (!written.contains(name)) {
                Files.deleteIfExists(dir.resolve(name));
            }
        }
        return dir.resolve(INDEX);
    }

    // ---- sections ----

    private Html.Section historySection(List<Evaluation> history) {
        List<Figure> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (history.isEmpty()) {
            notes.add("No evaluation yet. ModeWatch evaluates the generator every N training iterations; this page "
                    + "is rewritten with plots after the first evaluation.");
            return new Html.Section("Over training", null, figures, notes);
        }
        addChart(
                figures,
                NDB_FRACTION_PNG,
                "NDB/K over training",
                charts.ndbFraction(history),
                "each evaluation puts generated samples into the K bins (K-means cells of the reference samples) and "
                        + "tests every bin's share against the reference share with a two-proportion z-test. NDB/K "
                        + "is the fraction of bins that differ significantly (Richardson & Weiss, NeurIPS 2018). The "
                        + "dashed alpha line is where it would sit if the generator sampled the data itself: the rate "
                        + "at which bins differ by chance. Healthy but imperfect generators stay well above it: the "
                        + "curve falls early in training, then stays down, with no bin missing. Mode collapse is a "
                        + "jump from that level with bins going missing (bin plot below) and JS rising: the "
                        + "ModeCollapse alert's rule, which the verdict above uses.");
        addChart(
                figures,
                JS_PNG,
                "Jensen-Shannon divergence over training",
                charts.js(history),
                "JS divergence between the reference and the generated bin histograms, in nats: 0 when the shares "
                        + "match, ln 2 = 0.693 when generated samples fall only in bins without reference samples. "
                        + "Lower is better; unlike NDB/K it weighs each bin by its share, so it moves when big bins "
                        + "change and barely when small ones do.");
        addChart(
                figures,
                FSD_PNG,
                "FSD over training",
                charts.fsd(history),
                "Fréchet distance between Gaussians fitted to the per-image class areas (percent of pixels per "
                        + "class, from the segmenter) of reference and generated images; lower is better; logarithmic "
                        + "scale. The dashed line is the noise floor: the FSD of two halves of the reference at the "
                        + "generated sample size, about what a perfect generator scores (Bau et al., ICCV 2019). "
                        + "Imperfect generators stay far above it; what matters is a rise over the run's own best "
                        + "(over " + Verdict.format(FsdDivergenceRule.RATIO)
                        + "x it, as the FsdDivergence alert asks).");
        addChart(
                figures,
                FEATURE_FRECHET_PNG,
                "Fréchet distance on features over training",
                charts.featureFrechet(history),
                "the FSD formula on the feature extractor's features of reference and generated images (FID when "
                        + "the extractor is Inception-v3 pool3, Heusel et al. 2017); lower is better. The dashed "
                        + "line is its noise floor: two disjoint parts of the reference at the generated sample size. "
                        + "Values are comparable only within one extractor, named in the title.");
        addChart(
                figures,
                KID_PNG,
                "KID over training",
                charts.kid(history),
                "Kernel Inception Distance (Bińkowski et al., ICLR 2018): the unbiased MMD^2 between the two feature "
                        + "sets with a cubic polynomial kernel, averaged over random subsets; the dashed line is its "
                        + "standard deviation over the subsets. About 0 (possibly slightly negative) when the "
                        + "distributions match.");
        addChart(
                figures,
                PRDC_PNG,
                "Precision, recall, density and coverage over training",
                charts.prdc(history),
                "k-nearest-neighbour fidelity and diversity in feature space (Kynkäänniemi et al. 2019; Naeem et "
                        + "al. 2020): precision is the share of generated samples that fall near real ones, recall "
                        + "the share of real samples near generated ones, density how many real neighbourhoods a "
                        + "generated sample falls in (about 1 when the distributions match), coverage the share of "
                        + "real samples with a generated sample in their neighbourhood. Dropped modes show as "
                        + "coverage and recall falling while precision stays high (the CoverageDrop alert).");
        if (history.stream().noneMatch(e -> e.ndb() != null)) {
            notes.add("NDB is not configured for this run (no reference bins), so there are no NDB/K or JS plots.");
        }
        if (history.stream().noneMatch(e -> e.fsd() != null)) {
            notes.add("FSD is not configured for this run (no segmenter), so there is no FSD plot.");
        }
        return new Html.Section("Over training", null, figures, notes);
    }

    private Html.Section latestSection(Evaluation latest) {
        List<Figure> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (latest.ndb() != null) {
            NdbResult ndb = latest.ndb();
            addChart(
                    figures,
                    BIN_PROPORTIONS_PNG,
                    "Bin proportions",
                    charts.binProportions(ndb, latest.iteration()),
                    "bars are the share of reference samples in each bin, with whiskers of +-1 standard error "
                            + "sqrt(p(1-p)/n_ref) (n_ref = " + String.format(Locale.ROOT, "%,d", ndb.referenceSize())
                            + "); dots are the share of the " + String.format(Locale.ROOT, "%,d", ndb.generatedSize())
                            + " generated samples. Red diamonds mark bins that differ at alpha = "
                            + Verdict.format(ndb.alpha()) + ": below its bar a region of the data the generator "
                            + "under-produces, above it one it over-produces. Dark-red triangles mark missing bins: "
                            + "different, and given under " + NdbResult.missingShareFraction()
                            + " of their reference share, "
                            + "regions the generator has all but stopped producing. The whiskers show only the "
                            + "reference's sampling error; the test also counts the generated sample's, so a dot just "
                            + "outside a whisker need not differ.");
        }
        if (latest.fsd() != null) {
            FsdResult fsd = latest.fsd();
            addChart(
                    figures,
                    FSD_CLASSES_PNG,
                    "Class areas: generated vs reference",
                    charts.fsdClasses(fsd, latest.iteration()),
                    "for every class, the ratio of its mean image area in generated images to that in reference "
                            + "images, on a logarithmic scale so that half (-50%) and double (+100%) are bars of the same "
                            + "length, and a class at -92% is as visible as one at +1,150%. Blue bars go up (generated "
                            + "more), red bars down (generated less); bars at the bottom edge, labelled never, are "
                            + "classes the generator does not draw at all (-100%). Classes are ordered by their share of "
                            + "reference pixels, as in Fig. 1a of Bau et al. (ICCV 2019); rare classes at the right that "
                            + "drop to the bottom are what the GAN cannot generate.");
            addChart(
                    figures,
                    CLASS_SHARES_PNG,
                    "Class shares: generated vs reference",
                    charts.classShares(fsd, latest.iteration()),
                    "the mean share of each class (percent of each image's pixels, averaged over images) in the "
                            + "reference (light) and the generated images (dark), the numbers behind the ratios above. "
                            + "With a classifier as the segmenter (one label per image, as the Fashion-MNIST demo "
                            + "uses it) each bar is the percentage of images of that class.");
            if (figures.stream().noneMatch(f -> f.file().equals(FSD_CLASSES_PNG))) {
                notes.add("No class has any area in the reference images, so there are no class differences to plot.");
            }
        }
        return new Html.Section(
                "Latest evaluation (iteration " + String.format(Locale.ROOT, "%,d", latest.iteration()) + ")",
                null,
                figures,
                notes);
    }

    private Html.Section samplesSection(ReportSamples samples, Optional<NdbResult> ndb) {
        List<Figure> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        BinStats stats = samples.hasBins() ? BinStats.of(samples, ndb) : null;
        if (samples.kind() instanceof SampleKind.Image image) {
            if (stats == null) {
                addGrid(
                        figures,
                        notes,
                        GENERATED_SAMPLES_PNG,
                        "Generated samples",
                        samples.generated(),
                        firstRows(samples.generated().rows()),
                        image,
                        "the first generated samples, scaled up. "
                                + "Pass the samples' NDB bins to see the largest, over- and under-represented bins.");
                addGrid(
                        figures,
                        notes,
                        REAL_SAMPLES_PNG,
                        "Real samples",
                        samples.real(),
                        firstRows(samples.real().rows()),
                        image,
                        "the first real (reference) samples, for comparison.");
            } else {
                imageGrids(samples, image, stats, figures, notes);
            }
        } else {
            figures.add(scatterFigure(samples, stats));
        }
        String intro = stats == null
                ? null
                : "Bin statistics below come from "
                        + (stats.fromEvaluation()
                                ? "the latest NDB evaluation."
                                : "these samples' bins (alpha = " + Verdict.format(SAMPLE_ALPHA)
                                        + "), as the latest evaluation has no NDB result with these bins.");
        return new Html.Section("Samples", intro, figures, notes);
    }

    private void imageGrids(
            ReportSamples samples, SampleKind.Image image, BinStats stats, List<Figure> figures, List<String> notes) {
        int[] generatedBins = samples.generatedBins();
        int[] realBins = samples.realBins();
        INDArray generated = samples.generated();
        int largest = argMax(stats.generated());
        boolean largestIsOver = stats.z()[largest] < 0 && largest == argMax(negate(stats.z()));
        addGrid(
                figures,
                notes,
                LARGEST_BIN_PNG,
                "Generated samples from bin " + largest + ", the largest generated bin"
                        + (largestIsOver ? " and the most over-represented" : ""),
                generated,
                rowsInBin(generatedBins, largest),
                image,
                "the bin holding the largest share of generated samples (" + stats.describe(largest) + "): what "
                        + "the generator produces most"
                        + (largestIsOver
                                ? ", and more often than the reference by " + "more standard errors than any other bin"
                                : "")
                        + ". In a collapsed generator these look "
                        + "alike.");
        int over = argMax(negate(stats.z()));
        // when the largest bin is also the most over-represented, its grid above is titled as both: no second copy
        if (!largestIsOver && stats.z()[over] < 0) {
            addGrid(
                    figures,
                    notes,
                    OVER_REPRESENTED_PNG,
                    "Generated samples from bin " + over + ", the most over-represented bin",
                    generated,
                    rowsInBin(generatedBins, over),
                    image,
                    "the bin whose generated share exceeds its reference share by the most standard errors ("
                            + stats.describe(over) + "): what the generator produces too often.");
        } else if (!largestIsOver) {
            notes.add("No bin has more generated samples than expected, so there is no over-represented bin to show.");
        }
        int missing = argMax(stats.z());
        if (stats.z()[missing] > 0) {
            addGrid(
                    figures,
                    notes,
                    MISSING_PNG,
                    "Real samples from bin " + missing + ", the most under-represented bin",
                    samples.real(),
                    rowsInBin(realBins, missing),
                    image,
                    "real samples from the bin whose generated share falls furthest below its reference share ("
                            + stats.describe(missing) + "): what the generator is missing.");
        } else {
            notes.add("No bin has fewer generated samples than expected, so there is no missing bin to show.");
        }
    }

    private Figure scatterFigure(ReportSamples samples, BinStats stats) {
        double[][] real = samples.real().castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] generated = samples.generated().castTo(DataType.DOUBLE).toDoubleMatrix();
        boolean[] highlighted = null;
        String how = "grey: real (reference) samples; orange: generated samples. Where orange covers every grey "
                + "cluster, the generator covers the modes; grey clusters without orange are dropped modes.";
        if (stats != null) {
            int[] realBins = samples.realBins();
            highlighted = new boolean[real.length];
            for (int i = 0; i < real.length; i++) {
                int b = realBins[i];
                highlighted[i] = b < stats.z().length && stats.different()[b] && stats.z()[b] > 0;
            }
            how += " Red: real samples in bins the generator significantly under-produces (missing modes).";
        }
        return figure(
                SCATTER_PNG,
                "Real vs generated samples",
                charts.scatter(real, generated, highlighted, "real, in under-generated bins"),
                how);
    }

    // ---- figures ----

    private static void addChart(List<Figure> figures, String file, String title, Chart<?, ?> chart, String how) {
        if (chart != null) {
            figures.add(figure(file, title, chart, capitalise(how)));
        }
    }

    private static Figure figure(String file, String title, Chart<?, ?> chart, String how) {
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            return new Figure(file, title, capitalise(how), png, chart.getWidth(), chart.getHeight());
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode " + file, e);
        }
    }

    private static void addGrid(
            List<Figure> figures,
            List<String> notes,
            String file,
            String title,
            INDArray samples,
            int[] rows,
            SampleKind.Image kind,
            String how) {
        if (rows.length == 0) {
            notes.add(title + ": none of the given samples fall in this bin, so there is nothing to show.");
            return;
        }
        BufferedImage grid = SampleGrids.grid(samples, rows, kind, GRID_COLUMNS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(grid, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode " + file, e);
        }
        String shown = rows.length + (rows.length == 1 ? " sample" : " samples") + ", each scaled "
                + SampleGrids.scale(kind) + "x";
        figures.add(new Figure(
                file,
                title,
                capitalise(how) + " (" + shown + ".)",
                out.toByteArray(),
                grid.getWidth(),
                grid.getHeight()));
    }

    private static int[] firstRows(long rows) {
        return java.util.stream.IntStream.range(0, (int) Math.min(rows, GRID_SAMPLES))
                .toArray();
    }

    private static int[] rowsInBin(int[] bins, int bin) {
        return java.util.stream.IntStream.range(0, bins.length)
                .filter(i -> bins[i] == bin)
                .limit(GRID_SAMPLES)
                .toArray();
    }

    // ---- text ----

    private static Map<String, String> summary(ReportInput input) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("Run", input.runName());
        List<Evaluation> history = input.history();
        if (history.isEmpty()) {
            rows.put("Evaluations", "none yet");
            return rows;
        }
        Evaluation latest = history.get(history.size() - 1);
        rows.put(
                "Evaluations",
                history.size() + " (iterations " + count(history.get(0).iteration()) + " to "
                        + count(latest.iteration()) + ")");
        rows.put(
                "Latest iteration",
                count(latest.iteration()) + " (finished "
                        + latest.finishedAt().truncatedTo(ChronoUnit.SECONDS) + ", took "
                        + Verdict.format(latest.duration().toMillis() / 1000.0) + " s)");
        NdbResult ndb = latest.ndb();
        if (ndb != null) {
            rows.put(
                    "NDB",
                    ndb.ndb() + " of " + ndb.bins() + " bins differ at alpha " + Verdict.format(ndb.alpha())
                            + " (" + count(ndb.referenceSize()) + " reference vs " + count(ndb.generatedSize())
                            + " generated samples)");
            rows.put("NDB/K", Verdict.fraction(ndb.ndbFraction()));
            rows.put("JS divergence", Verdict.format(ndb.js()) + " nats");
        } else {
            rows.put("NDB", "not computed");
        }
        FsdResult fsd = latest.fsd();
        if (fsd != null) {
            rows.put(
                    "FSD",
                    Verdict.format(fsd.distance()) + " (mean term "
                            + Verdict.format(fsd.frechet().meanTerm())
                            + ", covariance term "
                            + Verdict.format(fsd.frechet().covarianceTerm()) + "; noise floor "
                            + Verdict.format(latest.fsdNoiseFloor()) + "; " + count(fsd.referenceCount())
                            + " reference vs "
                            + count(fsd.generatedCount()) + " generated images)");
        } else {
            rows.put("FSD", "not computed");
        }
        return rows;
    }

    private String footer() {
        return "Written by ModeWatch at " + Instant.now(clock).truncatedTo(ChronoUnit.SECONDS) + ". NDB: Richardson & "
                + "Weiss, \"On GANs and GMMs\", NeurIPS 2018. FSD: Bau et al., \"Seeing What a GAN Cannot Generate\", "
                + "ICCV 2019. Charts: XChart.";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ---- files ----

    private static void writeAtomically(Path dir, String name, byte[] content) throws IOException {
        // Not Files.createTempFile: its owner-only permissions would stick to the moved file.
        Path tmp = dir.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---- bins ----

    private static int argMax(double[] v) {
        int arg = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[arg]) {
                arg = i;
            }
        }
        return arg;
    }

    private static double[] negate(double[] v) {
        double[] n = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            n[i] = -v[i];
        }
        return n;
    }

    /** Per-bin shares and tests, from the latest NDB result when it covers the samples' bins, else from the samples. */
    private record BinStats(
            double[] reference, double[] generated, double[] z, boolean[] different, boolean fromEvaluation) {

        static BinStats of(ReportSamples samples, Optional<NdbResult> ndb) {
            int[] realBins = samples.realBins();
            int[] generatedBins = samples.generatedBins();
            int maxBin = Math.max(
                    java.util.Arrays.stream(realBins).max().orElse(0),
                    java.util.Arrays.stream(generatedBins).max().orElse(0));
            if (ndb.isPresent() && maxBin < ndb.get().bins()) {
                NdbResult r = ndb.get();
                return new BinStats(
                        r.referenceProportions(), r.generatedProportions(), r.zScores(), r.different(), true);
            }
            int k = maxBin + 1;
            double[] ref = shares(realBins, k);
            double[] gen = shares(generatedBins, k);
            double[] z = new double[k];
            boolean[] different = new boolean[k];
            for (int b = 0; b < k; b++) {
                z[b] = BinTest.zScore(ref[b], realBins.length, gen[b], generatedBins.length);
                different[b] = BinTest.twoSidedPValue(z[b]) < SAMPLE_ALPHA;
            }
            return new BinStats(ref, gen, z, different, false);
        }

        private static double[] shares(int[] bins, int k) {
            double[] s = new double[k];
            for (int b : bins) {
                s[b] += 1.0 / bins.length;
            }
            return s;
        }

        String describe(int bin) {
            return String.format(
                    Locale.ROOT,
                    "%.1f%% of generated vs %.1f%% of reference samples, z = %+.1f",
                    100 * generated[bin],
                    100 * reference[bin],
                    z[bin]);
        }
    }
}
