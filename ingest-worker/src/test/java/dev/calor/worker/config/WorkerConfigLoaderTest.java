package dev.calor.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.calor.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerConfigLoaderTest {

    @Test
    void loadsTheShippedExampleWithItsDefaults() {
        WorkerConfig c = WorkerConfigLoader.load(Path.of("config/worker.example.yaml"));
        assertThat(c.workerId()).isEqualTo("worker-a");
        assertThat(c.shards()).hasSize(16).first().isEqualTo(0);
        assertThat(c.mqtt().sessionExpiry()).isEqualTo(Duration.ofDays(1));
        assertThat(c.influx().isV1()).isTrue();
        assertThat(c.influx().batchSize()).isEqualTo(5000);
        assertThat(c.influx().parallelWrites()).isEqualTo(4);
        assertThat(c.influx().flushInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.influx().linger()).isEqualTo(Duration.ofMillis(20));
        assertThat(c.careCircleFile())
                .isEqualTo(Path.of("config/care-circle.example.json").toAbsolutePath());
        assertThat(c.alerts().lateAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.metricsPort()).isEqualTo(9401);
    }

    @Test
    void reportsEveryProblemAtOnce() throws Exception {
        String yaml =
                """
                worker-id: "bad id"
                shard-count: 8
                shards: "0-9,x"
                mqtt: {port: 70000, receive-maximum: 0, session-expiry: soon}
                influx: {version: "2", url: "ftp://x", batch-size: -1, retry-initial: 5s, retry-max: 1s, linger: 1s, colour: blue}
                care-circle-file: /nonexistent/cc.json
                alerts: {late-after: 10s}
                """;
        var root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertThatThrownBy(() -> WorkerConfigLoader.parse(root, Path.of("/tmp"), "test.yaml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactlyInAnyOrder(
                                "worker-id: 'bad id' must be letters, digits, '.', '_' or '-'",
                                "shards: '0-9' is outside 0..7",
                                "shards: 'x' is not a shard number or range",
                                "mqtt.port: must be in [1, 65535], was 70000",
                                "mqtt.session-expiry: must be a duration such as 500ms, 10s, 5m, 2h or 7d, was 'soon'",
                                "mqtt.receive-maximum: must be in [1, 65535], was 0",
                                "influx.colour: is not a known setting (known: batch-size, bucket, database, flush-interval, gzip,"
                                        + " init-schema-on-start, linger, org, parallel-writes, password, retention-policy, retry-initial, retry-max,"
                                        + " timeout, token, url, username, version)",
                                "influx.url: 'ftp://x' is not an http(s) URL",
                                "influx.org: is required",
                                "influx.bucket: is required",
                                "influx.token: is required",
                                "influx.batch-size: must be in [1, 100000], was -1",
                                "influx.retry-max: must not be shorter than retry-initial",
                                "influx.linger: must not be longer than flush-interval",
                                "care-circle-file: cannot read /nonexistent/cc.json",
                                "alerts.late-after: must be at least 1m, was 10s"));
    }

    @Test
    void refusesCamelCaseKeysAndNamesTheKebabCaseOnes() throws Exception {
        String yaml =
                """
                workerId: w
                care-circle-file: config/care-circle.example.json
                alerts: {lateAfter: 30m}
                """;
        var root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertThatThrownBy(() -> WorkerConfigLoader.parse(root, Path.of("").toAbsolutePath(), "test.yaml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactlyInAnyOrder(
                                "workerId: is not a known setting (known: alerts, care-circle-file, dead-letter-file,"
                                        + " email, influx, kafka, metrics-port, mqtt, shard-count, shards, source, worker-id)",
                                "worker-id: is required",
                                "alerts.lateAfter: is not a known setting (known: delivery-give-up-after,"
                                        + " delivery-retry-initial, delivery-retry-max, keep-alerts, late-after,"
                                        + " state-file, tick-interval, webhook-timeout)"));
    }

    @Test
    void kafkaSourceNeedsBootstrapServersAndTakesItsDefaults() throws Exception {
        var yaml = new ObjectMapper(new YAMLFactory());
        String base = "worker-id: w\ncare-circle-file: config/care-circle.example.json\nsource: kafka\n";
        assertThatThrownBy(() -> WorkerConfigLoader.parse(
                        yaml.readTree(base), Path.of("").toAbsolutePath(), "t"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("kafka.bootstrap-servers: is required"));

        WorkerConfig c = WorkerConfigLoader.parse(
                yaml.readTree(base + "kafka: {bootstrap-servers: '127.0.0.1:9092', session-timeout: 6s}\n"),
                Path.of("").toAbsolutePath(),
                "t");

        assertThat(c.kafka().enabled()).isTrue();
        assertThat(c.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(c.kafka().topic()).isEqualTo("calor.readings");
        assertThat(c.kafka().groupId()).isEqualTo("calor-worker");
        assertThat(c.kafka().sessionTimeout()).isEqualTo(java.time.Duration.ofSeconds(6));
        assertThat(c.kafka().stateTopic()).isEqualTo("calor.worker-alert-state");
        assertThat(c.kafka().alertEventsTopic()).isEqualTo("calor.alert-events");

        WorkerConfig named = WorkerConfigLoader.parse(
                yaml.readTree(base + "kafka: {bootstrap-servers: 'k:9092', state-topic: s, alert-events-topic: e,"
                        + " alert-state-topic: r}\n"),
                Path.of("").toAbsolutePath(),
                "t");
        assertThat(List.of(
                        named.kafka().stateTopic(),
                        named.kafka().alertEventsTopic(),
                        named.kafka().alertStateTopic()))
                .containsExactly("s", "e", "r");
    }

    @Test
    void parsesShardSets() {
        List<String> problems = new ArrayList<>();
        assertThat(Shards.parse("0-2, 5,7", 16, problems::add)).containsExactly(0, 1, 2, 5, 7);
        assertThat(Shards.parse("all", 4, problems::add)).containsExactly(0, 1, 2, 3);
        assertThat(problems).isEmpty();
    }
}
