package dev.calor.edgebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.calor.edgebridge.Bridge;
import dev.calor.edgebridge.buffer.BufferListener;
import dev.calor.edgebridge.buffer.BufferSettings;
import dev.calor.edgebridge.buffer.QuarantinedBatch;
import dev.calor.edgebridge.buffer.ReadingBuffer;
import dev.calor.edgebridge.config.BridgeConfig;
import dev.calor.edgebridge.testing.BridgeConfigs;
import dev.calor.edgebridge.testing.BrokerFixture;
import dev.calor.edgebridge.testing.RecordedBroker;
import dev.calor.edgebridge.testing.Scenarios;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.proto.v1.LinkState;
import dev.calor.proto.v1.QualityFlag;
import dev.calor.proto.v1.Reading;
import dev.calor.sim.patch.PatchListener;
import dev.calor.sim.serial.SerialPatchRunner;
import dev.calor.testsupport.PtyPair;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The bridge between a simulated patch on a real pty and the embedded broker with the real extension. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BridgePipelineIT {

    private static final List<String> DEVICES = List.of("patch-0101", "patch-0102", "patch-0103", "patch-0104");

    @TempDir
    Path dir;

    @RegisterExtension
    static final RecordedBroker broker = new RecordedBroker(DEVICES);

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void deliversEveryReadingOfAPatchOnANoisyLineExactlyOnceAndInOrder() {
        String device = DEVICES.get(0);
        int readings = 120;
        BridgeConfig config = BridgeConfigs.config(
                dir.resolve("buffer.db"),
                broker.port(),
                BridgeConfigs.fastPublish(50, 4),
                List.of(BridgeConfigs.serialPatch(device, dir.resolve("bridge"))));
        try (PtyPair pty = PtyPair.open(dir);
                Bridge bridge = Bridge.start(config, Clock.systemUTC());
                SerialPatchRunner patch = new SerialPatchRunner(
                        Scenarios.steady(device, readings, 40, 0.05),
                        pty.patchSide(),
                        Clock.systemUTC(),
                        PatchListener.NONE,
                        null)) {
            patch.start();

            await().atMost(Duration.ofSeconds(40))
                    .until(() -> broker.recorder().distinctSequences(device).size() == readings);
            await().atMost(Duration.ofSeconds(10)).until(() -> patch.inspect(f -> f.unacknowledged()) == 0);

            // A reading lost on the line arrives later (the patch resends it) and is published in a later
            // batch; within a batch readings are in sequence order.
            List<Reading> received = broker.recorder().readings(device);
            assertThat(received).hasSize(readings);
            assertThat(received)
                    .extracting(r -> (long) r.getSequence())
                    .containsExactlyInAnyOrderElementsOf(oneTo(readings));
            assertThat(broker.recorder().batches()).allSatisfy(b -> assertThat(b.getReadingsList())
                    .extracting(Reading::getSequence)
                    .isSorted());
            assertThat(received).allSatisfy(r -> {
                assertThat(r.getTemperatureCelsius()).isBetween(15.0, 42.0); // warming up from room temperature
                assertThat(r.getQualityFlags() & QualityFlag.QUALITY_FLAG_CLOCK_UNRELIABLE_VALUE)
                        .as("the bridge set the patch clock")
                        .isZero();
                assertThat(r.getSampleTimeUnixNs()).isPositive();
            });
            assertThat(bridge.metrics().value("calor_bridge_frames_rejected_total", device))
                    .as("the line corrupted some frames")
                    .isGreaterThan(0);
            assertThat(bridge.metrics().value("calor_bridge_readings_published_total", device))
                    .isEqualTo(readings);
            assertThat(bridge.buffer().depth(device)).isZero();
        }
    }

    @Test
    void reopensThePortAfterAnUnplugAndLosesNothing() {
        String device = DEVICES.get(1);
        int readings = 200;
        BridgeConfig config = BridgeConfigs.config(
                dir.resolve("buffer.db"),
                broker.port(),
                BridgeConfigs.fastPublish(50, 4),
                List.of(BridgeConfigs.serialPatch(device, dir.resolve("bridge"))));
        try (PtyPair pty = PtyPair.open(dir);
                Bridge bridge = Bridge.start(config, Clock.systemUTC());
                SerialPatchRunner patch = new SerialPatchRunner(
                        Scenarios.steady(device, readings, 20, 0.0),
                        pty.patchSide(),
                        Clock.systemUTC(),
                        PatchListener.NONE,
                        null)) {
            patch.start();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> broker.recorder().distinctSequences(device).size() >= 40);

            pty.unplug();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> bridge.statusBoard().get(device).link()
                            == dev.calor.edgebridge.transport.LinkState.DISCONNECTED);
            await().pollDelay(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> true);
            pty.replug();

            await().atMost(Duration.ofSeconds(40))
                    .until(() -> broker.recorder().distinctSequences(device).size() == readings);
            assertThat(broker.recorder().distinctSequences(device)).containsExactlyElementsOf(oneTo(readings));
            assertThat(broker.recorder().readings(device)).hasSize(readings);
        }
    }

    @Test
    void quarantinesOnlyTheReadingTheBrokerRefusesAndDeliversTheRestOfItsBatch() {
        String device = DEVICES.get(2);
        Path bufferFile = dir.resolve("buffer.db");
        long sampled = Instant.now().minusSeconds(60).toEpochMilli() * 1_000_000L;
        try (ReadingBuffer buffer =
                ReadingBuffer.open(BufferSettings.defaults(bufferFile), Clock.systemUTC(), BufferListener.NONE)) {
            for (int seq = 1; seq <= 6; seq++) {
                double celsius = seq == 4 ? 80.0 : 36.5; // the extension accepts 10..50 °C
                buffer.append(
                        device,
                        Reading.newBuilder()
                                .setBootEpoch(1)
                                .setSequence(seq)
                                .setTemperatureCelsius(celsius)
                                .setSampleTimeUnixNs(sampled + seq * 1_000_000_000L)
                                .setReceivedTimeUnixNs(sampled + seq * 1_000_000_000L)
                                .build());
            }
        }
        BridgeConfig config = BridgeConfigs.config(
                bufferFile,
                broker.port(),
                BridgeConfigs.fastPublish(2, 1),
                List.of(BridgeConfigs.serialPatch(device, dir.resolve("no-such-port"))));
        try (Bridge bridge = Bridge.start(config, Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> bridge.buffer().depth(device) == 0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> broker.recorder().readings(device).size() == 5);

            assertThat(broker.recorder().distinctSequences(device)).containsExactly(1L, 2L, 3L, 5L, 6L);
            List<QuarantinedBatch> quarantined = bridge.buffer().quarantined();
            assertThat(quarantined).hasSize(1);
            assertThat(quarantined.get(0).reasonCode()).isEqualTo(0x99);
            assertThat(quarantined.get(0).reason()).contains("temperature");
            assertThat(quarantined.get(0).readings())
                    .as("only the 80 °C reading")
                    .isEqualTo(1);
            assertThat(bridge.metrics().value("calor_bridge_batches_quarantined_total", device, "0x99"))
                    .isEqualTo(1);
        }
    }

    @Test
    void publishesRetainedStatusAndLeavesAnOfflineWillWhenStopped() throws Exception {
        String device = DEVICES.get(3);
        List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
        Mqtt5BlockingClient observer = MqttClient.builder()
                .useMqttVersion5()
                .identifier("calor-worker-status-observer")
                .serverHost("127.0.0.1")
                .serverPort(broker.port())
                .buildBlocking();
        observer.connectWith()
                .simpleAuth()
                .username(BrokerFixture.OBSERVER)
                .password(BrokerFixture.OBSERVER_PASSWORD.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send();
        try {
            observer.toAsync()
                    .subscribeWith()
                    .topicFilter(Topics.status(device))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> {
                        try {
                            statuses.add(DeviceStatus.parseFrom(p.getPayloadAsBytes()));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .send()
                    .get(10, TimeUnit.SECONDS);
            BridgeConfig config = BridgeConfigs.config(
                    dir.resolve("buffer.db"),
                    broker.port(),
                    BridgeConfigs.fastPublish(10, 1),
                    List.of(BridgeConfigs.serialPatch(device, dir.resolve("no-such-port"))));
            Bridge bridge = Bridge.start(config, Clock.systemUTC());
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> !statuses.isEmpty());
                DeviceStatus first = statuses.get(0);
                assertThat(first.getDeviceId()).isEqualTo(device);
                assertThat(first.getBridgeId()).isEqualTo("bridge-test");
                assertThat(first.getLinkState()).isEqualTo(LinkState.LINK_STATE_DISCONNECTED);

                HttpResponse<String> health = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.httpPort() + "/health"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("\"status\":\"DEGRADED\"").contains("\"mqttConnected\":true");
                HttpResponse<String> metrics = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.httpPort() + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.body())
                        .contains("calor_bridge_buffer_depth{device=\"" + device + "\"} 0.0")
                        .contains("calor_bridge_patch_link_state{device=\"" + device + "\",state=\"connecting\"} 1.0");
            } finally {
                bridge.close();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> statuses.get(statuses.size() - 1).getLinkState() == LinkState.LINK_STATE_OFFLINE);
        } finally {
            observer.disconnect();
        }
        assertThat(Files.exists(dir.resolve("buffer.db"))).isTrue();
    }
}
