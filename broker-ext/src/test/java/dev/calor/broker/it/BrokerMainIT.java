package dev.calor.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.calor.broker.BrokerMain;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.testing.Mqtt;
import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./calor broker} as its own process: refuses a bad config listing every error, runs a good one. */
@Timeout(90)
class BrokerMainIT {

    @TempDir
    Path dir;

    @Test
    void invalidConfigurationListsEveryErrorAndExitsWithTwo() throws Exception {
        Path config = dir.resolve("broker.yaml");
        Files.writeString(
                config,
                """
                broker:
                  persistence: tape
                  listeners:
                    tcp: {port: -1}
                extension:
                  shard-count: 5000
                """);
        try (JavaProcess p = JavaProcess.start(
                BrokerMain.class.getName(),
                List.of("--config", config.toString()),
                Map.of(),
                dir.resolve("main.log"))) {
            assertThat(p.waitFor(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(p.log())
                    .contains("broker.yaml: 4 configuration problem(s)")
                    .contains("broker.persistence")
                    .contains("broker.listeners.tcp.port")
                    .contains("extension.credentials-file: is required")
                    .contains("extension.shard-count");
        }
    }

    @Test
    void runsTheBrokerFromAConfigFileUntilStopped() throws Exception {
        CredentialsFile.builder().device("patch-0001", "device-pw").write(dir.resolve("credentials.yaml"));
        int port = FreePorts.next();
        Path config = dir.resolve("broker.yaml");
        Files.writeString(
                config,
                """
                broker:
                  home: home
                  persistence: in-memory
                  listeners:
                    tcp: {port: %d}
                extension:
                  credentials-file: credentials.yaml
                  metrics: {enabled: false}
                """
                        .formatted(port));
        try (JavaProcess p = JavaProcess.start(
                BrokerMain.class.getName(),
                List.of("--config", config.toString()),
                Map.of(),
                dir.resolve("main.log"))) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        assertThat(p.isAlive()).as(p.log()).isTrue();
                        return p.log().contains("Calor broker listening");
                    });
            assertThat(Mqtt.connectCode(port, "patch-0001", "device-pw")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            assertThat(Mqtt.connectCode(port, "patch-0001", "nope"))
                    .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
            p.stop();
            assertThat(p.isAlive()).isFalse();
            assertThat(p.log()).contains("Calor broker stopped");
            assertThat(Files.exists(dir.resolve("home/conf/config.xml"))).isTrue();
        }
    }

    @Test
    void hashPasswordSubcommandDocumentsItself() throws Exception {
        try (JavaProcess p = JavaProcess.start(
                BrokerMain.class.getName(), List.of("hash-password", "--help"), Map.of(), dir.resolve("hash.log"))) {
            assertThat(p.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(p.log()).contains("--iterations");
        }
    }
}
