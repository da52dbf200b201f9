package io.github.modewatch;

import io.github.modewatch.dl4j.ModeWatchBuilder;
import io.github.modewatch.dl4j.ModeWatchListener;

/**
 * Entry point: {@code ModeWatch.listener()} starts a {@link ModeWatchListener} builder.
 */
public final class ModeWatch {
    private ModeWatch() {
    }

    /** A builder for the training listener; see {@link ModeWatchBuilder}. */
    public static ModeWatchBuilder listener() {
        return ModeWatchListener.builder();
    }
}
