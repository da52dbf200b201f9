package io.github.modewatch.dl4j;

import io.github.modewatch.monitor.FailureKind;

/** An evaluation step failed; {@link #kind()} is counted in the failure counter under its label. */
final class EvaluationFailure extends RuntimeException {
    private final FailureKind kind;

    EvaluationFailure(FailureKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    FailureKind kind() {
        return kind;
    }
}
