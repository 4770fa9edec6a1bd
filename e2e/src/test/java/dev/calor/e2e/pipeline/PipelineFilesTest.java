package dev.calor.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.calor.proto.CareCircleFiles;
import dev.calor.proto.v1.CareCircleRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineFilesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void demoBrokerKeepsTheProductionRateLimits(@TempDir Path dir) throws Exception {
        PipelineFiles files = new PipelineFiles(dir, "calor", 60, "pw");

        JsonNode broker = YAML.readTree(files.broker(1883, dir.resolve("c.yaml"), dir.resolve("cc.json"), 9100)
                .toFile());

        assertThat(broker.at("/extension/rate-limits").isMissingNode()).isTrue();
        assertThat(broker.at("/broker/max-queue-size").isMissingNode()).isTrue();
        assertThat(broker.at("/extension/metrics/port").asInt()).isEqualTo(9100);
        assertThat(files.jvmOptions("broker")).containsExactly("-Xmx512m");
    }

    @Test
    void loadTestBrokerRaisesTheLimitsOfOneLoadGeneratorAndPutsEveryMeasuredPatchInTheCareCircle(@TempDir Path dir)
            throws Exception {
        PipelineFiles files = PipelineFiles.forLoadTest(
                dir, "calor", 300, "pw", List.of("load-000001", "fever-1-000001"), List.of("peak-000001"));

        JsonNode broker = YAML.readTree(files.broker(1883, files.credentials(), files.careCircle(), 9100)
                .toFile());
        CareCircleRegistry circle = CareCircleFiles.read(dir.resolve("care-circle.json"));

        assertThat(broker.at("/extension/rate-limits/connects-per-second-per-address")
                        .asInt())
                .isEqualTo(100_000);
        assertThat(broker.at("/broker/max-queue-size").asInt()).isEqualTo(100_000);
        assertThat(broker.at("/extension/care-circle-file").asText()).endsWith("care-circle.json");
        assertThat(circle.getAssignmentsList())
                .extracting(a -> a.getDeviceId())
                .contains("load-000001", "fever-1-000001")
                .doesNotContain("peak-000001");
        assertThat(circle.getCaregivers(0).getPatientIdsList()).contains("p-load-000001", "p-fever-1-000001");
        assertThat(java.nio.file.Files.readString(dir.resolve("credentials.yaml")))
                .contains("'load-000001'")
                .contains("'peak-000001'");
        assertThat(files.jvmOptions("broker-2")).containsExactly("-Xmx512m");
        assertThat(files.jvmOptions("worker")).containsExactly("-Xmx1g");
    }

    @Test
    void clusterNodesForwardToKafkaUnderTheirOwnNodeIdAndWorkersKeepTheirOwnFiles(@TempDir Path dir) throws Exception {
        PipelineFiles files = new PipelineFiles(dir, "calor", 60, "pw");
        Path credentials = files.credentials(List.of(PipelineFiles.WORKER, PipelineFiles.WORKER_2));

        JsonNode node = YAML.readTree(files.clusterBroker(
                        "node2",
                        1884,
                        credentials,
                        files.careCircle(),
                        9101,
                        "127.0.0.1:9092",
                        8,
                        java.time.Duration.ofSeconds(3))
                .toFile());
        JsonNode worker = YAML.readTree(files.clusterWorker(
                        PipelineFiles.WORKER_2,
                        1900,
                        "http://127.0.0.1:8086",
                        9200,
                        "127.0.0.1:9092",
                        java.time.Duration.ofSeconds(6))
                .toFile());

        assertThat(node.at("/broker/home").asText()).endsWith("node2");
        assertThat(node.at("/extension/forwarding/mode").asText()).isEqualTo("kafka");
        assertThat(node.at("/extension/forwarding/node-id").asText()).isEqualTo("node2");
        assertThat(node.at("/extension/forwarding/partitions").asInt()).isEqualTo(8);
        assertThat(node.at("/extension/forwarding/timeout").asText()).isEqualTo("3s");
        assertThat(worker.at("/worker-id").asText()).isEqualTo("worker-2");
        assertThat(worker.at("/source").asText()).isEqualTo("kafka");
        assertThat(worker.at("/kafka/session-timeout").asText()).isEqualTo("6s");
        assertThat(worker.at("/alerts/state-file").asText()).endsWith("worker-2-alerts.db");
        assertThat(worker.at("/dead-letter-file").asText()).endsWith("worker-2-dead-letter.jsonl");
        assertThat(java.nio.file.Files.readString(credentials))
                .contains("'worker-1'")
                .contains("'worker-2'");
    }
}
