package io.github.modewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Usage errors at the top level: exit 2 and one line that names the program once. */
class CliUsageTest {
    private record Run(int status, String out, String err) {}

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void unknownSubcommandNamesTheProgramOnceAndExitsTwo() {
        Run r = cli("nbd", "--reference", "x.npz");
        assertThat(r.status()).isEqualTo(Main.EXIT_BAD_INPUT);
        String first = r.err().lines().findFirst().orElse("");
        assertThat(first)
                .startsWith("modewatch: ")
                .doesNotContain("modewatch modewatch")
                .contains("nbd")
                .endsWith("(see: modewatch --help)");
    }

    @Test
    void bareModewatchIsAUsageErrorThatListsTheSubcommands() {
        Run r = cli();
        assertThat(r.status()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err())
                .startsWith("modewatch: missing subcommand; choose one of fit-reference, ndb, fsd, kid, prdc, demo")
                .contains("Usage: modewatch");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void helpStillSucceeds() {
        Run r = cli("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Usage: modewatch");
    }
}
