package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BrokerBaselineTest {

    @Test
    void aBrokerThatDropsWhatItAcknowledgedIsCreditedOnlyWithWhatItDelivered() throws Exception {
        // 1 000 000 acknowledged over a 10 s leg (plus 0.5 s for the last delivery), 250 000 delivered
        BrokerBaseline ce = new BrokerBaseline("hivemq_ce", 1_000_000, 250_000, 10.5, 20);
        BenchResults results = new BenchResults("test", "machine");

        ce.addTo(results);

        JsonNode json = new ObjectMapper().readTree(results.toJson()).at("/baselines/hivemq_ce");
        assertThat(json.get("readings_per_s").asDouble()).isCloseTo(250_000 / 10.5, within(1e-6));
        assertThat(json.get("readings_dropped").asLong()).isEqualTo(750_000);
        assertThat(json.get("readings_per_cpu_s").asDouble()).isCloseTo(12_500, within(1e-6));
        assertThat(results.notes())
                .anyMatch(n -> n.contains("hivemq_ce acknowledged 1000000") && n.contains("750000 never reached"));
    }

    @Test
    void aBrokerThatDeliversEverythingHasNoDropsAndNoNote() throws Exception {
        BrokerBaseline mosquitto = new BrokerBaseline("mosquitto", 600_000, 600_000, 10.0, 5);
        BenchResults results = new BenchResults("test", "machine");

        mosquitto.addTo(results);

        JsonNode json = new ObjectMapper().readTree(results.toJson()).at("/baselines/mosquitto");
        assertThat(json.get("readings_per_s").asDouble()).isCloseTo(60_000, within(1e-6));
        assertThat(json.get("readings_dropped").asLong()).isZero();
        assertThat(results.notes()).noneMatch(n -> n.contains("mosquitto acknowledged"));
    }
}
