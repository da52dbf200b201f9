package io.github.modewatch.export;

import io.github.modewatch.metrics.features.FeatureResult;
import io.github.modewatch.metrics.features.KidResult;
import io.github.modewatch.metrics.features.PrdcResult;
import io.github.modewatch.metrics.frechet.FrechetResult;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.segmentation.FsdResult;
import io.github.modewatch.monitor.Evaluation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Hand-built evaluation results and scrape-text helpers for the export tests. */
final class Fixtures {
    private Fixtures() {}

    /** NDB over {@code ref.length} bins, {@code ndb} of them different (the first ones). */
    static NdbResult ndb(int ndb, double js, double[] ref, double[] gen) {
        int k = ref.length;
        double[] z = new double[k];
        double[] p = new double[k];
        boolean[] different = new boolean[k];
        for (int i = 0; i < k; i++) {
            different[i] = i < ndb;
            p[i] = different[i] ? 0.001 : 0.5;
            z[i] = different[i] ? 3.3 : 0.7;
        }
        return new NdbResult(k, ndb, js, 0.05, 4000, 1000, ref, gen, z, p, different);
    }

    static FsdResult fsd(double meanTerm, double covarianceTerm, List<String> classes, double[] ref, double[] gen) {
        FrechetResult frechet =
                new FrechetResult(meanTerm + covarianceTerm, meanTerm, covarianceTerm, 0.0, classes.size());
        return new FsdResult(frechet, classes, ref, gen, 2000, 1000);
    }

    static Evaluation evaluation(long iteration, Duration duration, NdbResult ndb, FsdResult fsd, double noiseFloor) {
        return new Evaluation(iteration, Instant.parse("2025-01-01T00:00:00Z"), duration, ndb, fsd, noiseFloor);
    }

    /**
     * The standard evaluation of the tests: K = 4 with 1 different bin (NDB/K = 0.25), JS 0.0125 nats;
     * FSD 12.5 = 2.5 + 10 over classes sky/tree/road; noise floor 3.25; iteration 1500, 1.5 s.
     */
    static Evaluation standard() {
        return evaluation(
                1500,
                Duration.ofMillis(1500),
                ndb(1, 0.0125, new double[] {0.4, 0.3, 0.2, 0.1}, new double[] {0.5, 0.25, 0.15, 0.1}),
                fsd(2.5, 10.0, List.of("sky", "tree", "road"), new double[] {50, 30, 20}, new double[] {60, 10, 30}),
                3.25);
    }

    /**
     * {@link #standard()} plus feature metrics on extractor {@code "inception"}: Fréchet 42.5 (noise floor 1.5),
     * KID 0.0123 +- 0.002, precision 0.8, recall 0.6, density 0.9, coverage 0.7 (k = 5).
     */
    static Evaluation standardWithFeatures() {
        Evaluation e = standard();
        FeatureResult features = new FeatureResult(
                "inception",
                new FrechetResult(42.5, 40.0, 2.5, 0.0, 2048),
                1.5,
                new KidResult(
                        0.0123, 0.002, new double[] {0.0103, 0.0143}, 1000, 3, 1.0 / 2048, 1.0, 5000, 5000, List.of()),
                new PrdcResult(0.8, 0.6, 0.9, 0.7, 5, new double[] {1, 2}, new double[] {1, 2}));
        return new Evaluation(
                e.iteration(), e.finishedAt(), e.duration(), e.ndb(), e.fsd(), e.fsdNoiseFloor(), features);
    }

    /** Sample lines (not comments) of a Prometheus text scrape whose metric name is exactly {@code name}. */
    static List<String> samples(String scrape, String name) {
        List<String> out = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                out.add(line);
            }
        }
        return out;
    }

    /** The value of the sample whose name and label text ({@code name{a="x",b="y"}}) are exactly given. */
    static Optional<Double> value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                String v = line.substring(series.length() + 1).trim().split(" ")[0];
                return Optional.of(Double.parseDouble(v));
            }
        }
        return Optional.empty();
    }
}
