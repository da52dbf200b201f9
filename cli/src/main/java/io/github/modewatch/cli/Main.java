package io.github.modewatch.cli;

import io.github.modewatch.io.InvalidInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code modewatch} command line: {@code fit-reference}, {@code ndb}, {@code fsd}, {@code kid}, {@code prdc},
 * {@code demo}, {@code extract}.
 *
 * <p>Exit status: 0 on success, 2 on bad input (one line naming the file or flag, the value and what is
 * expected; a stack trace only with {@code --verbose}), 1 on an unexpected failure.
 */
@Command(
        name = "modewatch",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description =
                "See GAN mode collapse: NDB bins, NDB, Frechet (FSD/FID), KID and precision/recall/density/coverage from sample files.")
public final class Main implements java.util.concurrent.Callable<Integer> {
    /**
     * The subcommands, in help order. Registered in {@link #run(String[], PrintWriter, PrintWriter)} rather than
     * in the annotation so that a command line naming one builds only that one: picocli's reflection over all of
     * them took about 0.15 s of a 0.6 s {@code ndb} run (see the README's benchmark). Made by a switch, not method
     * references: each lambda's first use spins a class at run time, which short runs pay for.
     */
    private static final java.util.List<String> SUBCOMMANDS =
            java.util.List.of("fit-reference", "ndb", "fsd", "kid", "prdc", "demo", "extract");

    /** A new instance of the subcommand {@code name} (one of {@link #SUBCOMMANDS}). */
    private static Object subcommand(String name) {
        switch (name) {
            case "fit-reference":
                return new FitReferenceCommand();
            case "ndb":
                return new NdbCommand();
            case "fsd":
                return new FsdCommand();
            case "kid":
                return new KidCommand();
            case "prdc":
                return new PrdcCommand();
            case "demo":
                return new DemoCommand();
            case "extract":
                return new ExtractCommand();
            default:
                throw new IllegalArgumentException("unknown subcommand " + name);
        }
    }

    /** Exit status for bad input (picocli uses it for usage errors too). */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit status for an unexpected failure. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit status (used by tests, no System.exit). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        if (!verbose && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // keep ND4J's start-up banner quiet
        }
        CommandLine cli = commandLine(args.length == 0 ? "" : args[0]);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String prefix = "modewatch " + commandLine.getCommandName() + ": ";
            if (e instanceof IllegalArgumentException) { // InvalidInputException and argument checks
                commandLine.getErr().println(prefix + oneLine(e.getMessage()));
                if (verbose) {
                    e.printStackTrace(commandLine.getErr());
                }
                return EXIT_BAD_INPUT;
            }
            commandLine
                    .getErr()
                    .println(prefix + "failed: " + e + (verbose ? "" : " (run with --verbose for details)"));
            if (verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            return EXIT_FAILURE;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine c = e.getCommandLine();
            String name = c.getParent() == null ? "modewatch" : "modewatch " + c.getCommandName();
            c.getErr().println(name + ": " + oneLine(e.getMessage()) + " (see: " + name + " --help)");
            return EXIT_BAD_INPUT;
        });
        return cli.execute(args);
    }

    /**
     * The command line, ready to parse or execute: with only the subcommand {@code first} when it names one (see
     * {@link #SUBCOMMANDS}), otherwise with all of them and {@code help}.
     */
    static CommandLine commandLine(String first) {
        CommandLine cli = new CommandLine(new Main());
        if (SUBCOMMANDS.contains(first)) {
            cli.addSubcommand(first, subcommand(first));
        } else {
            for (String name : SUBCOMMANDS) {
                cli.addSubcommand(name, subcommand(name));
            }
            cli.addSubcommand("help", new CommandLine.HelpCommand());
        }
        return cli;
    }

    static String oneLine(String message) {
        return message == null
                ? "invalid input"
                : message.replace('\n', ' ').replace('\r', ' ').strip();
    }

    /** Fails with a bad-input message unless {@code condition}. */
    static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidInputException(message);
        }
    }

    /** Bare {@code modewatch}: no subcommand is a usage error, so scripts that forget one do not pass silently. */
    @Override
    public Integer call() {
        spec.commandLine()
                .getErr()
                .println("modewatch: missing subcommand; choose one of " + String.join(", ", SUBCOMMANDS)
                        + " (see: modewatch --help)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_BAD_INPUT;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"modewatch " + (v == null ? "(development build)" : v)};
        }
    }
}
