package io.github.modewatch.cli;

import io.github.modewatch.metrics.ndb.Progress;
import java.io.PrintWriter;

/**
 * A one-line progress display on stderr for long fits: redrawn in place on a terminal, one line per stage
 * (and at most every few seconds) when stderr is a file or pipe, silent with {@code --quiet}.
 */
final class ProgressBar implements Progress {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long LOG_NANOS = 5_000_000_000L;
    private final PrintWriter err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private String stage = "";
    private long lastDraw;

    ProgressBar(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    static Progress forStderr(PrintWriter err, boolean quiet) {
        return quiet ? Progress.NONE : new ProgressBar(err, System.console() != null);
    }

    @Override
    public void update(String stage, long done, long total) {
        long now = System.nanoTime();
        boolean newStage = !stage.equals(this.stage);
        boolean finished = done >= total;
        if (!newStage && !finished && now - lastDraw < (terminal ? REDRAW_NANOS : LOG_NANOS)) {
            return;
        }
        lastDraw = now;
        if (newStage && terminal && !this.stage.isEmpty()) {
            err.println();
        }
        this.stage = stage;
        double seconds = (now - start) / 1e9;
        String line;
        if (total > 0) {
            int width = 30;
            int filled = (int) Math.min(width, width * done / total);
            line = String.format(
                    "%-26s [%s%s] %d/%d  %.1fs",
                    stage, "#".repeat(filled), ".".repeat(width - filled), done, total, seconds);
        } else {
            line = String.format("%-26s %d  %.1fs", stage, done, seconds);
        }
        if (terminal) {
            err.print("\r" + line);
            if (finished && stage.startsWith("assigning")) {
                err.println();
            }
        } else {
            err.println(line);
        }
        err.flush();
    }
}
