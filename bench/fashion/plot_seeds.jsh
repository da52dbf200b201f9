// Draws curves.csv (latent,seed,iteration,ndb_fraction,js,coverage) as three XChart line charts side by side: seeds.png.
import java.nio.file.*;
import java.util.*;
import org.knowm.xchart.*;
String dir = System.getProperty("seeds.dir");
List<String> lines = Files.readAllLines(Path.of(dir, "curves.csv"));
Map<String, List<double[]>> runs = new TreeMap<>();
for (String l : lines.subList(1, lines.size())) {
    String[] f = l.split(",");
    runs.computeIfAbsent("latent " + f[0] + ", seed " + f[1], k -> new ArrayList<>())
        .add(new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])});
}
List<XYChart> charts = new ArrayList<>();
String[] titles = {"NDB/K (K = 100)", "JS divergence of bin histograms (nats)", "coverage (classifier features, k = 5)"};
String[] axes = {"NDB/K", "JS", "coverage"};
for (int m = 1; m <= 3; m++) {
    XYChart c = new XYChartBuilder().width(520).height(400).title(titles[m - 1])
        .xAxisTitle("iteration").yAxisTitle(axes[m - 1]).build();
    for (var e : runs.entrySet()) {
        double[] x = e.getValue().stream().mapToDouble(r -> r[0]).toArray();
        final int col = m;
        double[] y = e.getValue().stream().mapToDouble(r -> r[col]).toArray();
        c.addSeries(e.getKey(), x, y);
    }
    charts.add(c);
}
BitmapEncoder.saveBitmap(charts, 1, 3, dir + "/seeds", BitmapEncoder.BitmapFormat.PNG);
/exit
