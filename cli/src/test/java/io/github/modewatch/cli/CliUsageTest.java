package io.github.modewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Usage errors at the top level: exit 2 and one line that names the program once. */
class CliUsageTest {
    static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    @Test
    void unknownSubcommandNamesTheProgramOnceAndExitsTwo() {
        CliRun r = cli("nbd", "--reference", "x.npz");
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
        CliRun r = cli();
        assertThat(r.status()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err())
                .startsWith("modewatch: missing subcommand; choose one of fit-reference, ndb, fsd, kid, prdc, demo")
                .contains("Usage: modewatch");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void helpStillSucceeds() {
        CliRun r = cli("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Usage: modewatch");
    }
}
