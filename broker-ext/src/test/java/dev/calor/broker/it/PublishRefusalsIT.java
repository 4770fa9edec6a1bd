package dev.calor.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.DeadLetterConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.config.MetricsConfig;
import dev.calor.broker.config.RateLimits;
import dev.calor.broker.config.ValidationPolicy;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.broker.testing.Mosquitto;
import dev.calor.broker.testing.Mqtt;
import dev.calor.broker.testing.TestBatches;
import dev.calor.broker.validation.RejectReason;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a reading batch is refused by validation, as MQTT 5 and MQTT 3.1.1 clients see it, and what
 * lands in the dead-letter topic. Rate limits: {@link RateLimitIT}.
 */
@Timeout(60)
class PublishRefusalsIT {

    private static final String DEVICE = "patch-0001";
    private static final int MAX_PAYLOAD = 4096;

    @TempDir
    static Path dir;

    static CalorBroker broker;
    static int port;
    static Mqtt5BlockingClient device;
    static Mqtt5BlockingClient ops;
    static Mqtt5BlockingClient.Mqtt5Publishes deadLetters;

    @BeforeAll
    static void startBroker() {
        Path creds = CredentialsFile.builder()
                .device(DEVICE, "device-pw")
                .device("patch-v3", "v3-pw")
                .device("patch-noisy", "noisy-pw")
                .device("patch-dlq", "dlq-pw")
                .operator("ops", "ops-pw")
                .write(dir.resolve("credentials.yaml"));
        ExtensionConfig ext = ExtensionConfig.builder(creds)
                .validation(new ValidationPolicy(
                        MAX_PAYLOAD, 20, 10, 50, Duration.ofMinutes(5), Duration.ofDays(30), false))
                .deadLetter(new DeadLetterConfig(true, 1024, 5, Duration.ofHours(1)))
                .rateLimits(new RateLimits(1000, 10_000, 1e9, 1_000_000_000, 1000, 1000))
                .metrics(new MetricsConfig(true, "127.0.0.1", 0))
                .build();
        broker = CalorBroker.start(BrokerConfig.builder(dir.resolve("broker"), creds)
                .extension(ext)
                .build());
        port = broker.mqttPort();
        ops = Mqtt.connect(port, "ops", "ops-pw");
        deadLetters = ops.publishes(MqttGlobalPublishFilter.ALL);
        assertThat(Mqtt.subscribe(ops, "calor/v1/dlq/+")).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        device = Mqtt.connect(port, DEVICE, "device-pw");
    }

    @AfterAll
    static void stopBroker() {
        if (device != null) {
            device.disconnect();
        }
        if (ops != null) {
            ops.disconnect();
        }
        if (broker != null) {
            broker.close();
        }
    }

