package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessFootprintTest {

    @Test
    void cpuSecondsAddUserAndSystemTicksEvenWhenTheCommandHasSpaces() {
        String stat = "4242 (java main (x)) S 1 4242 4242 0 -1 4194560 51 0 0 0 250 130 0 0 20 0 30 0 100 0 0";

        assertThat(ProcessFootprint.cpuSeconds(stat)).isEqualTo(3.8);
    }

    @Test
    void readsThisProcess() {
        ProcessFootprint self =
                ProcessFootprint.of("test", ProcessHandle.current().pid());

        assertThat(self.rssMiB()).isGreaterThan(10);
        assertThat(self.peakRssMiB()).isGreaterThanOrEqualTo(self.rssMiB());
        assertThat(self.cpuSeconds()).isPositive();
    }

    @Test
    void goneProcessGivesNaN() {
        ProcessFootprint gone = ProcessFootprint.of("gone", Long.MAX_VALUE);

        assertThat(gone.rssMiB()).isNaN();
        assertThat(gone.cpuSeconds()).isNaN();
    }
}
