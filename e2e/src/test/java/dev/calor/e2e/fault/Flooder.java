package dev.calor.e2e.fault;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/** A misbehaving device: valid one-reading batches as fast as the broker takes them, every PUBACK counted. */
final class Flooder {

    private Flooder() {}

    /** What the broker answered a flood: accepted, refused with 0x97, and any other reason codes by name. */
    record Flood(long published, long accepted, long refused, Map<String, Long> otherCodes) {}

    /** Publishes {@code batches} one-reading batches as one device, as fast as the broker lets it. */
    static Flood flood(int brokerPort, String device, String password, int batches) {
        Mqtt5AsyncClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(device + "/fault-flood")
                .serverHost("127.0.0.1")
                .serverPort(brokerPort)
                .buildAsync();
        client.connectWith()
                .simpleAuth()
                .username(device)
                .password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send()
                .join();
        try {
            long firstNs = Instant.now().minusSeconds(60).toEpochMilli() * 1_000_000L;
            List<CompletableFuture<Mqtt5PubAckReasonCode>> acks = new ArrayList<>();
            for (int i = 1; i <= batches; i++) {
                long timeNs = firstNs + i * 1_000_000L;
                ReadingBatch batch = ReadingBatch.newBuilder()
                        .setSchemaVersion(SchemaVersions.CURRENT)
                        .setDeviceId(device)
                        .setBridgeId("fault-flood")
                        .setBatchId(i)
                        .setCreatedTimeUnixNs(timeNs)
                        .addReadings(Reading.newBuilder()
                                .setBootEpoch(1)
                                .setSequence(i)
                                .setSampleTimeUnixNs(timeNs)
                                .setTemperatureCelsius(36.5)
                                .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                                .setReceivedTimeUnixNs(timeNs))
                        .build();
                acks.add(client.publishWith()
                        .topic(Topics.readings(device))
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(batch.toByteArray())
                        .send()
                        .handle(Flooder::reasonCode));
            }
            Map<Mqtt5PubAckReasonCode, Long> codes = acks.stream()
                    .map(CompletableFuture::join)
                    .collect(Collectors.groupingBy(c -> c, Collectors.counting()));
            long accepted = codes.getOrDefault(Mqtt5PubAckReasonCode.SUCCESS, 0L);
            long refused = codes.getOrDefault(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED, 0L);
            Map<String, Long> other = codes.entrySet().stream()
                    .filter(e -> e.getKey() != Mqtt5PubAckReasonCode.SUCCESS
                            && e.getKey() != Mqtt5PubAckReasonCode.QUOTA_EXCEEDED)
                    .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
            return new Flood(batches, accepted, refused, other);
        } finally {
            client.disconnect().join();
        }
    }

    private static Mqtt5PubAckReasonCode reasonCode(Mqtt5PublishResult result, Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        if (cause instanceof Mqtt5PubAckException pubAck) {
            return pubAck.getMqttMessage().getReasonCode();
        }
        if (cause != null) {
            throw new IllegalStateException("publish failed", cause);
        }
        if (result.getError().isPresent() && result.getError().get() instanceof Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
        return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
    }
}
