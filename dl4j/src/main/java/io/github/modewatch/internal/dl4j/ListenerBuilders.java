package io.github.modewatch.internal.dl4j;

import io.github.modewatch.dl4j.ModeWatchBuilder;
import java.util.function.Supplier;

/**
 * How {@code io.github.modewatch.ModeWatch.listener()}, in another package, gets a {@link ModeWatchBuilder}
 * whose constructor is package-private: {@code ModeWatchBuilder}'s static initialiser installs its factory here.
 * This keeps {@code ModeWatch.listener()} the only public way to start a listener (the "shared secrets" pattern
 * of the JDK's {@code jdk.internal.access} and OkHttp's {@code okhttp3.internal.Internal}). Internal: not API.
 */
public final class ListenerBuilders {
    private static volatile Supplier<ModeWatchBuilder> factory;

    private ListenerBuilders() {}

    /**
     * Installs the factory; called once, by {@code ModeWatchBuilder}'s static initialiser.
     *
     * @throws IllegalStateException when a factory is already installed
     */
    public static synchronized void install(Supplier<ModeWatchBuilder> builders) {
        if (factory != null) {
            throw new IllegalStateException("a ModeWatchBuilder factory is already installed");
        }
        factory = builders;
    }

    /** A new builder, as {@code ModeWatch.listener()} returns it. */
    public static ModeWatchBuilder newBuilder() {
        Supplier<ModeWatchBuilder> f = factory;
        if (f == null) {
            try { // runs ModeWatchBuilder's static initialiser, which installs the factory
                Class.forName(ModeWatchBuilder.class.getName(), true, ModeWatchBuilder.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("cannot load " + ModeWatchBuilder.class.getName(), e);
            }
            f = factory;
        }
        return f.get();
    }
}
