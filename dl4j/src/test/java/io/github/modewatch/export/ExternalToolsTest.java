package io.github.modewatch.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modewatch.testing.ExternalTools;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The rule for tests that need promtool or the Pushgateway: skip when missing, fail when CI requires them. */
class ExternalToolsTest {
    private static final Path MISSING = Path.of("/nonexistent/modewatch/promtool");

    @Test
    void aMissingToolSkipsTheTestWhenNotRequired() {
        assertThatThrownBy(() -> ExternalTools.require(MISSING, name -> null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining(MISSING.toString())
                .hasMessageContaining("MODEWATCH_REQUIRE_PROMETHEUS=1");
    }

    @Test
    void aMissingToolFailsTheTestWhenRequired() {
        assertThatThrownBy(() -> ExternalTools.require(MISSING, name -> "1"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining(MISSING.toString())
                .hasMessageContaining("requires it");
    }

    @Test
    void anInstalledToolIsReturned() {
        Path sh = Path.of("/bin/sh");

        assertThat(ExternalTools.require(sh, name -> "1")).isEqualTo(sh);
    }
}
