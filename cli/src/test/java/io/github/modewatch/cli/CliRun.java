package io.github.modewatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of the command line in-process: exit status and what it printed (the CLI tests' shared runner).
 *
 * @param status exit status ({@link Main#EXIT_BAD_INPUT} for bad input)
 * @param out    standard output
 * @param err    standard error
 */
record CliRun(int status, String out, String err) {

    /** Runs {@code modewatch args...} through {@link Main#run} (no System.exit). */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(status, out.toString(), err.toString());
    }
}
