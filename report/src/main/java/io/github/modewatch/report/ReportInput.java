package io.github.modewatch.report;

import io.github.modewatch.monitor.Evaluation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a report shows: a run's evaluation history and, optionally, samples for the visual parts. Immutable.
 *
 * @param runName name of the run (the {@code run} tag of the exported metrics); shown HTML-escaped
 * @param history evaluations, any order (the report sorts them by iteration, stable); may be empty
 * @param samples real and generated samples of the latest evaluation, or null for a report of metrics only
 */
public record ReportInput(String runName, List<Evaluation> history, ReportSamples samples) {

    public ReportInput {
        if (runName == null || runName.isBlank()) {
            throw new IllegalArgumentException("runName is '" + runName + "': pass a name for the report's title, "
                    + "e.g. the run tag used in Prometheus");
        }
        if (history == null) {
            throw new IllegalArgumentException("history is null: pass an empty list when nothing was evaluated yet");
        }
        List<Evaluation> sorted = new ArrayList<>(history.size());
        for (int i = 0; i < history.size(); i++) {
            Evaluation e = history.get(i);
            if (e == null) {
                throw new IllegalArgumentException("history[" + i + "] is null: pass only finished evaluations");
            }
            sorted.add(e);
        }
        sorted.sort(Comparator.comparingLong(Evaluation::iteration));
        history = List.copyOf(sorted);
    }

    /** A report of the metrics only. */
    public static ReportInput of(String runName, List<Evaluation> history) {
        return new ReportInput(runName, history, null);
    }

    /** The same report with samples for the grids or scatter plots. */
    public ReportInput withSamples(ReportSamples samples) {
        return new ReportInput(runName, history, samples);
    }

    /** The evaluation with the highest iteration (the last of equals), if any. */
    public Optional<Evaluation> latest() {
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    public Optional<ReportSamples> sampleSet() {
        return Optional.ofNullable(samples);
    }
}
