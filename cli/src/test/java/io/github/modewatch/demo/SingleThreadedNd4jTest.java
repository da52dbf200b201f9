package io.github.modewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

class SingleThreadedNd4jTest {
    private static int[] settings() {
        Environment env = Nd4j.getEnvironment();
        return new int[] {
            env.maxThreads(), env.maxMasterThreads(), Nd4j.factory().blas().getMaxThreads()
        };
    }

    @Test
    void overlappingUsesKeepOneThreadUntilTheLastOneClosesThenRestoreTheFirstSettings() {
        Environment env = Nd4j.getEnvironment();
        int[] before = settings();
        env.setMaxThreads(2);
        env.setMaxMasterThreads(2);
        int[] original = settings();
        try {
            SingleThreadedNd4j first = SingleThreadedNd4j.enter();
            int[] single = settings();
            assertThat(single[1]).as("master threads").isEqualTo(1);
            assertThat(single[2]).as("BLAS threads").isEqualTo(1);
            assertThat(single).isNotEqualTo(original);
            SingleThreadedNd4j second = SingleThreadedNd4j.enter();
            assertThat(settings()).containsExactly(single);
            first.close();
            assertThat(settings()).as("the second demo is still training").containsExactly(single);
            first.close(); // a second close must not release the second one's change
            assertThat(settings()).containsExactly(single);
            second.close();
            assertThat(settings()).as("restored after the last close").containsExactly(original);
            second.close();
            assertThat(settings()).containsExactly(original);
        } finally {
            env.setMaxThreads(before[0]);
            env.setMaxMasterThreads(before[1]);
            Nd4j.factory().blas().setMaxThreads(before[2]);
        }
    }
}
