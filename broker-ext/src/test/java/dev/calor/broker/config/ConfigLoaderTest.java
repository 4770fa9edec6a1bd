package dev.calor.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calor.broker.forward.ForwardingConfig;
import dev.calor.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void shippedExampleLoadsWithDocumentedValues() {
        BrokerConfig c = ConfigLoader.loadBroker(Path.of("config/broker.example.yaml"));
        assertThat(c.persistence()).isEqualTo(Persistence.FILE);
        assertThat(c.tcp().port()).isEqualTo(1883);
        assertThat(c.tls()).isEmpty();
        assertThat(c.extension().shardCount()).isEqualTo(16);
        assertThat(c.extension().careCircleFile()).isPresent();
        assertThat(c.extension().clientLimits().workerQueueSize()).isEqualTo(1_000_000);
        assertThat(c.extension().validation()).isEqualTo(ValidationPolicy.defaults());
        assertThat(c.extension().rateLimits()).isEqualTo(RateLimits.defaults());
        assertThat(c.extension().deadLetter().storeDir()).isPresent();
        assertThat(c.extension()
                        .deadLetter()
                        .withStore(Path.of("x"), 1024, Duration.ofDays(1))
                        .maxPayloadBytes())
                .isEqualTo(DeadLetterConfig.defaults().maxPayloadBytes());
        assertThat(c.restrictions().maxPacketSize()).isEqualTo(512 * 1024);
        assertThat(c.webSocket()).isPresent();
        assertThat(c.extension().authentication()).isEqualTo(dev.calor.broker.config.AuthConfig.defaults());
        assertThat(c.extension().forwarding().mode()).isEqualTo(ForwardingConfig.Mode.MQTT);
    }

    @Test
    void kafkaForwardingReadsItsSettingsAndRequiresBootstrapServers() throws Exception {
        Files.writeString(dir.resolve("creds.yaml"), "users: []\n");
        Path file = dir.resolve("broker.yaml");
        Files.writeString(
                file,
                """
                extension:
                  credentials-file: creds.yaml
                  forwarding:
                    mode: kafka
                    bootstrap-servers: 127.0.0.1:9092,127.0.0.1:9093
                    node-id: broker-2
                    timeout: 4s
                    partitions: 24
                """);

        ForwardingConfig f = ConfigLoader.loadBroker(file).extension().forwarding();

        assertThat(f.mode()).isEqualTo(ForwardingConfig.Mode.KAFKA);
        assertThat(f.bootstrapServers()).isEqualTo("127.0.0.1:9092,127.0.0.1:9093");
        assertThat(f.nodeId()).isEqualTo("broker-2");
        assertThat(f.timeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(f.partitions()).isEqualTo(24);
        assertThat(f.readingsTopic()).isEqualTo("calor.readings");

        Files.writeString(
                file, "extension:\n  credentials-file: creds.yaml\n  forwarding: {mode: kafka, timeot: 4s}\n");
        assertThatThrownBy(() -> ConfigLoader.loadBroker(file))
                .hasMessageContaining("forwarding.bootstrap-servers: is required when mode is kafka")
                .hasMessageContaining("forwarding.timeot: is not a known setting");
    }

    @Test
    void minimalFileTakesDefaultsAndResolvesPathsAgainstItsDirectory() throws Exception {
        Files.writeString(dir.resolve("creds.yaml"), "users: []\n");
        Path file = dir.resolve("broker.yaml");
        Files.writeString(file, "extension:\n  credentials-file: creds.yaml\n");

        BrokerConfig c = ConfigLoader.loadBroker(file);

        assertThat(c.extension().credentialsFile()).isEqualTo(dir.resolve("creds.yaml"));
        assertThat(c.extension().reloadInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.persistence()).isEqualTo(Persistence.FILE);
        assertThat(c.maxQueueSize()).isEqualTo(1000);
    }

    @Test
    void reportsEveryErrorAtOnce() throws Exception {
        Path file = dir.resolve("broker.yaml");
        Files.writeString(
                file,
                """
                broker:
                  persistence: floppy
                  listeners:
                    tcp: {port: 70000}
                    tls: {enabled: true}
                  colour: red
                extension:
                  care-circle-file: nowhere.json
                  shard-count: 0
                  reload-interval: soon
                  validation:
                    min-temperature-celsius: 45
                    max-temperature-celsius: 40
                  rate-limits:
                    device-messages-per-second: -1
                """);

        assertThatThrownBy(() -> ConfigLoader.loadBroker(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .hasSize(10)
                        .anySatisfy(m ->
                                assertThat(m).contains("broker.persistence").contains("floppy"))
                        .anySatisfy(m -> assertThat(m).contains("broker.listeners.tcp.port"))
                        .anySatisfy(m -> assertThat(m)
                                .contains("broker.listeners.tls.keystore")
                                .contains("required"))
                        .anySatisfy(m -> assertThat(m).contains("broker.colour: is not a known setting"))
                        .anySatisfy(
                                m -> assertThat(m).contains("credentials-file").contains("required"))
                        .anySatisfy(
                                m -> assertThat(m).contains("care-circle-file").contains("nowhere.json"))
                        .anySatisfy(m -> assertThat(m).contains("shard-count"))
                        .anySatisfy(
                                m -> assertThat(m).contains("reload-interval").contains("soon"))
                        .anySatisfy(m -> assertThat(m)
                                .contains("min-temperature-celsius")
                                .contains("below"))
                        .anySatisfy(m -> assertThat(m).contains("device-messages-per-second")));
    }
}
