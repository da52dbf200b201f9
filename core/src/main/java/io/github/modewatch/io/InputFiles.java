package io.github.modewatch.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checks every reader runs before it opens a file, so that a missing file, a directory and an empty file
 * get the same message whichever flag or format they were given for.
 */
final class InputFiles {
    private InputFiles() {}

    /**
     * Fails unless {@code file} is a regular file with at least one byte.
     *
     * @param expected what the file should be, for the empty-file message, e.g. "a file written by numpy.save"
     */
    static void requireNonEmptyFile(Path file, String expected) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file + ": is a directory; expected a file (pass the path of a file in it)");
        }
        if (!Files.exists(file)) {
            throw new InvalidInputException(file + ": file not found");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (size == 0 && Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": the file is empty (0 bytes); expected " + expected
                    + " (was it still being written, or did the program that wrote it fail?)");
        }
    }
}
