package io.github.modewatch.monitor;

/**
 * What failed when an evaluation or an export step did not complete. Each kind is one row of the counter
 * {@code modewatch_evaluation_failures_total{kind="<label>"}}; the labels are part of the metric contract
 * (the {@code EvaluatorFailing} alert rule and the dashboard select on them), so {@link #label()} never changes
 * for an existing kind.
 */
public enum FailureKind {
    /** The generator threw or returned a wrongly shaped batch while drawing samples. */
    SAMPLING("sampling"),
    /** Every generated sample held NaN or infinite values: the generator has diverged. */
    NONFINITE("nonfinite"),
    /** NDB could not be computed (e.g. the generator's output width differs from the reference bins'). */
    NDB("ndb"),
    /** FSD could not be computed (e.g. the segmenter failed on the generated images). */
    FSD("fsd"),
    /** The feature metrics could not be computed (e.g. the extractor failed, or its output width changed). */
    FEATURES("features"),
    /** Copying the generator's parameters on the training thread failed. */
    SNAPSHOT("snapshot"),
    /** Any other error of an evaluation. */
    EVALUATION("evaluation"),
    /** An error inside the listener's {@code iterationDone} itself (kept out of {@code fit()}). */
    LISTENER("listener"),
    /** A push to the Prometheus Pushgateway failed (gateway down, timeout, HTTP error). */
    PUSH("push");

    private final String label;

    FailureKind(String label) {
        this.label = label;
    }

    /** The value of the {@code kind} label, e.g. {@code "sampling"}. */
    public String label() {
        return label;
    }

    /**
     * The kind whose {@link #label()} is {@code label}.
     *
     * @throws IllegalArgumentException for an unknown label, naming the known ones
     */
    public static FailureKind ofLabel(String label) {
        for (FailureKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        StringBuilder known = new StringBuilder();
        for (FailureKind k : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(k.label);
        }
        throw new IllegalArgumentException("failure kind = \"" + label + "\": unknown; expected one of " + known);
    }

    @Override
    public String toString() {
        return label;
    }
}
