package io.github.modewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command line the documentation shows is one the CLI accepts: each {@code modewatch ...},
 * {@code -Dexec.args="..."} and {@code java -jar target/modewatch-cli.jar ...} in the code of README.md,
 * dashboards/README.md and docs/ (inline code and fenced blocks) goes through picocli's parser, without running
 * anything, so a documented flag can never be missing again (issue 16: the Docker walkthrough's
 * {@code demo --host 0.0.0.0} was rejected). The {@code Examples:} of every command's {@code --help} too.
 *
 * <p>Templates are expanded: {@code [--flag VALUE]} is read as present, {@code ring|grid} as each alternative,
 * and an upper-case placeholder such as {@code S} or {@code SECONDS} as {@code 1}.
 */
class DocumentedCommandsTest {
    private static final Pattern EXEC_ARGS = Pattern.compile("-Dexec\\.args=\"([^\"]*)\"");
    private static final Pattern JAR = Pattern.compile("java -jar target/modewatch-cli\\.jar(?=\\s|$)(.*)");
    /** {@code modewatch} followed by a subcommand, an option or nothing (not prose such as "the modewatch command"). */
    private static final Pattern MODEWATCH =
            Pattern.compile("(?:^|\\s)modewatch(?=\\s+(?:fit-reference|ndb|fsd|demo|help|-)|\\s*$)(.*)");

