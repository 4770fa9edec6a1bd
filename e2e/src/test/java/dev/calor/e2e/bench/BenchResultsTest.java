package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchResultsTest {

    private static BenchResults sample() {
        BenchResults results = new BenchResults("quick", "Linux, 2 cores");
        results.put("throughput", "end to end (publish -> queryable)", 12_345.678, "rdg/s");
        results.put("throughput", "ratio end to end / raw ingest", 0.25, "");
        results.put("peak", "lost (backlog - stored)", 0, "");
        results.put("latency", "publish -> queryable p99", Double.NaN, "ms");
        results.note("latency: probe timed out");
        return results;
    }

    @Test
    void tablePrintsEverySectionOnceWithFormattedValues() {
        String table = sample().toTable();

        assertThat(table).contains("Calor benchmark (quick profile) on Linux, 2 cores");
        assertThat(table).containsOnlyOnce("throughput");
        assertThat(table).contains("12,346").contains("0.25").contains("n/a");
        assertThat(table).contains("note: latency: probe timed out");
    }

    @Test
    void jsonCarriesEveryMetricWithNullForUnmeasured() throws Exception {
        JsonNode json = new ObjectMapper().readTree(sample().toJson());

        assertThat(json.get("profile").asText()).isEqualTo("quick");
        assertThat(json.get("metrics")).hasSize(4);
        assertThat(json.get("metrics").get(0).get("value").asDouble()).isEqualTo(12_345.678);
        assertThat(json.get("metrics").get(3).get("value").isNull()).isTrue();
        assertThat(json.get("notes").get(0).asText()).isEqualTo("latency: probe timed out");
    }

    @Test
    void csvHasHeaderAndOneRowPerMetric() {
        String[] lines = sample().toCsv().split("\r\n");

        assertThat(lines).hasSize(5);
        assertThat(lines[0]).isEqualTo("section,name,value,unit");
        assertThat(lines[1]).isEqualTo("throughput,end to end (publish -> queryable),12345.6780,rdg/s");
        assertThat(lines[3]).isEqualTo("peak,lost (backlog - stored),0,");
        assertThat(lines[4]).isEqualTo("latency,publish -> queryable p99,,ms");
    }

    @Test
    void runSucceedsOnlyWhenThePipelineRanAndThePeakLostNothing() {
        BenchPlan withoutPeak = new BenchPlan(
                "p",
                1,
                0,
                java.time.Duration.ofSeconds(1),
                1,
                0,
                java.time.Duration.ZERO,
                1,
                0,
                0,
                0,
                0,
                false,
                java.time.Duration.ofSeconds(1));
        BenchResults failed = new BenchResults("p", "m");
        failed.note("pipeline failed: broker did not start");

        assertThat(BenchRun.succeeded(BenchPlan.quick(), sample())).isTrue();
        assertThat(BenchRun.succeeded(BenchPlan.quick(), new BenchResults("p", "m")))
                .isFalse();
        assertThat(BenchRun.succeeded(withoutPeak, new BenchResults("p", "m"))).isTrue();
        assertThat(BenchRun.succeeded(withoutPeak, failed)).isFalse();
    }

    @Test
    void lostIsMinusOneWhenThePeakDidNotRun() {
        assertThat(BenchRun.lost(sample())).isZero();
        assertThat(BenchRun.lost(new BenchResults("quick", "m"))).isEqualTo(-1);
    }
}
