package io.github.modewatch.dl4j;

import io.github.modewatch.internal.data.GaussianMixtures;
import io.github.modewatch.metrics.ndb.NdbReference;

/** Shared reference bins for listener tests. */
final class ModeWatchListenerTestSupport {
    private static NdbReference ring;

    private ModeWatchListenerTestSupport() {}

    /** Ring-8 bins, K = 8, fitted once per JVM. */
    static synchronized NdbReference ringReference() {
        if (ring == null) {
            ring = NdbReference.fit(GaussianMixtures.ring8(4_000, 7), 8);
        }
        return ring;
    }
}
