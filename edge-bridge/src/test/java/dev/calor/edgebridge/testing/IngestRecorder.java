package dev.calor.edgebridge.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Plays the ingest worker: a persistent-session subscriber to the ingest shards of some devices, recording
 * every forwarded {@link ReadingBatch}. Reconnects by itself when the broker restarts; its session (file
 * persistence) keeps what arrived meanwhile.
 */
public final class IngestRecorder implements AutoCloseable {

    private final Mqtt5AsyncClient client;
    private final List<ReadingBatch> batches = new CopyOnWriteArrayList<>();

    public IngestRecorder(int port, List<String> devices) {
        client = MqttClient.builder()
                .useMqttVersion5()
                .identifier("calor-worker-recorder-" + UUID.randomUUID())
                .serverHost("127.0.0.1")
                .serverPort(port)
                .automaticReconnect()
                .initialDelay(100, TimeUnit.MILLISECONDS)
                .maxDelay(1, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                // credentials on the client (not the CONNECT) so that automatic reconnects carry them
                .simpleAuth()
                .username(BrokerFixture.OBSERVER)
                .password(BrokerFixture.OBSERVER_PASSWORD.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .buildAsync();
        client.connectWith()
                .cleanStart(false) // a fresh client id has no session; a reconnect must keep the one it made
                .sessionExpiryInterval(3600)
                .send()
                .join();
        Set<Integer> shards = new LinkedHashSet<>();
        devices.forEach(d -> shards.add(Topics.shardOf(d, Topics.DEFAULT_SHARD_COUNT)));
        for (int shard : shards) {
            client.subscribeWith()
                    .topicFilter(Topics.ingestFilter(shard))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .callback(this::record)
                    .send()
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
        }
    }

    private void record(Mqtt5Publish publish) {
        try {
            batches.add(ReadingBatch.parseFrom(publish.getPayloadAsBytes()));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("not a ReadingBatch on " + publish.getTopic(), e);
        }
    }

    public List<ReadingBatch> batches() {
        return List.copyOf(batches);
    }

    /** Every reading of {@code deviceId} in arrival order, duplicates included. */
    public List<Reading> readings(String deviceId) {
        List<Reading> readings = new ArrayList<>();
        for (ReadingBatch b : batches) {
            if (b.getDeviceId().equals(deviceId)) {
                readings.addAll(b.getReadingsList());
            }
        }
        return readings;
    }

    /** The distinct sequences of {@code deviceId} (boot epoch ignored), in first-arrival order. */
    public List<Long> distinctSequences(String deviceId) {
        Set<Long> seen = new LinkedHashSet<>();
        readings(deviceId).forEach(r -> seen.add(Integer.toUnsignedLong(r.getSequence())));
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        try {
            client.disconnect().get(Duration.ofSeconds(3).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // the broker may already be gone
        }
    }
}
