package io.github.modewatch.demo;

import io.github.modewatch.monitor.Evaluation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a demo run produced.
 *
 * @param report  the report's {@code index.html} (absolute)
 * @param history the evaluations, oldest first
 * @param elapsed wall time of the run (data, reference fit, training, evaluations, report)
 */
public record DemoResult(Path report, List<Evaluation> history, Duration elapsed) {
    public DemoResult {
        history = List.copyOf(history);
    }

    /** The last evaluation (after the last iteration), if any. */
    public Optional<Evaluation> latest() {
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }
}
