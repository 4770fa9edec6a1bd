package dev.calor.edgebridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calor.config.ConfigException;
import dev.calor.edgebridge.buffer.OverflowPolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BridgeConfigReaderTest {

    private static final Path BASE = Path.of("/etc/calor");

    @Test
    void readsTheShippedExampleWithEveryDefaultItDoesNotSet() {
        BridgeConfig config = BridgeConfigReader.read(Path.of("config/bridge.example.yaml"));

        assertThat(config.bridgeId()).isEqualTo("ward3-bed12");
        assertThat(config.buffer().overflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
        assertThat(config.buffer().maxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(config.publish().interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.publish().backoff().max()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.patches()).hasSize(2);
        assertThat(config.patches().get(0).password()).isEqualTo("patch-0001-secret");
        assertThat(config.patches().get(0).serial().orElseThrow().sampleInterval())
                .hasValue(60);
        assertThat(config.patches().get(1).ble().orElseThrow().address()).contains("C0:A1:00:00:00:02");
        assertThat(config.http().port()).isEqualTo(9464);
    }

    @Test
    void fillsDefaultsForAMinimalFile() {
        BridgeConfig config = BridgeConfigReader.parse(
                """
                bridge-id: b1
                buffer: {file: buffer.db}
                broker: {host: broker.local}
                patches:
                  - device-id: patch-1
                    password: pw
                    serial: {port: /dev/ttyUSB0}
                """,
                "minimal",
                BASE);

        assertThat(config.buffer().file()).isEqualTo(Path.of("/etc/calor/buffer.db"));
        assertThat(config.buffer().maxReadings()).isEqualTo(1_000_000);
        assertThat(config.broker().port()).isEqualTo(1883);
        assertThat(config.broker().tls()).isEmpty();
        assertThat(config.publish().maxBatchSize()).isEqualTo(500);
        assertThat(config.intake().gapTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.patches().get(0).serial().orElseThrow().baudRate()).isEqualTo(115_200);
        assertThat(config.patches().get(0).serial().orElseThrow().sampleInterval())
                .isEmpty();
    }

    @Test
    void reportsEveryProblemOfAWrongFileAtOnce() {
        String yaml =
                """
                bridge-id: "bad id!"
                buffer:
                  max-readings: 0
                  overflow-policy: drop-random
                  max-age: soon
                broker:
                  port: 70000
                publish:
                  interval: 0s
                  reconnect-initial: 10s
                  reconnect-max: 1s
                  max-batchsize: 10
                patches:
                  - device-id: patch-1
                    password: pw
                    serial: {port: /dev/ttyUSB0, parity: sometimes}
                  - device-id: patch-1
                    serial: {port: /dev/ttyUSB0}
                    ble: {address: "zz"}
                  - password: pw
                """;
        assertThatThrownBy(() -> BridgeConfigReader.parse(yaml, "bad.yaml", BASE))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactlyInAnyOrder(
                                "bridge-id: must be 1..64 characters of [A-Za-z0-9._-] starting alphanumeric",
                                "buffer.file: is required",
                                "buffer.max-readings: must be in [1, 9223372036854775807], was 0",
                                "buffer.max-age: must be a duration such as 500ms, 10s, 5m, 2h or 7d, was 'soon'",
                                "buffer.overflow-policy: must be one of [drop-oldest, drop-newest, refuse], was 'drop-random'",
                                "broker.host: is required",
                                "broker.port: must be in [1, 65535], was 70000",
                                "publish.interval: must be at least 10ms, was 0s",
                                "publish.reconnect-max: must not be below reconnect-initial (10s)",
                                "publish.max-batchsize: is not a known setting (known: in-flight-window, interval, jitter, max-batch-size,"
                                        + " puback-timeout, reconnect-initial, reconnect-max)",
                                "patches[0].serial.parity: must be one of [none, even, odd], was 'sometimes'",
                                "patches[1]: needs exactly one of 'password', 'password-file' or 'password-env'",
                                "patches[1]: needs exactly one of 'serial' or 'ble'",
                                "patches[1].ble: address must look like C0:A1:00:00:00:01, was 'zz'",
                                "patches[2].device-id: is required",
                                "patches[2]: needs exactly one of 'serial' or 'ble'"))
                .hasMessageContaining("bad.yaml: 16 configuration problem(s)");
    }

    @Test
    void rejectsTwoPatchesOnOnePortAndADuplicateDeviceId() {
        String yaml =
                """
                bridge-id: b1
                buffer: {file: buffer.db}
                broker: {host: localhost}
                patches:
                  - {device-id: patch-1, password: a, serial: {port: /dev/ttyUSB0}}
                  - {device-id: patch-1, password: b, serial: {port: /dev/ttyUSB0}}
                """;
        assertThatThrownBy(() -> BridgeConfigReader.parse(yaml, "dup.yaml", BASE))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                "patches[1].device-id: 'patch-1' is configured twice",
                                "patches[1].serial.port: /dev/ttyUSB0 is used by two patches"));
    }

    @Test
    void takesSecretsFromTheEnvironmentAndPinsTlsProtocols() {
        BridgeConfig config = BridgeConfigReader.parse(
                """
                bridge-id: b1
                buffer: {file: buffer.db}
                broker:
                  host: broker.example
                  tls: {protocols: [TLSv1.3]}
                patches:
                  - device-id: patch-1
                    password-env: HOME
                    serial: {port: /dev/ttyUSB0}
                """,
                "env",
                BASE);
        assertThat(config.patches().get(0).password()).isEqualTo(System.getenv("HOME"));
        assertThat(config.broker().tls().orElseThrow().protocols()).containsExactly("TLSv1.3");

        assertThatThrownBy(() -> BridgeConfigReader.parse(
                        """
                        bridge-id: b1
                        buffer: {file: buffer.db}
                        broker:
                          host: broker.example
                          tls: {protocols: [TLSv1.1]}
                        patches:
                          - device-id: patch-1
                            password-env: CALOR_NO_SUCH_VARIABLE_SET
                            serial: {port: /dev/ttyUSB0}
                        """,
                        "bad",
                        BASE))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactlyInAnyOrder(
                                "broker.tls.protocols: 'TLSv1.1' is not one of [TLSv1.3, TLSv1.2]",
                                "patches[0].password-env: environment variable CALOR_NO_SUCH_VARIABLE_SET is not set"));
    }
}
