package io.github.modewatch.report;

import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.monitor.Evaluation;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Builds the report's XChart charts from evaluations; no I/O. */
final class Charts {
    static final Color REFERENCE = new Color(0x9E, 0xC5, 0xE3);
    static final Color GENERATED = new Color(0x1F, 0x3A, 0x68);
    static final Color DIFFERENT = new Color(0xD6, 0x27, 0x28);
    static final Color MISSING = new Color(0x7F, 0x00, 0x00);
    static final Color OVER = new Color(0x2C, 0x7F, 0xB8);
    static final Color GUIDE = new Color(0x80, 0x80, 0x80);
    static final Color REAL_POINTS = new Color(0xA0, 0xA0, 0xA0);
    static final Color GENERATED_POINTS = new Color(0xF2, 0x8E, 0x2B);
    private static final BasicStroke DASHED =
            new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    /** Classes shown in the FSD class chart, largest reference share first. */
    static final int MAX_CLASSES = 40;
    /** Points per series in a scatter plot. */
    static final int MAX_POINTS = 5_000;

    private final int width;
    private final int height;

    Charts(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** NDB/K per evaluation with the alpha line (what NDB/K is by chance alone); null when no evaluation has NDB. */
    XYChart ndbFraction(List<Evaluation> history) {
        List<Evaluation> withNdb = history.stream().filter(e -> e.ndb() != null).toList();
        if (withNdb.isEmpty()) {
            return null;
        }
        XYChart chart = lineChart("NDB/K: share of bins whose proportion differs", "NDB/K");
        double alpha = withNdb.get(withNdb.size() - 1).ndb().alpha();
        addLine(chart, "NDB/K", withNdb, e -> e.ndb().ndbFraction(), GENERATED);
        addGuide(chart, "alpha = " + Verdict.format(alpha) + " (expected by chance)", withNdb, alpha);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        return chart;
    }

    /** JS divergence of the bin histograms per evaluation; null when no evaluation has NDB. */
    XYChart js(List<Evaluation> history) {
        List<Evaluation> withNdb = history.stream().filter(e -> e.ndb() != null).toList();
        if (withNdb.isEmpty()) {
            return null;
        }
        XYChart chart = lineChart("Jensen-Shannon divergence of bin histograms", "JS divergence (nats, at most ln 2)");
        addLine(chart, "JS (reference vs generated)", withNdb, e -> e.ndb().js(), GENERATED);
        chart.getStyler().setYAxisMin(0.0);
        setNiceYMax(chart, withNdb.stream().mapToDouble(e -> e.ndb().js()).max().orElse(0));
        chart.getStyler().setYAxisDecimalPattern("0.#####");
        return chart;
    }

    /** FSD per evaluation with its noise floor where known; null when no evaluation has FSD. */
    XYChart fsd(List<Evaluation> history) {
        List<Evaluation> withFsd = history.stream()
                .filter(e -> e.fsd() != null && Double.isFinite(e.fsd().distance()))
                .toList();
        if (withFsd.isEmpty()) {
            return null;
        }
        XYChart chart = lineChart("Fréchet segmentation distance (FSD)", "FSD (class area in percent)");
        addLine(chart, "FSD (reference vs generated)", withFsd, e -> e.fsd().distance(), GENERATED);
        List<Evaluation> withFloor =
                withFsd.stream().filter(e -> Double.isFinite(e.fsdNoiseFloor())).toList();
        if (!withFloor.isEmpty()) {
            XYSeries floor =
                    addLine(chart, "noise floor (reference vs reference)", withFloor, Evaluation::fsdNoiseFloor, GUIDE);
            floor.setLineStyle(DASHED);
        }
        boolean positive = withFsd.stream().allMatch(e -> e.fsd().distance() > 0)
                && withFloor.stream().allMatch(e -> e.fsdNoiseFloor() > 0);
        if (positive) {
            // FSD falls by orders of magnitude from iteration 0 and sits orders above its floor: only a log axis
            // shows the first evaluation, the healthy phase and the noise floor at once
            chart.getStyler().setYAxisLogarithmic(true);
            chart.setYAxisTitle("FSD (class area in percent), log scale");
        } else {
            chart.getStyler().setYAxisMin(0.0);
            setNiceYMax(
                    chart,
                    withFsd.stream()
                            .mapToDouble(e -> Math.max(
                                    e.fsd().distance(), Double.isFinite(e.fsdNoiseFloor()) ? e.fsdNoiseFloor() : 0))
                            .max()
                            .orElse(0));
        }
        return chart;
    }

    /**
     * Fréchet distance on the feature extractor's features per evaluation, with its noise floor where known (log
     * scale when all values are positive, as for FSD); null when no evaluation has feature metrics.
     */
    XYChart featureFrechet(List<Evaluation> history) {
        List<Evaluation> with = history.stream()
                .filter(e -> e.features() != null
                        && Double.isFinite(e.features().frechet().distance()))
                .toList();
        if (with.isEmpty()) {
            return null;
        }
        String extractor = with.get(with.size() - 1).features().extractor();
        XYChart chart = lineChart("Fréchet distance on " + extractor + " features", "Fréchet distance");
        addLine(
                chart,
                "reference vs generated",
                with,
                e -> e.features().frechet().distance(),
                GENERATED);
        List<Evaluation> withFloor = with.stream()
                .filter(e -> Double.isFinite(e.features().frechetNoiseFloor()))
                .toList();
        if (!withFloor.isEmpty()) {
            XYSeries floor = addLine(
                    chart,
                    "noise floor (reference vs reference)",
                    withFloor,
                    e -> e.features().frechetNoiseFloor(),
                    GUIDE);
            floor.setLineStyle(DASHED);
        }
        boolean positive = with.stream().allMatch(e -> e.features().frechet().distance() > 0)
                && withFloor.stream().allMatch(e -> e.features().frechetNoiseFloor() > 0);
        if (positive) {
            chart.getStyler().setYAxisLogarithmic(true);
            chart.setYAxisTitle("Fréchet distance, log scale");
        } else {
            chart.getStyler().setYAxisMin(0.0);
        }
        return chart;
    }

    /** KID per evaluation (mean over subsets); null when no evaluation has KID. */
    XYChart kid(List<Evaluation> history) {
        List<Evaluation> with = history.stream()
                .filter(e -> e.features() != null && e.features().kid() != null)
                .toList();
        if (with.isEmpty()) {
            return null;
        }
        XYChart chart = lineChart(
                "KID on " + with.get(with.size() - 1).features().extractor() + " features", "KID (unbiased MMD^2)");
        addLine(chart, "KID, mean over subsets", with, e -> e.features().kid().kid(), GENERATED);
        addLine(
                        chart,
                        "standard deviation over subsets",
                        with,
                        e -> e.features().kid().kidStd(),
                        GUIDE)
                .setLineStyle(DASHED);
        chart.getStyler().setYAxisDecimalPattern("0.####");
        return chart;
    }

    /** Precision, recall, density and coverage per evaluation; null when no evaluation has them. */
    XYChart prdc(List<Evaluation> history) {
        List<Evaluation> with = history.stream()
                .filter(e -> e.features() != null && e.features().prdc() != null)
                .toList();
        if (with.isEmpty()) {
            return null;
        }
        XYChart chart = lineChart(
                "Precision, recall, density, coverage on "
                        + with.get(with.size() - 1).features().extractor() + " features (k = "
                        + with.get(with.size() - 1).features().prdc().k() + ")",
                "share (density: balls per sample / k)");
        addLine(chart, "precision", with, e -> e.features().prdc().precision(), OVER);
        addLine(chart, "recall", with, e -> e.features().prdc().recall(), GENERATED_POINTS);
        addLine(chart, "density", with, e -> e.features().prdc().density(), GUIDE);
        addLine(chart, "coverage", with, e -> e.features().prdc().coverage(), DIFFERENT);
        chart.getStyler().setYAxisMin(0.0);
        setNiceYMax(
                chart,
                Math.max(
                        1.0,
                        with.stream()
                                .mapToDouble(e -> e.features().prdc().density())
                                .max()
                                .orElse(1)));
        return chart;
    }

    /**
     * Share of reference samples per bin with +-1 standard error, se = sqrt(p (1 - p) / n_ref) (the error bars
     * of the NDB paper's bin-proportion plots), and the generated share, statistically different bins in red.
     */
    CategoryChart binProportions(NdbResult ndb, long iteration) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(width)
                .height(height + 60)
                .title("Bin proportions at iteration " + count(iteration) + " (" + ndb.ndb() + " of " + ndb.bins()
                        + " bins differ, " + ndb.missingBins().length + " missing)")
                .xAxisTitle("NDB bin (largest reference bin first)")
                .yAxisTitle("share of samples")
                .build();
        style(chart.getStyler());
        int k = ndb.bins();
        double[] ref = ndb.referenceProportions();
        double[] gen = ndb.generatedProportions();
        boolean[] different = ndb.different();
        List<Integer> bins = new ArrayList<>();
        List<Double> refShare = new ArrayList<>();
        List<Double> se = new ArrayList<>();
        List<Double> same = new ArrayList<>();
        List<Double> differs = new ArrayList<>();
        List<Double> missing = new ArrayList<>();
        for (int b = 0; b < k; b++) {
            bins.add(b);
            refShare.add(ref[b]);
            se.add(Math.sqrt(ref[b] * (1 - ref[b]) / ndb.referenceSize()));
            same.add(different[b] ? null : gen[b]);
            differs.add(different[b] && !ndb.isMissing(b) ? gen[b] : null);
            missing.add(ndb.isMissing(b) ? gen[b] : null);
        }
        CategorySeries reference = chart.addSeries("reference (+-1 s.e.)", bins, refShare, se);
        reference.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar);
        reference.setFillColor(REFERENCE);
        reference.setLineColor(REFERENCE);
        reference.setMarkerColor(REFERENCE);
        if (same.stream().anyMatch(v -> v != null)) {
            scatter(chart.addSeries("generated, not different", bins, same), GENERATED, SeriesMarkers.CIRCLE);
        }
        if (differs.stream().anyMatch(v -> v != null)) {
            scatter(
                    chart.addSeries("generated, different (p < " + Verdict.format(ndb.alpha()) + ")", bins, differs),
                    DIFFERENT,
                    SeriesMarkers.DIAMOND);
        }
        if (missing.stream().anyMatch(v -> v != null)) {
            scatter(
                    chart.addSeries(
                            "generated, missing (< " + NdbResult.missingShareFraction() + " share)", bins, missing),
                    MISSING,
                    SeriesMarkers.TRIANGLE_DOWN);
        }
        AxesChartStyler s = chart.getStyler();
        s.setErrorBarsColor(Color.DARK_GRAY);
        s.setYAxisMin(0.0);
        s.setMarkerSize(9);
        s.setYAxisDecimalPattern("0.###");
        if (k > 25) {
            s.setXAxisMaxLabelCount(25);
        }
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setOverlapped(true);
        return chart;
    }

    /**
     * Generated over reference mean area of each class on a log2 scale, classes ordered by their reference share
     * (as Fig. 1a of Bau et al., ICCV 2019); null when no class has a reference share. A bar's height is
     * log2(generated / reference) = log2(1 + relative delta): halving and doubling are equally long, so a class
     * at -92% (-3.6) is not hidden by one at +4,400% (+5.5), as it is on a linear percent scale. Ratios below
     * 2^{@value #LOG2_FLOOR} (including classes never generated) end at that floor, whose tick reads "never".
     */
    CategoryChart fsdClasses(FsdResult fsd, long iteration) {
        double[] delta = fsd.relativeDeltas();
        double[] share = fsd.referenceMean();
        List<String> labels = new ArrayList<>();
        List<Double> under = new ArrayList<>();
        List<Double> over = new ArrayList<>();
        double low = -1;
        double high = 1;
        for (int c : fsd.classesByReferenceShare()) {
            if (Double.isNaN(delta[c]) || labels.size() == MAX_CLASSES) {
                continue;
            }
            double y = log2Ratio(delta[c]);
            labels.add(fsd.classes().get(c) + " (" + shareLabel(share[c]) + ")");
            under.add(y < 0 ? y : null);
            over.add(y >= 0 ? y : null);
            low = Math.min(low, y);
            high = Math.max(high, y);
        }
        if (labels.isEmpty()) {
            return null;
        }
        long shown = labels.size();
        long withShare =
                java.util.Arrays.stream(delta).filter(d -> !Double.isNaN(d)).count();
        CategoryChart chart = new CategoryChartBuilder()
                .width(width)
                .height(height + (shown > 6 ? 180 : 60))
                .title("Generated vs reference area per class at iteration " + count(iteration)
                        + (withShare > shown ? " (" + shown + " most common of " + withShare + " classes)" : ""))
                .xAxisTitle("class (share of reference pixels), most common first")
                .yAxisTitle("generated / reference area (log scale)")
                .build();
        style(chart.getStyler());
        if (under.stream().anyMatch(v -> v != null)) {
            CategorySeries s = chart.addSeries("generated less than reference (bottom = never)", labels, under);
            s.setFillColor(DIFFERENT);
        }
        if (over.stream().anyMatch(v -> v != null)) {
            CategorySeries s = chart.addSeries("generated more than reference", labels, over);
            s.setFillColor(OVER);
        }
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setAvailableSpaceFill(0.7);
        chart.getStyler().setYAxisMin(Math.floor(low)).setYAxisMax(Math.ceil(high));
        chart.getStyler().setyAxisTickLabelsFormattingFunction(Charts::ratioLabel);
        if (labels.size() > 6) {
            chart.getStyler().setXAxisLabelRotation(90);
            chart.getStyler().setXAxisLabelAlignmentVertical(AxesChartStyler.TextAlignment.Right);
        }
        return chart;
    }

    /**
     * Mean area per class in percent, reference bars next to generated bars, most common reference class first (at
     * most {@link #MAX_CLASSES}): with a classifier as segmenter (one "pixel" per image), the share of images per class.
     */
    CategoryChart classShares(FsdResult fsd, long iteration) {
        double[] ref = fsd.referenceMean();
        double[] gen = fsd.generatedMean();
        List<String> labels = new ArrayList<>();
        List<Double> refShare = new ArrayList<>();
        List<Double> genShare = new ArrayList<>();
        for (int c : fsd.classesByReferenceShare()) {
            if (labels.size() == MAX_CLASSES) {
                break;
            }
            labels.add(fsd.classes().get(c));
            refShare.add(ref[c]);
            genShare.add(gen[c]);
        }
        if (labels.isEmpty()) {
            return null;
        }
        CategoryChart chart = new CategoryChartBuilder()
                .width(width)
                .height(height + (labels.size() > 6 ? 120 : 40))
                .title("Share per class at iteration " + count(iteration) + ": generated vs reference")
                .xAxisTitle("class, most common in the reference first")
                .yAxisTitle("mean share (percent)")
                .build();
        style(chart.getStyler());
        chart.addSeries("reference", labels, refShare).setFillColor(REFERENCE);
        chart.addSeries("generated", labels, genShare).setFillColor(GENERATED);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("0.#");
        if (labels.size() > 6) {
            chart.getStyler().setXAxisLabelRotation(90);
            chart.getStyler().setXAxisLabelAlignmentVertical(AxesChartStyler.TextAlignment.Right);
        }
        return chart;
    }

    /** Lowest log2 ratio the class chart draws: 1/128 of the reference area; less (or never) is drawn here. */
    static final int LOG2_FLOOR = -7;

    /** log2(1 + relativeDelta), the class chart's bar height, at least {@link #LOG2_FLOOR}. */
    static double log2Ratio(double relativeDelta) {
        double ratio = 1 + relativeDelta;
        return ratio <= 0 ? LOG2_FLOOR : Math.max(LOG2_FLOOR, Math.log(ratio) / Math.log(2));
    }

    /** Tick label of the class chart's log2 axis: "1x", "4x", "1/8x", "never" at the floor. */
    static String ratioLabel(double log2) {
        if (log2 <= LOG2_FLOOR + 1e-9) {
            return "never";
        }
        double ratio = Math.pow(2, log2);
        return ratio >= 1 ? times(ratio) + "x" : "1/" + times(1 / ratio) + "x";
    }

    private static String times(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-6
                ? String.format(Locale.ROOT, "%,d", Math.round(v))
                : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Real vs generated 2-D points; real points in the given highlighted rows get their own series. */
    XYChart scatter(double[][] real, double[][] generated, boolean[] realHighlighted, String highlightName) {
        int side = Math.max(height, Math.min(width, 700));
        XYChart chart = new XYChartBuilder()
                .width(side)
                .height(side)
                .title("Real vs generated samples")
                .xAxisTitle("x")
                .yAxisTitle("y")
                .build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        List<double[]> plain = new ArrayList<>();
        List<double[]> highlighted = new ArrayList<>();
        for (int i = 0; i < real.length; i++) {
            (realHighlighted != null && realHighlighted[i] ? highlighted : plain).add(real[i]);
        }
        addPoints(chart, "real", plain, REAL_POINTS);
        addPoints(chart, highlightName, highlighted, DIFFERENT);
        addPoints(chart, "generated", List.of(generated), GENERATED_POINTS);
        return chart;
    }

    private void addPoints(XYChart chart, String name, List<double[]> points, Color colour) {
        if (points.isEmpty()) {
            return;
        }
        int n = Math.min(points.size(), MAX_POINTS);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double[] point = points.get((int) ((long) i * points.size() / n)); // evenly spaced when capped
            x[i] = point[0];
            y[i] = point[1];
        }
        String label = points.size() > n ? name + " (" + count(n) + " of " + count(points.size()) + " shown)" : name;
        XYSeries s = chart.addSeries(label, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 170));
    }

    private XYChart lineChart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle("training iteration")
                .yAxisTitle(yTitle)
                .build();
        style(chart.getStyler());
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        return chart;
    }

    private static XYSeries addLine(
            XYChart chart,
            String name,
            List<Evaluation> evaluations,
            ToDoubleFunction<Evaluation> value,
            Color colour) {
        double[] x = new double[evaluations.size()];
        double[] y = new double[evaluations.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = evaluations.get(i).iteration();
            y[i] = value.applyAsDouble(evaluations.get(i));
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        if (x.length > 1) {
            labelEvery(chart, labelStep(x[x.length - 1] - x[0]));
        }
        return s;
    }

    /** Most x-axis labels a line chart prints, however many evaluations (XChart may put a tick at each). */
    static final int MAX_X_LABELS = 10;

    /** The smallest 1, 2 or 5 x 10^n that labels a range of iterations, both ends included, with at most {@link #MAX_X_LABELS}. */
    static double labelStep(double range) {
        if (!(range > 0)) {
            return 1;
        }
        double decade = Math.pow(10, Math.floor(Math.log10(range / MAX_X_LABELS)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (range / (step * decade) < MAX_X_LABELS) {
                return Math.max(1, step * decade);
            }
        }
        return 10 * decade;
    }

    /** Prints x tick labels only at multiples of {@code step} (iterations, "#,##0"); other ticks stay unlabelled. */
    private static void labelEvery(XYChart chart, double step) {
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
            double k = v / step;
            return Math.abs(k - Math.rint(k)) < 1e-9
                    ? String.format(Locale.ROOT, "%,d", Math.round(v))
                    : " "; // " ": XChart measures every tick label, and an empty one throws
        });
    }

    /** A dashed horizontal line across the evaluations' iteration range. */
    private static void addGuide(XYChart chart, String name, List<Evaluation> evaluations, double y) {
        double first = evaluations.get(0).iteration();
        double last = evaluations.get(evaluations.size() - 1).iteration();
        XYSeries s = chart.addSeries(name, new double[] {first, last}, new double[] {y, y});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(GUIDE);
        s.setLineStyle(DASHED);
    }

    private static void scatter(CategorySeries s, Color colour, org.knowm.xchart.style.markers.Marker marker) {
        s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(colour);
    }

    /**
     * Sets the y axis maximum to the next "nice" value (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten)
     * above the data, so that XChart places round ticks even for a single evaluation.
     */
    static void setNiceYMax(XYChart chart, double max) {
        if (max > 0 && Double.isFinite(max)) {
            chart.getStyler().setYAxisMax(niceCeiling(max * 1.05));
        }
    }

    static double niceCeiling(double v) {
        double decade = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * decade >= v) {
                return step * decade;
            }
        }
        return 10 * decade;
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String shareLabel(double percent) {
        return percent >= 10
                ? String.format(Locale.ROOT, "%.0f%%", percent)
                : percent >= 0.1
                        ? String.format(Locale.ROOT, "%.1f%%", percent)
                        : String.format(Locale.ROOT, "%.2g%%", percent);
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.LIGHT_GRAY);
        s.setPlotGridLinesColor(new Color(0xE3, 0xE3, 0xE3));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setAntiAlias(true);
        s.setLocale(Locale.ROOT);
    }
}
