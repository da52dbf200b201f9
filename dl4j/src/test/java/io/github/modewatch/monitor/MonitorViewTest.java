package io.github.modewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modewatch.internal.monitor.MonitorState;
import io.github.modewatch.metrics.frechet.FrechetResult;
import io.github.modewatch.metrics.ndb.NdbResult;
import io.github.modewatch.metrics.segmentation.FsdResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The read-only {@link Monitor} view, the {@link FailureKind} labels, and {@link Evaluation}'s value equality. */
class MonitorViewTest {

    /**
     * The exported {@code kind} label values are a contract with dashboards/ and users' alert rules; they are the
     * strings the evaluator, the listener and the Pushgateway publisher counted before the enum existed.
     */
    @Test
    void failureKindLabelsAreTheExportedLabelValues() {
        assertThat(Arrays.stream(FailureKind.values()).map(FailureKind::label))
                .containsExactly(
                        "sampling",
                        "nonfinite",
                        "ndb",
                        "fsd",
                        "features",
                        "snapshot",
                        "evaluation",
                        "listener",
                        "push");
        for (FailureKind k : FailureKind.values()) {
            assertThat(FailureKind.ofLabel(k.label())).isSameAs(k);
            assertThat(k).hasToString(k.label());
        }
        assertThatThrownBy(() -> FailureKind.ofLabel("Push"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "failure kind = \"Push\": unknown; expected one of sampling, nonfinite, ndb, fsd, features, snapshot, "
                                + "evaluation, listener, push");
    }

    /** Every {@code kind="..."} matcher in the shipped dashboards and alert rules names a kind ModeWatch counts. */
    @Test
    void kindLabelsUsedInDashboardsAreFailureKinds() throws Exception {
        Path root = Path.of(System.getProperty("modewatch.root", "..")).resolve("dashboards");
        Pattern kind = Pattern.compile("kind\\s*!?=~?\\s*\\\\?\"([a-z]+)\\\\?\"");
        Set<String> used = new LinkedHashSet<>();
        List<Path> files;
        try (var walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).toList();
        }
        for (Path f : files) {
            Matcher m = kind.matcher(Files.readString(f));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(used).as("kind label values in " + root).isNotEmpty();
        for (String label : used) {
            assertThat(FailureKind.ofLabel(label).label()).isEqualTo(label);
        }
    }

    @Test
    void theViewReadsWhatTheStateRecordsAndItsSnapshotsDoNotChangeLater() {
        MonitorState state = new MonitorState(2);
        Monitor view = state;
        List<FailureKind> seen = new ArrayList<>();
        view.onFailure(seen::add);
        state.recordFailure(FailureKind.PUSH);
        state.recordFailure(FailureKind.SAMPLING);
        state.recordFailure(FailureKind.PUSH);

        Map<FailureKind, Long> failures = view.failures();
        assertThat(failures).containsExactly(Map.entry(FailureKind.SAMPLING, 1L), Map.entry(FailureKind.PUSH, 2L));
        assertThat(view.failures(FailureKind.NDB)).isZero();
        assertThat(seen).containsExactly(FailureKind.PUSH, FailureKind.SAMPLING, FailureKind.PUSH);
        assertThatThrownBy(() -> failures.put(FailureKind.NDB, 1L)).isInstanceOf(UnsupportedOperationException.class);
        state.recordFailure(FailureKind.NDB);
        assertThat(failures).doesNotContainKey(FailureKind.NDB);
        assertThatThrownBy(() -> state.recordFailure(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failure kind is null");

        List<Evaluation> history = view.history();
        state.recordEvaluation(evaluation(0, 0.5));
        state.recordEvaluation(evaluation(10, 0.25));
        state.recordEvaluation(evaluation(20, 0.75));
        assertThat(history).isEmpty();
        assertThat(view.history()).extracting(Evaluation::iteration).containsExactly(10L, 20L);
        assertThat(view.evaluations()).isEqualTo(3);
        assertThat(view.ndbFractionBest()).isEqualTo(0.25);
        assertThat(view.ndbFractionRecentMin()).isEqualTo(0.25);
        assertThatThrownBy(() -> view.history().add(evaluation(30, 0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void evaluationsWithEqualResultsAreEqual() {
        Evaluation a = evaluation(10, 0.5);
        Evaluation b = evaluation(10, 0.5);
        assertThat(a.ndb()).isNotSameAs(b.ndb());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(evaluation(10, 0.25));
        assertThat(withFsd(new double[] {60, 40}))
                .isEqualTo(withFsd(new double[] {60, 40}))
                .hasSameHashCodeAs(withFsd(new double[] {60, 40}))
                .isNotEqualTo(withFsd(new double[] {60, 40.000001}));
    }

    /** K = 4, {@code fraction * 4} bins different. */
    private static Evaluation evaluation(long iteration, double fraction) {
        int ndb = (int) Math.round(fraction * 4);
        boolean[] different = new boolean[4];
        for (int i = 0; i < ndb; i++) {
            different[i] = true;
        }
        NdbResult r = new NdbResult(
                4,
                ndb,
                0.01 * ndb,
                0.05,
                400,
                100,
                new double[] {0.4, 0.3, 0.2, 0.1},
                new double[] {0.1, 0.2, 0.3, 0.4},
                new double[] {3, 1, -1, -3},
                new double[] {0.001, 0.3, 0.3, 0.001},
                different);
        return new Evaluation(iteration, Instant.EPOCH, Duration.ofMillis(5), r, null, Double.NaN);
    }

    private static Evaluation withFsd(double[] generated) {
        FsdResult fsd = new FsdResult(
                new FrechetResult(1.5, 1, 0.5, 0, 2),
                List.of("sky", "road"),
                new double[] {50, 50},
                generated,
                200,
                100);
        return new Evaluation(5, Instant.EPOCH, Duration.ofMillis(5), null, fsd, 2.0);
    }
}
