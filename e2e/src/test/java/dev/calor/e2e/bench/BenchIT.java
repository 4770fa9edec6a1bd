package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./calor bench --quick}: the whole pipeline under open-loop load with the alert engine on the path, every
 * reading stored, the sample counts the method promises, the JSON keys, and the pictures.
 */
class BenchIT {

    private static final Logger LOG = LoggerFactory.getLogger(BenchIT.class);

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void quickBenchmarkLosesNothingAndStatesItsSampleCounts(@TempDir Path dir) throws Exception {
        BenchPlan plan = BenchPlan.quick();

        BenchResults results = new BenchRun(plan).run();

        LOG.info("quick benchmark:{}{}", System.lineSeparator(), results.toTable());
        JsonNode json = new ObjectMapper().readTree(results.toJson());
        assertThat(results.notes()).noneMatch(n -> n.startsWith("pipeline failed"));
        assertThat(json.get("alerting_on_path").asBoolean()).isTrue();
        // zero loss: every reading the broker acknowledged, in every step and at the peak, is in InfluxDB
        assertThat(json.at("/end_to_end/readings_acknowledged").asLong()).isPositive();
        assertThat(json.at("/end_to_end/lost").asLong()).isZero();
        assertThat(json.at("/end_to_end/confirmation/readings_refused").asLong())
                .isZero();
        // the peak: every patch held open at once, every backlog reading stored
        assertThat(json.at("/peak/concurrent_connections").asLong()).isEqualTo(plan.peakDevices());
        assertThat(json.at("/peak/readings_stored").asLong()).isEqualTo((long) plan.peakDevices() * plan.backlog());
        assertThat(json.at("/peak/lost").isNumber()).isTrue();
        assertThat(BenchRun.lost(results)).isZero();
        // the storm: the broker restarted under the held patches, every one reconnected and drained its outage
        assertThat(json.at("/storm/reconnected").asLong()).isEqualTo(plan.peakDevices());
        assertThat(json.at("/storm/readings_stored").asLong())
                .isEqualTo((long) plan.peakDevices() * StormPhase.OUTAGE_READINGS);
        assertThat(json.at("/storm/reconnect_all_s").asDouble()).isPositive();
        assertThat(json.at("/storm/broker_cpu_s").asDouble()).isPositive();
        // every batch of the confirmation is a latency sample, at least 10 000 of them
        long batches = json.at("/end_to_end/confirmation/readings_sent").asLong()
                / plan.load().batchSize();
        assertThat(json.at("/latency/publish_to_queryable/samples").asLong())
                .isEqualTo(batches)
                .isGreaterThanOrEqualTo(EndToEndPhase.MIN_SAMPLES);
        assertThat(json.at("/latency/publish_to_queryable/p99_ms").asDouble()).isPositive();
        // every fever episode that fell due under load reached the caregiver
        assertThat(json.at("/latency/alert/samples").asLong()).isGreaterThanOrEqualTo(200);
        assertThat(json.at("/latency/alert/missing").asLong()).isZero();
        assertThat(json.at("/latency/alert/p99_ms").asDouble()).isPositive();
        // the required keys are there; a rate that did not hold under CI's load is null with a note saying why
        for (String key : List.of("/end_to_end/sustainable_readings_per_s", "/end_to_end/ratio_to_raw_ingest")) {
            assertThat(json.at(key).isMissingNode()).as(key).isFalse();
        }
        if (json.at("/end_to_end/sustainable_readings_per_s").isNull()) {
            assertThat(results.notes()).anyMatch(n -> n.contains("did not hold"));
        }
        assertThat(json.at("/end_to_end/raw_ingest_points_per_s").asDouble()).isPositive();
        assertThat(json.get("figures")).allMatch(f -> f.has("key") && f.has("label"));
        assertThat(json.at("/footprint/broker_peak_rss_mib").asDouble()).isGreaterThan(50);
        assertThat(json.at("/footprint/worker_cpu_s").asDouble()).isPositive();
        // a baseline broker is credited with what reached its subscriber; what it acknowledged and dropped is noted
        for (String broker : List.of("mosquitto", "hivemq_ce")) {
            JsonNode b = json.at("/baselines/" + broker);
            long acknowledged = b.get("readings_acknowledged").asLong();
            long delivered = b.get("readings_delivered").asLong();
            assertThat(delivered).as(broker).isPositive().isLessThanOrEqualTo(acknowledged);
            assertThat(b.get("readings_dropped").asLong()).as(broker).isEqualTo(acknowledged - delivered);
            if (delivered < acknowledged) {
                assertThat(results.notes()).anyMatch(n -> n.contains(broker + " acknowledged"));
            }
        }
        // the extension against HiveMQ CE: paired rounds in this run, every reading of both delivered
        JsonNode pair = json.at("/baselines/extension_vs_ce");
        assertThat(pair.get("rounds").asInt()).isEqualTo(4);
        assertThat(pair.get("ratio").asDouble()).isPositive();
        assertThat(pair.get("ratio_min").asDouble())
                .isLessThanOrEqualTo(pair.get("ratio_max").asDouble());
        assertThat(pair.at("/extension/readings_delivered").asLong())
                .isEqualTo(pair.at("/extension/readings_acknowledged").asLong())
                .isPositive();
        // readings per CPU-second of every baseline's server processes
        for (String baseline : List.of("raw_ingest", "mosquitto", "hivemq_ce")) {
            assertThat(json.at("/baselines/" + baseline + "/readings_per_cpu_s").asDouble())
                    .as(baseline)
                    .isPositive();
        }
        if (NodeRedBaseline.home() != null) {
            // at the rate it held, Node-RED stored every reading Mosquitto acknowledged
            assertThat(json.at("/baselines/node_red/readings_acknowledged").asLong())
                    .isEqualTo(json.at("/baselines/node_red/readings_stored").asLong())
                    .isPositive();
            assertThat(json.at("/baselines/node_red/readings_per_cpu_s").asDouble())
                    .isPositive();
        }
        assertThat(json.at("/end_to_end/readings_per_cpu_s").asDouble()).isPositive();
        assertThat(json.at("/baselines/raw_ingest/cpu_us_per_reading").asDouble())
                .isPositive();
        assertThat(results.toCsv().lines().count()).isEqualTo(results.metrics().size() + 1L);

        List<Path> charts = BenchCharts.write(results, dir, "bench");

        assertThat(charts).anyMatch(p -> p.getFileName().toString().equals("bench-confirmation-latency.png"));
        assertThat(charts).anyMatch(p -> p.getFileName().toString().equals("bench-confirmation-throughput.png"));
        for (Path png :
                charts.stream().filter(p -> p.toString().endsWith(".png")).toList()) {
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
            assertThat(head).as(png.toString()).containsExactly(0x89, 'P', 'N', 'G');
        }
        String html = Files.readString(dir.resolve("bench.html"));
        assertThat(html).contains("bench-confirmation-latency.png").contains("latency.alert.p99_ms");
    }
}
