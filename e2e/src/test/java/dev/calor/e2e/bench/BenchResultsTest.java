package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BenchResultsTest {

    private static BenchResults sample() {
        BenchResults results = new BenchResults("quick", "Linux, 2 cores");
        results.flag("alerting_on_path", true);
        results.sampled("end_to_end.sustainable_readings_per_s", "sustainable end to end", 12_345.678, "rdg/s", 600);
        results.figure("end_to_end.ratio_to_raw_ingest", "ratio sustainable / raw ingest", 0.25, "");
        results.sampled("peak.lost", "peak: readings lost", 0, "", 30_000);
        Histogram micros = new Histogram(3_600_000_000L, 3);
        for (int i = 1; i <= 1_000; i++) {
            micros.recordValue(i * 1_000L); // 1 ms .. 1 s
        }
        results.latency("latency.alert", "alert", micros);
        results.figure("latency.half_rate.p99_ms", "half rate p99", Double.NaN, "ms");
        results.note("latency: probe timed out");
        // a later phase adding to a section opened earlier: the section is still printed once
        results.figure("end_to_end.batch_size", "readings per publish", 5, "");
        return results;
    }

    @Test
    void jsonNestsTheDottedKeysAndKeepsEveryFigureWithItsSampleCount() throws Exception {
        JsonNode json = new ObjectMapper().readTree(sample().toJson());

        assertThat(json.get("alerting_on_path").asBoolean()).isTrue();
        assertThat(json.at("/end_to_end/sustainable_readings_per_s").asDouble()).isEqualTo(12_345.678);
        assertThat(json.at("/end_to_end/ratio_to_raw_ingest").asDouble()).isEqualTo(0.25);
        assertThat(json.at("/peak/lost").asLong()).isZero();
        assertThat(json.at("/latency/alert/samples").asLong()).isEqualTo(1_000);
        assertThat(json.at("/latency/alert/p99_ms").asDouble()).isBetween(989.0, 991.0);
        assertThat(json.at("/latency/alert/p50_ms").asDouble()).isBetween(499.0, 501.0);
        assertThat(json.at("/latency/half_rate/p99_ms").isNull()).isTrue();
        JsonNode first = json.get("figures").get(0);
        assertThat(first.get("key").asText()).isEqualTo("end_to_end.sustainable_readings_per_s");
        assertThat(first.get("samples").asLong()).isEqualTo(600);
        assertThat(json.get("figures").get(1).has("samples")).isFalse();
        assertThat(json.get("notes").get(0).asText()).isEqualTo("latency: probe timed out");
    }

    @Test
    void tablePrintsEachSectionOnceWithValuesAndSampleCounts() {
        String table = sample().toTable();

        assertThat(table).contains("Calor benchmark (quick profile) on Linux, 2 cores");
        assertThat(table).containsOnlyOnce("[end_to_end]").containsOnlyOnce("[latency]");
        assertThat(table).contains("alerting_on_path").contains("true");
        assertThat(table).contains("12,346").contains("0.25").contains("n/a").contains("1,000");
        assertThat(table).contains("note: latency: probe timed out");
    }

    @Test
    void markdownTableHasOneRowPerFigureAndFlag() {
        String markdown = sample().toMarkdownTable();

        assertThat(markdown.lines()).hasSize(2 + 1 + sample().metrics().size());
        assertThat(markdown)
                .contains("| sustainable end to end | 12,346 rdg/s | 600 | `end_to_end.sustainable_readings_per_s` |");
    }

    @Test
    void csvHasHeaderAndOneRowPerFigure() {
        String[] lines = sample().toCsv().split("\r\n");

        assertThat(lines).hasSize(1 + sample().metrics().size());
        assertThat(lines[0]).isEqualTo("key,label,value,unit,samples");
        assertThat(lines[1])
                .isEqualTo("end_to_end.sustainable_readings_per_s,sustainable end to end,12345.6780,rdg/s,600");
        assertThat(lines[3]).isEqualTo("peak.lost,peak: readings lost,0,,30000");
    }

    @Test
    void aPhaseResultAddsItsOwnFigures() {
        record Storm(double seconds) implements PhaseResult {
            @Override
            public void addTo(BenchResults results) {
                results.sampled("storm.reconnect_all_s", "reconnect storm: all connected again", seconds, "s", 20_000);
            }
        }
        BenchResults results = new BenchResults("quick", "m");

        results.add(new Storm(12.5));

        assertThat(results.value("storm.reconnect_all_s")).isEqualTo(12.5);
        assertThat(results.get("storm.reconnect_all_s").orElseThrow().samples()).isEqualTo(20_000);
    }

    @Test
    void aKeyMustBeDottedLowerSnakeCase() {
        assertThatThrownBy(() -> new Metric("Latency p99", "x", 1, "", -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Metric.slug("lost (backlog - stored)")).isEqualTo("lost_backlog_stored");
        assertThatThrownBy(() -> sample().figure("machine.cores", "cores", 2, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runSucceedsOnlyWhenNothingWasLostAndAlertingWasOnThePath() {
        BenchPlan withoutPeak = new BenchPlan("p", LoadPlan.quick(), 0, 1, 0, false, java.time.Duration.ofSeconds(1));
        BenchResults good = new BenchResults("p", "m");
        good.flag("alerting_on_path", true);
        good.figure("end_to_end.lost", "lost", 0, "");
        good.figure("latency.alert.missing", "missing", 0, "");
        BenchResults offPath = new BenchResults("p", "m");
        offPath.flag("alerting_on_path", false);
        offPath.figure("end_to_end.lost", "lost", 0, "");
        offPath.figure("latency.alert.missing", "missing", 0, "");
        BenchResults lossy = new BenchResults("p", "m");
        lossy.flag("alerting_on_path", true);
        lossy.figure("end_to_end.lost", "lost", 3, "");
        lossy.figure("latency.alert.missing", "missing", 0, "");
        BenchResults alertMissing = new BenchResults("p", "m");
        alertMissing.flag("alerting_on_path", true);
        alertMissing.figure("end_to_end.lost", "lost", 0, "");
        alertMissing.figure("latency.alert.missing", "missing", 1, "");

        assertThat(BenchRun.succeeded(withoutPeak, good)).isTrue();
        assertThat(BenchRun.succeeded(withoutPeak, offPath)).isFalse();
        assertThat(BenchRun.succeeded(withoutPeak, lossy)).isFalse();
        assertThat(BenchRun.succeeded(withoutPeak, alertMissing)).isFalse();
        assertThat(BenchRun.succeeded(BenchPlan.quick(), good)).isFalse(); // its peak did not run
        good.note("pipeline failed: broker did not start");
        assertThat(BenchRun.succeeded(withoutPeak, good)).isFalse();
    }

    @Test
    void lostIsMinusOneWhenThePeakDidNotRun() {
        assertThat(BenchRun.lost(sample())).isZero();
        assertThat(BenchRun.lost(new BenchResults("quick", "m"))).isEqualTo(-1);
    }
}
