package dev.calor.worker.consume.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * The readings partitions this worker owns right now, and whether a record key (a patient id, or a device
 * id when the patch is unassigned) falls into one of them. Uses the Kafka producer's default partitioner
 * for keyed records (murmur2 of the key bytes, positive, modulo the partition count), as the broker
 * nodes do. The alert stage asks it which patients it must watch for NO_DATA.
 */
public final class PartitionOwnership {

    private volatile Set<Integer> owned = Set.of();
    private volatile int partitionCount;

    void update(Collection<TopicPartition> assignment, int partitions) {
        owned = assignment.stream().map(TopicPartition::partition).collect(Collectors.toUnmodifiableSet());
        partitionCount = partitions;
    }

    public boolean ownsKey(String key) {
        int count = partitionCount;
        return count > 0 && owned.contains(partitionOf(key, count));
    }

    public Set<Integer> owned() {
        return owned;
    }

    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
