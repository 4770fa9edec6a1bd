package dev.calor.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetReportTest {

    private static FleetReport report() {
        return new FleetReport(
                FleetMode.PEAK,
                20_000,
                20_000,
                19_998,
                Map.of("BAD_USER_NAME_OR_PASSWORD", 2L),
                666,
                Duration.ofMillis(12_500),
                19_998,
                19_997,
                Map.of("PAYLOAD_FORMAT_INVALID", 1L),
                1_199_880,
                1_199_820,
                4_500,
                1_245_000,
                2_100_000,
                Duration.ofSeconds(30));
    }

    @Test
    void ratesAndTotalsComeFromTheCounters() {
        FleetReport report = report();

        assertThat(report.acknowledgedReadingsPerSecond()).isEqualTo(39_994.0);
        assertThat(report.batchesRejectedTotal()).isEqualTo(1);
    }

    @Test
    void textNamesEveryCounterAndReason() {
        String text = report().toText();

        assertThat(text).contains("fleet PEAK: 20000 patches in 30.0 s");
        assertThat(text).contains("accepted 19998 (the last after 12.5 s)");
        assertThat(text).contains("{BAD_USER_NAME_OR_PASSWORD=2}");
        assertThat(text).contains("rejected {PAYLOAD_FORMAT_INVALID=1}");
        assertThat(text).contains("p50 4.5 ms, p99 1245.0 ms, max 2100.0 ms");
    }
}
