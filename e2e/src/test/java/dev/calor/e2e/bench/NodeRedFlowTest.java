package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class NodeRedFlowTest {

    @Test
    void flowWiresMqttInThroughTheShapingFunctionToInfluxBatch() throws Exception {
        JsonNode flow = new ObjectMapper().readTree(NodeRedBaseline.flow(1883, 8086));

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

    private static JsonNode node(JsonNode flow, String id) {
        for (JsonNode n : flow) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no node " + id);
    }
}
