package io.github.modewatch.io;

/**
 * A user-supplied file or value is not what ModeWatch expects.
 *
 * <p>The message is one line that names the file or flag, the value found and what is expected, e.g.
 * {@code --real data.npy: expected a 2-D array (samples x features), got shape (100)}. The CLI prints it
 * as-is and exits with status 2.
 */
public class InvalidInputException extends IllegalArgumentException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
