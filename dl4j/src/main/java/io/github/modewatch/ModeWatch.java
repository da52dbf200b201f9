package io.github.modewatch;

import io.github.modewatch.dl4j.ModeWatchBuilder;
import io.github.modewatch.dl4j.ModeWatchListener;
import io.github.modewatch.internal.dl4j.ListenerBuilders;

/**
 * Entry point: {@code ModeWatch.listener()} starts a {@link ModeWatchListener} builder. It is the only public
 * way to make a listener.
 */
public final class ModeWatch {
    private ModeWatch() {}

    /** A new builder for the training listener; see {@link ModeWatchBuilder}. */
    public static ModeWatchBuilder listener() {
        return ListenerBuilders.newBuilder();
    }
}
