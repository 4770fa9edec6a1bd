package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeRedFlowTest {

    @Test
    void flowWiresMqttInThroughTheShapingFunctionToInfluxBatch() throws Exception {
        JsonNode flow = new ObjectMapper().readTree(NodeRedProcess.flow(1883, 8086, "calor_nodered"));

        JsonNode in = node(flow, "in");
        assertThat(in.get("type").asText()).isEqualTo("mqtt in");
        assertThat(in.get("datatype").asText()).isEqualTo("json");
        assertThat(in.get("qos").asText()).isEqualTo("1");
        assertThat(in.get("wires").get(0).get(0).asText()).isEqualTo("shape");
        assertThat(node(flow, "shape").get("func").asText()).contains("measurement: 'body_temperature'");
        assertThat(node(flow, "shape").get("wires").get(0).get(0).asText()).isEqualTo("out");
        assertThat(node(flow, "out").get("type").asText()).isEqualTo("influxdb batch");
        assertThat(node(flow, "broker").get("port").asText()).isEqualTo("1883");
        assertThat(node(flow, "influx").get("port").asText()).isEqualTo("8086");
    }

    @Test
    void countsTheWritesTheInfluxBatchNodeLoggedAsFailedByMessage() {
        List<String> log = List.of(
                "1 Dec 15:18:18 - [info] [mqtt-broker:mosquitto] Connected to broker: node-red-baseline@mqtt://127.0.0.1:1",
                "1 Dec 15:19:09 - [error] [influxdb batch:influxdb batch] Error: Internal Server Error",
                "1 Dec 15:19:09 - [error] [influxdb batch:influxdb batch] Error: Internal Server Error",
                "1 Dec 15:19:15 - [error] [influxdb batch:influxdb batch] Error: No host available",
                "1 Dec 15:19:16 - [error] [function:to points] TypeError: b.readings is not iterable");

        assertThat(NodeRedProcess.writeErrors(log))
                .containsExactly(
                        Map.entry("Error: Internal Server Error", 2L), Map.entry("Error: No host available", 1L));
    }

    @Test
    void aRunLosesWhatWasNeitherStoredNorRefusedAsPendingAndCountsRefusedWritesByBatch() {
        NodeRedRun run = new NodeRedRun(0, 1_000, 600, Map.of("Error: No host available", 50L), 4, 10, 12, 5, 100);

        assertThat(run.failedReadings()).isEqualTo(200);
        assertThat(run.pending()).isEqualTo(200);
        assertThat(run.lost()).isEqualTo(400);
        assertThat(run.storedPerSecond()).isEqualTo(50.0);
        assertThat(run.storedPerCpuSecond()).isEqualTo(120.0);
    }

    private static JsonNode node(JsonNode flow, String id) {
        for (JsonNode n : flow) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no node " + id);
    }
}
