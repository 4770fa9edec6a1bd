package dev.calor.worker.consume.kafka;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What a consumer-group member hands a transaction: the offsets it finished and its group generation. */
public interface GroupOffsets {

    /** The next offset to read of every partition whose finished records moved since the last commit. */
    Map<TopicPartition, OffsetAndMetadata> transactionOffsets();

    /** The member's group metadata (generation, member id) for {@code sendOffsetsToTransaction}. */
    ConsumerGroupMetadata groupMetadata();

    /** A transaction committed these offsets. */
    void committedInTransaction(Map<TopicPartition, OffsetAndMetadata> offsets);
}
