package dev.calor.edgebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.calor.edgebridge.Bridge;
import dev.calor.edgebridge.buffer.BufferSettings;
import dev.calor.edgebridge.config.BridgeConfig;
import dev.calor.edgebridge.config.HttpSettings;
import dev.calor.edgebridge.config.IntakeSettings;
import dev.calor.edgebridge.config.PatchConfig;
import dev.calor.edgebridge.publish.BrokerSettings;
import dev.calor.edgebridge.publish.DevicePublisher;
import dev.calor.edgebridge.publish.PublishSettings;
import dev.calor.edgebridge.testing.BridgeConfigs;
import dev.calor.edgebridge.testing.BrokerFixture;
import dev.calor.edgebridge.testing.IngestRecorder;
import dev.calor.edgebridge.testing.ScriptedSerialPatch;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.proto.v1.LinkState;
import dev.calor.proto.v1.Reading;
import dev.calor.retry.Backoff;
import dev.calor.testsupport.PtyPair;
import dev.calor.testsupport.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher against the real broker through a TCP proxy the test controls: a broker whose PUBACKs never
 * arrive (replies held, connection open), a will rebuilt at each connect as a real subscriber sees it, and a
 * silent patch on a real pty becoming STALE in status and metrics.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PublisherFaultsIT {

    private static final dev.calor.edgebridge.transport.LinkState PATCH_ONLINE =
            dev.calor.edgebridge.transport.LinkState.ONLINE;
    private static final dev.calor.edgebridge.transport.LinkState PATCH_STALE =
            dev.calor.edgebridge.transport.LinkState.STALE;
    private static final List<String> DEVICES = List.of("patch-0501", "patch-0502", "patch-0503");

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static BrokerFixture broker;
    private static IngestRecorder recorder;
    private static TcpProxy proxy;

    @BeforeAll
    static void startBrokerAndProxy() {
        broker = BrokerFixture.start(shared, DEVICES);
        recorder = new IngestRecorder(broker.port(), DEVICES);
        proxy = TcpProxy.start("127.0.0.1", broker.port());
    }

    @AfterAll
    static void stopAll() {
        if (proxy != null) {
            proxy.close();
        }
        if (recorder != null) {
            recorder.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** A bridge for one patch (serial port absent unless given) through the proxy, PUBACK time-out 1 s. */
    private BridgeConfig config(String device, Path port, int brokerPort, Duration staleAfter) {
        PublishSettings publish = new PublishSettings(
                Duration.ofMillis(200),
                Duration.ofMillis(50),
                10,
                2,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
                Duration.ofSeconds(1));
        PatchConfig patch = BridgeConfigs.serialPatch(device, port);
        return new BridgeConfig(
                "bridge-test",
                BufferSettings.defaults(dir.resolve("buffer.db")),
                // keep-alive far beyond the PUBACK time-out: the time-out is what notices the silence
                new BrokerSettings("127.0.0.1", brokerPort, Optional.empty(), Duration.ofSeconds(60)),
                publish,
                new IntakeSettings(
                        Duration.ofSeconds(20),
                        10_000,
                        Duration.ofMinutes(5),
                        IntakeSettings.DEFAULT_CLOCK_SYNC,
                        IntakeSettings.DEFAULT_CLOCK_JUMP_THRESHOLD,
                        staleAfter),
                new HttpSettings("127.0.0.1", 0),
                List.of(patch));
    }

    private static List<Reading> readings(int count) {
        long start = Instant.now().minusSeconds(count + 60L).toEpochMilli() * 1_000_000L;
        return IntStream.rangeClosed(1, count)
                .mapToObj(seq -> Reading.newBuilder()
                        .setBootEpoch(1)
                        .setSequence(seq)
                        .setTemperatureCelsius(36.5)
                        .setSampleTimeUnixNs(start + seq * 1_000_000_000L)
                        .setReceivedTimeUnixNs(start + seq * 1_000_000_000L)
                        .build())
                .toList();
    }

    @Test
    void batchesWithoutPubackAreKeptAndResentAndEveryReadingArrivesUnderItsOwnKey() {
        String device = DEVICES.get(0);
        try (Bridge bridge =
                Bridge.start(config(device, dir.resolve("none"), proxy.port(), Duration.ZERO), Clock.systemUTC())) {
            DevicePublisher publisher = bridge.publisher(device).orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(publisher::isConnected);

            proxy.holdReplies(); // the broker takes the batches; its PUBACKs never reach the bridge
            bridge.buffer().appendAll(device, readings(40));
            publisher.drainNow();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> bridge.metrics().value("calor_bridge_publish_failures_total", device) >= 2);
            assertThat(bridge.buffer().depth(device))
                    .as("nothing leaves the buffer without a PUBACK")
                    .isEqualTo(40);
            assertThat(publisher.isConnected())
                    .as("the keep-alive has not noticed anything")
                    .isTrue();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !recorder.readings(device).isEmpty()); // the broker did forward them

            proxy.releaseReplies();
            await().atMost(Duration.ofSeconds(60)).until(() -> bridge.buffer().depth(device) == 0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> recorder.distinctSequences(device).size() == 40);

            assertThat(recorder.distinctSequences(device))
                    .containsExactlyInAnyOrderElementsOf(
                            LongStream.rangeClosed(1, 40).boxed().toList());
            List<Reading> arrived = recorder.readings(device);
            assertThat(arrived).as("resent batches were delivered again").hasSizeGreaterThan(40);
            Map<Long, Set<Long>> sampleTimes = arrived.stream()
                    .collect(Collectors.groupingBy(
                            r -> Integer.toUnsignedLong(r.getSequence()),
                            Collectors.mapping(Reading::getSampleTimeUnixNs, Collectors.toSet())));
            assertThat(sampleTimes.values())
                    .as("every copy is the same point: same key, same sample time")
                    .allSatisfy(times -> assertThat(times).hasSize(1));
            assertThat(bridge.buffer().quarantined()).isEmpty();
        }
    }

    @Test
    void theWillIsRebuiltAtEachConnectSoTheOfflineStatusCarriesTheStateOfTheLastConnect() {
        String device = DEVICES.get(1);
        List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
        Mqtt5BlockingClient observer = observeStatus(device, statuses);
        try (Bridge bridge =
                Bridge.start(config(device, dir.resolve("none"), proxy.port(), Duration.ZERO), Clock.systemUTC())) {
            DevicePublisher publisher = bridge.publisher(device).orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(publisher::isConnected);
            bridge.statusBoard().update(device, s -> s.withBattery(80));
            await().atMost(Duration.ofSeconds(10)).until(() -> last(statuses).getBatteryPercent() == 80);

            proxy.cut(); // the broker publishes the will set at the first connect, before any battery reading
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> last(statuses).getLinkState() == LinkState.LINK_STATE_OFFLINE);
            assertThat(last(statuses).hasBatteryPercent()).isFalse();

            bridge.statusBoard().update(device, s -> s.withBattery(55));
            proxy.restore();
            await().atMost(Duration.ofSeconds(30)).until(publisher::isConnected);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> last(statuses).getLinkState() != LinkState.LINK_STATE_OFFLINE
                            && last(statuses).getBatteryPercent() == 55);

            proxy.cut();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> last(statuses).getLinkState() == LinkState.LINK_STATE_OFFLINE);
            DeviceStatus will = last(statuses);
            assertThat(will.getBatteryPercent())
                    .as("the state when the bridge reconnected")
                    .isEqualTo(55);
            assertThat(will.getDeviceId()).isEqualTo(device);
        } finally {
            proxy.restore();
            observer.disconnect();
        }
    }

    @Test
    void aSilentPatchBecomesStaleInStatusAndMetricsAndOnlineWhenItSpeaksAgain() {
        String device = DEVICES.get(2);
        try (PtyPair pty = PtyPair.open(dir);
                ScriptedSerialPatch patch = new ScriptedSerialPatch(pty.patchSide());
                Bridge bridge = Bridge.start(
                        config(device, pty.bridgeSide(), broker.port(), Duration.ofSeconds(2)), Clock.systemUTC())) {
            patch.send(ScriptedSerialPatch.hello(device, 1), 0, 1);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> bridge.statusBoard().get(device).link() == PATCH_ONLINE);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> bridge.statusBoard().get(device).link() == PATCH_STALE);
            assertThat(bridge.metrics().value("calor_bridge_patch_link_state", device, "stale"))
                    .isEqualTo(1);
            assertThat(bridge.metrics().value("calor_bridge_patch_link_state", device, "online"))
                    .isZero();
            assertThat(bridge.statusBoard().toProto(device).getLinkState()).isEqualTo(LinkState.LINK_STATE_STALE);

            patch.send(
                    ScriptedSerialPatch.measurement(
                            36.6, LocalDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                    1,
                    1);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> bridge.statusBoard().get(device).link() == PATCH_ONLINE);
            assertThat(bridge.metrics().value("calor_bridge_patch_link_state", device, "online"))
                    .isEqualTo(1);
        }
    }

    private static DeviceStatus last(List<DeviceStatus> statuses) {
        return statuses.isEmpty() ? DeviceStatus.getDefaultInstance() : statuses.get(statuses.size() - 1);
    }

    private static Mqtt5BlockingClient observeStatus(String device, List<DeviceStatus> into) {
        Mqtt5BlockingClient observer = MqttClient.builder()
                .useMqttVersion5()
                .identifier("calor-worker-will-observer")
                .serverHost("127.0.0.1")
                .serverPort(broker.port())
                .buildBlocking();
        observer.connectWith()
                .simpleAuth()
                .username(BrokerFixture.OBSERVER)
                .password(BrokerFixture.OBSERVER_PASSWORD.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send();
        observer.toAsync().publishes(MqttGlobalPublishFilter.SUBSCRIBED, p -> {
            try {
                into.add(DeviceStatus.parseFrom(p.getPayloadAsBytes()));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        });
        observer.subscribeWith()
                .topicFilter(Topics.status(device))
                .qos(MqttQos.AT_LEAST_ONCE)
                .send();
        return observer;
    }
}
