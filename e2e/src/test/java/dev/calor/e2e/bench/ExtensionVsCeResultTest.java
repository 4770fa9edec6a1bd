package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtensionVsCeResultTest {

    private static final ExtensionVsCeResult FOUR_ROUNDS = new ExtensionVsCeResult(
            List.of(
                    new ExtensionVsCe.Round(1_600, 2_000),
                    new ExtensionVsCe.Round(3_000, 2_400),
                    new ExtensionVsCe.Round(3_000, 5_000),
                    new ExtensionVsCe.Round(4_000, 5_000)),
            Duration.ofSeconds(5),
            1,
            new ExtensionVsCeResult.Totals(58_000, 58_000, 20, 40),
            new ExtensionVsCeResult.Totals(72_000, 72_000, 20, 36));

    @Test
    void theRatioIsTheMedianOfThePairedRoundsNotTheRatioOfTotals() {
        // rounds: 0.8, 1.25, 0.6, 0.8 -> median 0.8 (totals would give 0.81)
        assertThat(FOUR_ROUNDS.ratio()).isCloseTo(0.8, within(1e-9));
        assertThat(ExtensionVsCeResult.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(ExtensionVsCeResult.median(new double[0])).isNaN();
    }

    @Test
    void whatCeAcknowledgedButDroppedCountsNeitherInItsRateNorPerCpuSecond() throws Exception {
        ExtensionVsCeResult dropping = new ExtensionVsCeResult(
                List.of(new ExtensionVsCe.Round(4_000, 3_000), new ExtensionVsCe.Round(4_400, 3_000)),
                Duration.ofSeconds(10),
                5,
                new ExtensionVsCeResult.Totals(84_000, 84_000, 21, 30),
                new ExtensionVsCeResult.Totals(240_000, 60_000, 20, 30));
        BenchResults results = new BenchResults("test", "machine");

        dropping.addTo(results);

        JsonNode json = new ObjectMapper().readTree(results.toJson()).at("/baselines/extension_vs_ce");
        assertThat(json.at("/ce/readings_dropped").asLong()).isEqualTo(180_000);
        assertThat(json.at("/ce/readings_per_cpu_s").asDouble()).isCloseTo(2_000, within(1e-9));
        assertThat(json.get("cpu_ratio").asDouble()).isCloseTo(1.4, within(1e-9));
        assertThat(json.get("acknowledged_ratio").asDouble()).isCloseTo(0.35, within(1e-9));
    }

    @Test
    void writesRatioSpreadRoundsAndCpuRatioUnderBaselines() throws Exception {
        BenchResults results = new BenchResults("test", "machine");

        FOUR_ROUNDS.addTo(results);

        JsonNode json = new ObjectMapper().readTree(results.toJson()).at("/baselines/extension_vs_ce");
        assertThat(json.get("ratio").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(json.get("rounds").asInt()).isEqualTo(4);
        assertThat(json.get("ratio_min").asDouble()).isCloseTo(0.6, within(1e-9));
        assertThat(json.get("ratio_max").asDouble()).isCloseTo(1.25, within(1e-9));
        // 58 000 / 40 s of CPU against 72 000 / 36 s
        assertThat(json.get("cpu_ratio").asDouble()).isCloseTo(0.725, within(1e-9));
        assertThat(json.get("acknowledged_ratio").asDouble()).isCloseTo(58_000.0 / 72_000, within(1e-9));
        assertThat(results.notes()).anyMatch(n -> n.contains("0.80 of HiveMQ CE") && n.contains("target 0.85"));
    }
}
