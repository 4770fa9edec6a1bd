package dev.calor.e2e.fault;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches what the broker delivers to the ingest stage: a persistent, non-shared subscription to every ingest
 * shard under the worker's identity, counting how often each (device, boot epoch, sequence) arrives. A count
 * above one is a reading delivered to the worker more than once (which InfluxDB must absorb).
 */
final class IngestTap implements DeliveryTap, AutoCloseable {

    record Key(String deviceId, int bootEpoch, long sequence) {}

    private final Mqtt5AsyncClient client;
    private final Map<Key, AtomicLong> deliveries = new ConcurrentHashMap<>();
    /** Per device: sample time (ns) → when the reading first reached the ingest topic. */
    private final Map<String, java.util.concurrent.ConcurrentSkipListMap<Long, java.time.Instant>> arrivals =
            new ConcurrentHashMap<>();

    private final AtomicLong unreadable = new AtomicLong();

    private IngestTap(Mqtt5AsyncClient client) {
        this.client = client;
    }

    static IngestTap connect(int brokerPort, String username, String password) {
        Mqtt5AsyncClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(username + "/fault-suite-ingest-tap")
                .serverHost("127.0.0.1")
                .serverPort(brokerPort)
                // on the builder, not the CONNECT: an automatic reconnect would otherwise log in anonymously
                .simpleAuth()
                .username(username)
                .password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .automaticReconnect()
                .initialDelay(100, java.util.concurrent.TimeUnit.MILLISECONDS)
                .maxDelay(1, java.util.concurrent.TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .buildAsync();
        IngestTap tap = new IngestTap(client);
        client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, tap::onPublish);
        client.connectWith()
                .cleanStart(false) // reconnects resume the session the broker kept across its restart
                .sessionExpiryInterval(3600)
                .send()
                .join();
        for (int shard = 0; shard < Topics.DEFAULT_SHARD_COUNT; shard++) {
            client.subscribeWith()
                    .topicFilter(Topics.ingestFilter(shard))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send()
                    .join();
        }
        return tap;
    }

    private void onPublish(Mqtt5Publish publish) {
        try {
            ReadingBatch batch = ReadingBatch.parseFrom(publish.getPayloadAsBytes());
            java.time.Instant now = java.time.Instant.now();
            for (Reading reading : batch.getReadingsList()) {
                arrivals.computeIfAbsent(batch.getDeviceId(), k -> new java.util.concurrent.ConcurrentSkipListMap<>())
                        .putIfAbsent(reading.getSampleTimeUnixNs(), now);
                deliveries
                        .computeIfAbsent(
                                new Key(batch.getDeviceId(), reading.getBootEpoch(), reading.getSequence()),
                                k -> new AtomicLong())
                        .incrementAndGet();
            }
        } catch (InvalidProtocolBufferException e) {
            unreadable.incrementAndGet();
        }
    }

    /** When the first reading of the device sampled at or after {@code sampled} reached the ingest topic. */
    java.util.Optional<java.time.Instant> arrivalOfFirstSampledFrom(String deviceId, java.time.Instant sampled) {
        var byTime = arrivals.get(deviceId);
        if (byTime == null) {
            return java.util.Optional.empty();
        }
        var e = byTime.ceilingEntry(sampled.getEpochSecond() * 1_000_000_000L + sampled.getNano());
        return e == null ? java.util.Optional.empty() : java.util.Optional.of(e.getValue());
    }

    /** Readings of the device delivered at least once. */
    long distinct(String deviceId) {
        return deliveries.keySet().stream()
                .filter(k -> k.deviceId().equals(deviceId))
                .count();
    }

    /** Deliveries of the device's readings beyond the first. */
    @Override
    public long duplicates(String deviceId) {
        return deliveries.entrySet().stream()
                .filter(e -> e.getKey().deviceId().equals(deviceId))
                .mapToLong(e -> e.getValue().get() - 1)
                .sum();
    }

    long unreadable() {
        return unreadable.get();
    }

    @Override
    public boolean connected() {
        return client.getState().isConnected();
    }

    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnectWith().sessionExpiryInterval(0).send().join();
        }
    }
}