    static Stream<Arguments> invalidBatches() {
        Instant now = Instant.now();
        ReadingBatch valid = TestBatches.valid(DEVICE, now, 3).build();
        Reading r0 = valid.getReadings(0);
        byte[] tooLarge =
                valid.toBuilder().setBridgeId("x".repeat(MAX_PAYLOAD)).build().toByteArray();
        List<Reading> tooMany = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            tooMany.add(TestBatches.reading(i + 1, now.minusSeconds(100 - i), 37));
        }
        return Stream.of(
                Arguments.of("garbage bytes", new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01}, RejectReason.MALFORMED),
                Arguments.of("empty payload", new byte[0], RejectReason.MISSING_FIELD),
                Arguments.of(
                        "schema 7",
                        bytes(valid.toBuilder().setSchemaVersion(7)),
                        RejectReason.UNSUPPORTED_SCHEMA_VERSION),
                Arguments.of(
                        "other device in payload",
                        bytes(valid.toBuilder().setDeviceId("patch-0002")),
                        RejectReason.DEVICE_MISMATCH),
                Arguments.of("no readings", bytes(valid.toBuilder().clearReadings()), RejectReason.EMPTY_BATCH),
                Arguments.of(
                        "21 readings",
                        bytes(valid.toBuilder().clearReadings().addAllReadings(tooMany)),
                        RejectReason.TOO_MANY_READINGS),
                Arguments.of(
                        "60 degrees",
                        bytes(valid.toBuilder().setReadings(0, r0.toBuilder().setTemperatureCelsius(60))),
                        RejectReason.VALUE_OUT_OF_RANGE),
                Arguments.of(
                        "an hour ahead",
                        bytes(valid.toBuilder().addReadings(TestBatches.reading(99, now.plusSeconds(3600), 37))),
                        RejectReason.SAMPLE_IN_FUTURE),
                Arguments.of(
                        "40 days old",
                        bytes(valid.toBuilder()
                                .setReadings(
                                        0,
                                        r0.toBuilder()
                                                .setSampleTimeUnixNs(
                                                        TestBatches.nanos(now.minus(Duration.ofDays(40)))))),
                        RejectReason.SAMPLE_TOO_OLD),
                Arguments.of(
                        "repeated sequence",
                        bytes(valid.toBuilder().addReadings(valid.getReadings(2))),
                        RejectReason.SEQUENCE_NOT_INCREASING),
                Arguments.of("5 KiB payload", tooLarge, RejectReason.PAYLOAD_TOO_LARGE));
    }

    private static byte[] bytes(ReadingBatch.Builder b) {
        return b.build().toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBatches")
    void invalidBatchIsRefusedWithPayloadFormatInvalidAndItsReason(String what, byte[] payload, RejectReason reason) {
        long before = broker.metrics().refusedCount(reason);

        Mqtt5PubAck ack = Mqtt.publish(device, Topics.readings(DEVICE), payload);

        assertThat(ack.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(ack.getReasonString().map(Object::toString))
                .hasValueSatisfying(s -> assertThat(s).startsWith(reason.label() + ": "));
        assertThat(broker.metrics().refusedCount(reason)).isEqualTo(before + 1);
    }

    @Test
    void deadLetterCopyCarriesPayloadAndReason() throws Exception {
        drain();
        byte[] payload = bytes(TestBatches.valid("patch-dlq", Instant.now(), 1).setDeviceId("patch-0002"));
        Mqtt5BlockingClient dlqDevice = Mqtt.connect(port, "patch-dlq", "dlq-pw");
        try {
            Mqtt.publish(dlqDevice, Topics.readings("patch-dlq"), payload);
        } finally {
            dlqDevice.disconnect();
        }

        Optional<Mqtt5Publish> copy = deadLetters.receive(10, TimeUnit.SECONDS);
        assertThat(copy).isPresent();
        assertThat(copy.get().getTopic().toString()).isEqualTo(Topics.deadLetter("patch-dlq"));
        assertThat(copy.get().getPayloadAsBytes()).isEqualTo(payload);
        assertThat(prop(copy.get(), "reason")).isEqualTo("device-mismatch");
        assertThat(prop(copy.get(), "detail")).contains("patch-0002");
        assertThat(prop(copy.get(), "topic")).isEqualTo(Topics.readings("patch-dlq"));
        assertThat(prop(copy.get(), "client-id")).startsWith("patch-dlq");
        assertThat(prop(copy.get(), "payload-bytes")).isEqualTo(Integer.toString(payload.length));
        assertThat(prop(copy.get(), "truncated")).isEqualTo("false");
        assertThat(prop(copy.get(), "received-at")).isNotBlank();
        assertThat(copy.get().getMessageExpiryInterval()).isPresent();
    }

    @Test
    void deadLetterCopiesAreTruncatedAndBoundedPerDevice() throws Exception {
        drain();
        Mqtt5BlockingClient noisy = Mqtt.connect(port, "patch-noisy", "noisy-pw");
        try {
            byte[] big = new byte[3000];
            java.util.Arrays.fill(big, (byte) 0xFF);
            for (int i = 0; i < 8; i++) {
                assertThat(Mqtt.publish(noisy, Topics.readings("patch-noisy"), big)
                                .getReasonCode())
                        .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
            }
            List<Mqtt5Publish> copies = new ArrayList<>();
            for (Optional<Mqtt5Publish> p = deadLetters.receive(3, TimeUnit.SECONDS);
                    p.isPresent();
                    p = deadLetters.receive(1, TimeUnit.SECONDS)) {
                copies.add(p.get());
            }
            assertThat(copies).hasSize(5);
            assertThat(copies.get(0).getPayloadAsBytes()).hasSize(1024);
            assertThat(prop(copies.get(0), "truncated")).isEqualTo("true");
            assertThat(prop(copies.get(0), "payload-bytes")).isEqualTo("3000");
        } finally {
            noisy.disconnect();
        }
    }

    @Test
    void mqtt5MosquittoPublisherReadsTheRefusalOnStderrAndStillExitsZero() throws Exception {
        Path file = dir.resolve("garbage.bin");
        Files.write(file, new byte[] {(byte) 0xFF, 0x00, 0x13});

        Mosquitto.Run run = Mosquitto.pub(port, "mqttv5", DEVICE, "device-pw", Topics.readings(DEVICE), file);

        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).contains("Payload format invalid");
    }

    @Test
    void mqtt5MosquittoPublisherOfValidBatchSucceeds() throws Exception {
        Path file = dir.resolve("valid.bin");
        Files.write(file, TestBatches.valid(DEVICE, Instant.now(), 2).build().toByteArray());
        long accepted = broker.metrics().acceptedCount();

        Mosquitto.Run run = Mosquitto.pub(port, "mqttv5", DEVICE, "device-pw", Topics.readings(DEVICE), file);

        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(broker.metrics().acceptedCount()).isEqualTo(accepted + 1);
    }

    @Test
    void mqtt311ClientIsDisconnectedAfterItsRefusalIsCountedAndNeverAcknowledged() throws Exception {
        long before = broker.metrics().refusedCount(RejectReason.MISSING_FIELD);
        Mqtt3AsyncClient v3 = com.hivemq.client.mqtt.MqttClient.builder()
                .useMqttVersion3()
                .identifier("patch-v3/java")
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildAsync();
        v3.connectWith()
                .simpleAuth()
                .username("patch-v3")
                .password("v3-pw".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send()
                .get(10, java.util.concurrent.TimeUnit.SECONDS);

        // "x1" parses as a ReadingBatch with one unknown field and no schema_version. MQTT 3.1.1 has no
        // failure PUBACK: a PUBACK would make the client delete what was not accepted, so it is disconnected
        var publish = v3.publishWith()
                .topic(Topics.readings("patch-v3"))
                .qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
                .payload("x1".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .send();

        await().atMost(Duration.ofSeconds(10)).until(publish::isDone);
        assertThat(publish).isCompletedExceptionally();
        assertThat(v3.getState().isConnected()).isFalse();
        assertThat(broker.metrics().refusedCount(RejectReason.MISSING_FIELD)).isEqualTo(before + 1);
    }

    @Test
    void statusIsValidatedToo() {
        DeviceStatus own = DeviceStatus.newBuilder()
                .setSchemaVersion(1)
                .setDeviceId(DEVICE)
                .setBatteryPercent(90)
                .build();
        DeviceStatus forged = own.toBuilder().setDeviceId("patch-0002").build();
        assertThat(Mqtt.publish(device, Topics.status(DEVICE), own.toByteArray())
                        .getReasonCode()
                        .isError())
                .isFalse();
        Mqtt5PubAck ack = Mqtt.publish(device, Topics.status(DEVICE), forged.toByteArray());
        assertThat(ack.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(ack.getReasonString().map(Object::toString))
                .hasValueSatisfying(r -> assertThat(r).startsWith("device-mismatch: "));
    }

    @Test
    void metricsEndpointExposesRefusalsByReason() throws Exception {
        Mqtt.publish(device, Topics.readings(DEVICE), new byte[0]);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                        + broker.metricsPort().orElseThrow() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("calor_broker_publishes_refused_total{reason=\"missing-field\"}")
                .contains("calor_broker_connects_total{outcome=\"accepted\"}")
                .contains("calor_broker_connections ")
                .contains("calor_broker_dead_letters_total");
        // ops and the device stay connected; clients of other tests may still be disconnecting
        await().atMost(Duration.ofSeconds(10)).until(() -> connectionsGauge() == 2.0);
    }

    private static double connectionsGauge() throws Exception {
        String body = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                        + broker.metricsPort().orElseThrow() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return body.lines()
                .filter(l -> l.startsWith("calor_broker_connections "))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim()))
                .findFirst()
                .orElseThrow();
    }

    private static void drain() throws InterruptedException {
        while (deadLetters.receive(200, TimeUnit.MILLISECONDS).isPresent()) {
            // discard copies of earlier tests
        }
    }

    private static String prop(Mqtt5Publish publish, String name) {
        return publish.getUserProperties().asList().stream()
                .filter(p -> p.getName().toString().equals(name))
                .map(p -> p.getValue().toString())
                .findFirst()
                .orElse(null);
    }
}
