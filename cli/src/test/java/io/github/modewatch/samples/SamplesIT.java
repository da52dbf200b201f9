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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke-runs each program of samples/ (compiled with the tests) for a few iterations. */
class SamplesIT {
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
        assertThat(out).contains("metrics: http://127.0.0.1:").contains("iteration 0: NDB/K").contains("iteration 250: NDB/K")
                .contains("iteration 259: NDB/K");
    }

    @Test
    void pushgatewayBatchJobPushesToARealGateway() throws Exception {
        try (PushgatewayProcess gateway = PushgatewayProcess.start(ExternalTools.require(ExternalTools.PUSHGATEWAY))) {
            String out = run("PushgatewayBatchJob", "210", gateway.address());
            assertThat(out).contains("push failures: 0");
            assertThat(gateway.metrics()).contains("modewatch_ndb_fraction{").contains("run=\"grid25-batch\"")
                    .containsPattern("modewatch_evaluation_iteration\\{[^}]*job=\"modewatch\",model=\"mlp-gan\",run=\"grid25-batch\"} 209\\b");
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
        assertThat(out).contains("read 2000 images").contains("iteration 100: NDB/K").contains("FSD");
    }

    @Test
    void graphGanEvaluatesTheNamedGeneratorVertex() throws Exception {
        assertThat(run("GraphGan", "260")).contains("iteration 250: NDB/K");
    }
}
