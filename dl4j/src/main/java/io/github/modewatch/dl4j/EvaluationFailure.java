package io.github.modewatch.dl4j;

/** An evaluation step failed; {@link #kind()} becomes the {@code kind} label of the failure counter. */
final class EvaluationFailure extends RuntimeException {
    private final String kind;

    EvaluationFailure(String kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    String kind() {
        return kind;
    }
}
