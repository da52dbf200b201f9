package io.github.modewatch.metrics.ndb;

/** Receives progress of long computations (reference fits), e.g. to draw a progress bar. */
@FunctionalInterface
public interface Progress {
    /** Ignores all progress. */
    Progress NONE = (stage, done, total) -> {};

    /**
     * @param stage short description of the current stage, e.g. {@code "k-means"}
     * @param done  units of work done in this stage
     * @param total units of work of this stage (an upper bound for iterative stages)
     */
    void update(String stage, long done, long total);
}
