package dev.calor.e2e.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.calor.proto.v1.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one subscriber of a broker baseline: a persistent QoS 1 session on every device's readings topic (or, on
 * Calor's broker, on every ingest shard as the worker), counting the readings delivered to it (protobuf batches)
 * or the messages (other payloads).
 */
final class ReadingsSubscriber implements AutoCloseable {

    static final String FILTER = "calor/v1/devices/+/readings";

    private final Mqtt5AsyncClient client;
    private final AtomicLong readings = new AtomicLong();
    private volatile long lastDeliveryNanos;

    /** Anonymous, on {@link #FILTER}. */
    ReadingsSubscriber(String host, int port) {
        this(host, port, "baseline-subscriber", null, null, List.of(FILTER));
    }

    /** As {@code username} with {@code password} (both null: anonymous), on every filter. */
    ReadingsSubscriber(String host, int port, String clientId, String username, String password, List<String> filters) {
        client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost(host)
                .serverPort(port)
                .buildAsync();
        try {
            var connect = client.connectWith().cleanStart(true).sessionExpiryInterval(3600);
            if (username != null) {
                connect.simpleAuth()
                        .username(username)
                        .password(password.getBytes(StandardCharsets.UTF_8))
                        .applySimpleAuth();
            }
            connect.send().get(30, TimeUnit.SECONDS);
            for (String filter : filters) {
                client.subscribeWith()
                        .topicFilter(filter)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .callback(p -> {
                            readings.addAndGet(readingsIn(p.getPayloadAsBytes()));
                            lastDeliveryNanos = System.nanoTime();
                        })
                        .send()
                        .get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("baseline subscriber could not subscribe on port " + port, e);
        }
    }

    private static long readingsIn(byte[] payload) {
        try {
            return ReadingBatch.parseFrom(payload).getReadingsCount();
        } catch (InvalidProtocolBufferException e) {
            return 1;
        }
    }

    long readings() {
        return readings.get();
    }

    /** {@link System#nanoTime()} of the last delivery (0 before the first). */
    long lastDeliveryNanos() {
        return lastDeliveryNanos;
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
