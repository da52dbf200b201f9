package io.github.modewatch.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modewatch.testing.ExternalTools;
import io.github.modewatch.testing.PushgatewayProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke-runs each program of samples/ (compiled with the tests) for a few iterations. */
class SamplesIT {
    /** One evaluation line of the GAN samples: {@code iteration 250: NDB/K 0.75, JS 0.011}. */
    private static final Pattern EVALUATION = Pattern.compile("(?m)^iteration (\\d+): NDB/K ([0-9.]+), JS ([0-9.]+)$");
    /** The GAN samples' last line: {@code final: NDB/K 0.75 (6 of 8 bins differ), JS 0.011, missing bins: none}. */
    private static final Pattern FINAL = Pattern.compile(
            "(?m)^final: NDB/K [0-9.]+ \\(\\d+ of 8 bins differ\\), JS [0-9.]+, missing bins: (none|\\[[0-9, ]+\\])$");

    @TempDir
    Path tmp;

    /** Runs {@code className.main(args)} and returns what it printed. */
    private static String run(String className, String... args) throws Exception {
        Method main = Class.forName(className).getMethod("main", String[].class);
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        original.print(printed);
        return printed;
    }

    @Test
    void ganWithListenerServesMetricsAndPrintsEvaluations() throws Exception {
        String out = run("GanWithListener", "260", String.valueOf(ExternalTools.freeLoopbackPort()));
        assertThat(out)
                .contains("metrics: http://127.0.0.1:")
                .contains("iteration 0: NDB/K")
                .contains("iteration 250: NDB/K")
                .contains("iteration 259: NDB/K");
        assertTheGanLearns("GanWithListener", out);
    }

    /**
     * The sample's GAN learns: the JS divergence of the bin histograms at its last evaluation is below the first
     * (an untrained generator puts its points in a small blob, a learning one spreads them over the ring's modes),
     * and it prints its final NDB/K and missing bins.
     */
    private static void assertTheGanLearns(String sample, String out) {
        List<double[]> evaluations = new ArrayList<>(); // {iteration, NDB/K, JS}
        Matcher m = EVALUATION.matcher(out);
        while (m.find()) {
            evaluations.add(new double[] {
                Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))
            });
        }
        assertThat(evaluations).as("%s's evaluation lines", sample).hasSizeGreaterThanOrEqualTo(2);
        double[] first = evaluations.get(0);
        double[] last = evaluations.get(evaluations.size() - 1);
        System.out.printf(
                "%s: JS %.3f at iteration %.0f (first) -> %.3f at iteration %.0f (final)%n",
                sample, first[2], first[0], last[2], last[0]);
        assertThat(last[0]).as("the final evaluation comes last").isGreaterThan(first[0]);
        assertThat(last[2]).as("%s's final JS (first was %s)", sample, first[2]).isLessThan(first[2]);
        assertThat(out).containsPattern(FINAL);
    }

    @Test
    void pushgatewayBatchJobPushesToARealGateway() throws Exception {
        try (PushgatewayProcess gateway = PushgatewayProcess.start(ExternalTools.require(ExternalTools.PUSHGATEWAY))) {
            String out = run("PushgatewayBatchJob", "210", gateway.address());
            assertThat(out).contains("push failures: 0");
            assertThat(gateway.metrics())
                    .contains("modewatch_ndb_fraction{")
                    .contains("run=\"grid25-batch\"")
                    .containsPattern(
                            "modewatch_evaluation_iteration\\{[^}]*job=\"modewatch\",model=\"mlp-gan\",run=\"grid25-batch\"} 209\\b");
        }
    }

    @Test
    void referenceFromImagesSavesAndReloadsBothReferences() throws Exception {
        Path images = tmp.resolve("images");
        Path refs = tmp.resolve("refs");
        String out = run("ReferenceFromImages", images.toString(), refs.toString(), "101");
        assertThat(Files.list(images).count()).isEqualTo(2_000);
        assertThat(refs.resolve("ndb-reference.npz")).isNotEmptyFile();
        assertThat(refs.resolve("fsd-reference.npz")).isNotEmptyFile();
        assertThat(out)
                .contains("read 2000 images")
                .contains("iteration 100: NDB/K")
                .contains("FSD");
    }

    @Test
    void graphGanEvaluatesTheNamedGeneratorVertex() throws Exception {
        String out = run("GraphGan", "260");
        assertThat(out).contains("iteration 250: NDB/K");
        assertTheGanLearns("GraphGan", out);
    }
}
