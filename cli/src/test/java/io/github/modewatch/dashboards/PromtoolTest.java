package io.github.modewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The MODEWATCH_REQUIRE_PROMETHEUS rule: a missing promtool skips a test locally and fails it in CI. */
class PromtoolTest {
    @TempDir
    Path tmp;

    @Test
    void missingPromtoolSkipsWithoutTheRequirement() {
        Map<String, String> env = Map.of("PATH", tmp.toString());
        assertThatThrownBy(() -> Promtool.require(env::get))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("MODEWATCH_REQUIRE_PROMETHEUS=1");
    }

    @Test
    void missingPromtoolFailsWhenRequired() {
        Map<String, String> env = Map.of("PATH", tmp.toString(), "MODEWATCH_REQUIRE_PROMETHEUS", "1");
        assertThatThrownBy(() -> Promtool.require(env::get))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("promtool not found");
    }

    @Test
    void executablePromtoolOnThePathIsUsed() throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        Path promtool = Files.writeString(bin.resolve("promtool"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(promtool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("PATH", empty + ":" + bin, "MODEWATCH_REQUIRE_PROMETHEUS", "1");
        assertThat(Promtool.require(env::get).executable()).isEqualTo(promtool);
    }
}
