package dev.calor.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitStatusTest {

    @Test
    void namesTheSignalThatKilledAProcess() {
        assertThat(ExitStatus.describe(137)).isEqualTo("killed by signal 9 (SIGKILL)");
        assertThat(ExitStatus.describe(143)).isEqualTo("killed by signal 15 (SIGTERM)");
        assertThat(ExitStatus.describe(139)).isEqualTo("killed by signal 11 (SIGSEGV)");
    }

    @Test
    void reportsAPlainExitCodeAsSuch() {
        assertThat(ExitStatus.describe(1)).isEqualTo("exit code 1");
        assertThat(ExitStatus.describe(2)).isEqualTo("exit code 2");
        assertThat(ExitStatus.describe(0)).isEqualTo("exit code 0");
    }
}
