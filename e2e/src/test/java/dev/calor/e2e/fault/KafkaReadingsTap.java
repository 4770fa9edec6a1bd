package dev.calor.e2e.fault;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The cluster's equivalent of {@link IngestTap}: every batch the broker nodes produced to the readings topic,
 * counted per reading, so a batch a node handed to Kafka twice (a bridge resending after a node died or a
 * PUBACK 0x97) shows as duplicates that the worker's idempotent writes absorb.
 */
final class KafkaReadingsTap implements DeliveryTap, AutoCloseable {

    private record Key(String deviceId, long bootEpoch, long sequence) {}

    private final Map<Key, AtomicLong> deliveries = new ConcurrentHashMap<>();
    private final AtomicLong unreadable = new AtomicLong();
    private final KafkaTap tap;

    KafkaReadingsTap(String bootstrapServers, String topic) {
        this.tap = new KafkaTap(bootstrapServers, topic, this::onRecord);
    }

    private void onRecord(ConsumerRecord<String, byte[]> record) {
        try {
            ReadingBatch batch = ReadingBatch.parseFrom(record.value());
            for (Reading reading : batch.getReadingsList()) {
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

    @Override
    public boolean connected() {
        return tap.assigned();
    }

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
    public void close() throws InterruptedException {
        tap.close();
    }
}
