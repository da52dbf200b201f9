package io.github.modewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The {@code --help} of every command reads cleanly in an 80-column terminal: picocli wraps at
 * {@link java.text.BreakIterator} line breaks, which fall inside tokens after '.', '-', '/' and before '(' (issue
 * 16: {@code .npz} came out as "." and "npz" on two lines). Each wrapped line pair is checked against the same help
 * rendered without wrapping: the last word of a line and the first of the next must not be the halves of one word.
 */
class HelpTextTest {
    private static final int WIDTH = 80;

    private static String help(String command, int width) {
        CommandLine cli = Main.commandLine(command);
        CommandLine target = command.isEmpty() ? cli : cli.getSubcommands().get(command);
        target.setUsageHelpWidth(width);
        return target.getUsageMessage();
    }

    /** Pairs "end of line | start of next line" that were one word before wrapping. */
    static List<String> wordsSplitAcrossLines(String wrapped, String unwrapped) {
        Set<String> words = new HashSet<>(Arrays.asList(unwrapped.split("\\s+")));
        List<String> split = new ArrayList<>();
        List<String> lines = wrapped.lines().map(String::strip).toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).isEmpty() || lines.get(i + 1).isEmpty()) {
                continue;
            }
            String[] here = lines.get(i).split("\\s+");
            String last = here[here.length - 1];
            String first = lines.get(i + 1).split("\\s+")[0];
            if (!words.contains(last) && words.contains(last + first)) {
                split.add(last + " | " + first);
            }
        }
        return split;
    }

    @ParameterizedTest(name = "modewatch {0} --help")
    @ValueSource(strings = {"", "fit-reference", "ndb", "fsd", "demo"})
    void helpFitsEightyColumnsWithoutSplittingAWord(String command) {
        String wrapped = help(command, WIDTH);
        String unwrapped = help(command, 10_000);

        assertThat(wrapped.lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(WIDTH));
        assertThat(wordsSplitAcrossLines(wrapped, unwrapped)).isEmpty();
        // examples are copied into a shell: each must stay on one line
        int examples = wrapped.indexOf("\nExample");
        if (examples >= 0) {
            assertThat(wrapped.substring(examples).lines().skip(2).filter(l -> !l.isBlank()))
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(l).startsWith("  modewatch "));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fit-reference", "fsd"})
    void formulasAndFileTypesStayWhole(String command) {
        String wrapped = help(command, WIDTH);

        assertThat(wrapped).doesNotContainPattern("(?m) \\.$").doesNotContainPattern("(?m)^npz");
        if (command.equals("fsd")) {
            assertThat(wrapped).contains("Tr(S1 + S2 - 2 (S1 S2)^(1/2))");
        }
    }

    @org.junit.jupiter.api.Test
    void theSplitDetectorFindsTheIssuesExample() {
        // control: picocli's own wrapping of the old fit-reference description, as issue 16 saw it
        String unwrapped = "Fit NDB bins (K-means on real samples) once and save them as a numpy-readable .npz.";
        String wrapped = "Fit NDB bins (K-means on real samples) once and save them as a numpy-readable .\nnpz.";

        assertThat(wordsSplitAcrossLines(wrapped, unwrapped)).containsExactly(". | npz.");
        assertThat(wordsSplitAcrossLines(unwrapped, unwrapped)).isEmpty();
    }
}