    private static final Pattern INLINE_CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z0-9_]*");

    /** One command line found in a document: where, the text as written, and its argument lists. */
    record Documented(String where, String text, List<List<String>> argumentLists) {}

    private static Path root() {
        return Path.of(System.getProperty("modewatch.root", System.getProperty("user.dir")));
    }

    /** README.md, dashboards/README.md and every .md under docs/ (when there is one). */
    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(root().resolve("README.md"), root().resolve("dashboards/README.md")));
        Path more = root().resolve("docs");
        if (Files.isDirectory(more)) {
            try (Stream<Path> files = Files.walk(more)) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
            }
        }
        return docs;
    }

    /** The code of a markdown text, one snippet per fenced line (continuations joined) or inline code span. */
    static List<String> codeSnippets(String markdown) {
        List<String> snippets = new ArrayList<>();
        boolean fenced = false;
        StringBuilder continued = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                String code = line.replaceFirst("(^|\\s)#.*$", ""); // shell comment
                if (code.endsWith("\\")) {
                    continued.append(code, 0, code.length() - 1).append(' ');
                    continue;
                }
                snippets.add(continued + code);
                continued.setLength(0);
            } else {
                Matcher m = INLINE_CODE.matcher(line);
                while (m.find()) {
                    snippets.add(m.group(1));
                }
            }
        }
        return snippets;
    }

    /** The CLI command lines in one snippet, as written (arguments only, without the program). */
    static List<String> commandsIn(String snippet) {
        List<String> commands = new ArrayList<>();
        Matcher exec = EXEC_ARGS.matcher(snippet);
        while (exec.find()) {
            commands.add(exec.group(1).strip().replaceAll("\\s+", " "));
        }
        if (!commands.isEmpty()) {
            return commands;
        }
        for (Pattern p : List.of(JAR, MODEWATCH)) {
            Matcher m = p.matcher(snippet);
            if (m.find()) {
                // a command ends where the shell starts another: a pipe, &&, ; or a redirection
                commands.add(
                        m.group(1).split("\\s(\\||&&|;|>|2>)\\s", 2)[0].strip().replaceAll("\\s+", " "));
                return commands;
            }
        }
        return commands;
    }

    /** The argument lists a documented command stands for (several when it offers alternatives). */
    static List<List<String>> expand(String command) {
        List<List<String>> lists = new ArrayList<>();
        lists.add(new ArrayList<>());
        for (String token : command.replace("[", " ").replace("]", " ").strip().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            String[] alternatives = token.contains("|") ? token.split("\\|") : new String[] {token};
            List<List<String>> next = new ArrayList<>();
            for (List<String> list : lists) {
                for (String alternative : alternatives) {
                    List<String> extended = new ArrayList<>(list);
                    extended.add(PLACEHOLDER.matcher(alternative).matches() ? "1" : unquote(alternative));
                    next.add(extended);
                }
            }
            lists = next;
        }
        return lists;
    }

    private static String unquote(String token) {
        return token.length() >= 2
                        && (token.startsWith("\"") && token.endsWith("\"")
                                || token.startsWith("'") && token.endsWith("'"))
                ? token.substring(1, token.length() - 1)
                : token;
    }

    static List<Documented> documentedCommands(String where, String markdown) {
        List<Documented> found = new ArrayList<>();
        for (String snippet : codeSnippets(markdown)) {
            for (String command : commandsIn(snippet)) {
                found.add(new Documented(where, command, expand(command)));
            }
        }
        return found;
    }

    /** Parses (never runs) an argument list as {@code modewatch} would; null when accepted, else picocli's message. */
    static String parseError(List<String> args) {
        CommandLine cli = Main.commandLine(args.isEmpty() ? "" : args.get(0));
        try {
            cli.parseArgs(args.toArray(String[]::new));
            return null;
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        }
    }

    private static List<String> rejected(List<Documented> commands) {
        List<String> rejected = new ArrayList<>();
        for (Documented d : commands) {
            for (List<String> args : d.argumentLists()) {
                String error = parseError(args);
                if (error != null) {
                    rejected.add(d.where() + ": `" + d.text() + "` as " + args + ": " + error);
                }
            }
        }
        return rejected;
    }

    private static List<Documented> allDocumented() {
        List<Documented> all = new ArrayList<>();
        try {
            for (Path doc : documents()) {
                all.addAll(documentedCommands(root().relativize(doc).toString(), Files.readString(doc)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    @Test
    void everyCommandTheDocumentationShowsIsAcceptedByTheParser() {
        List<Documented> all = allDocumented();

        assertThat(rejected(all)).isEmpty();
        // the extraction found what it must find, so an empty list above means something
        assertThat(all)
                .extracting(Documented::argumentLists)
                .flatExtracting(l -> l)
                .contains(
                        List.of("demo", "--collapse", "--host", "0.0.0.0"), // the Docker walkthrough
                        List.of("demo"),
                        List.of("ndb", "--reference", "ref.npz", "--generated", "fake.npy", "--json"),
                        List.of(
                                "fsd",
                                "--real-stats",
                                "real_stats.npz",
                                "--generated-stats",
                                "fake_stats.npz",
                                "--json"));
        assertThat(all.stream().filter(d -> d.where().equals("README.md"))).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void theExamplesOfEveryCommandsHelpAreAcceptedByTheParser() {
        List<Documented> examples = new ArrayList<>();
        for (String command : List.of("fit-reference", "ndb", "fsd", "demo")) {
            String help =
                    Main.commandLine(command).getSubcommands().get(command).getUsageMessage();
            String footer = help.substring(help.indexOf("\nExample"));
            for (String line : footer.lines().skip(2).toList()) {
                String code = line.replaceFirst("\\s#.*$", "");
                commandsIn(code).forEach(c -> examples.add(new Documented(command + " --help", c, expand(c))));
            }
        }

        assertThat(rejected(examples)).isEmpty();
        assertThat(examples)
                .extracting(Documented::text)
                .contains(
                        "demo --collapse --host 0.0.0.0",
                        "ndb --reference ref.npz --generated fake.npy",
                        "fit-reference --real real.npy --bins 100 --out ref.npz");
    }

    @Test
    void aDocumentedFlagTheCliDoesNotHaveIsCaught() {
        // control: the same route must reject a documented command the CLI would refuse
        String markdown = """
                Start it with `mvn -B -q compile exec:java -Dexec.args="demo --collapse --hots 0.0.0.0"`, then:

                ```sh
                java -jar target/modewatch-cli.jar ndb --reference ref.npz --generated fake.npy --jsn   # typo
                modewatch fsd --real a.npy \\
                    --generated b.npy --frechet
                modewatch demo --dataset ring|rings
                ```
                """;

        List<Documented> found = documentedCommands("control.md", markdown);

        assertThat(found)
                .extracting(Documented::text)
                .containsExactly(
                        "demo --collapse --hots 0.0.0.0",
                        "ndb --reference ref.npz --generated fake.npy --jsn",
                        "fsd --real a.npy --generated b.npy --frechet",
                        "demo --dataset ring|rings");
        List<String> rejected = rejected(found);
        assertThat(rejected).hasSize(4);
        assertThat(String.join("\n", rejected)).contains("--hots", "--jsn", "--frechet", "'rings' is not a dataset");
    }

    @Test
    void templatesExpandToEveryAlternativeWithPlaceholdersFilledIn() {
        assertThat(expand("demo [--dataset ring|grid] [--collapse] --seed S --hold 0"))
                .containsExactly(
                        List.of("demo", "--dataset", "ring", "--collapse", "--seed", "1", "--hold", "0"),
                        List.of("demo", "--dataset", "grid", "--collapse", "--seed", "1", "--hold", "0"));
    }
}
