package dev.calor.worker.consume.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each owned partition may be committed: the pipeline acknowledges records out of the
 * consumer's sight and not necessarily in order across partitions, and a partition's committed offset may
 * only pass records that are all acknowledged (Kafka's committed offset is "the next record to read").
 * Acknowledgements of a partition this worker no longer owns are ignored: the new owner reads those
 * records again. Thread-safe; pure bookkeeping.
 */
final class OffsetTracker {

    private static final class Partition {
        final TreeSet<Long> pending = new TreeSet<>();
        long next = -1;
        long committed = -1;
    }

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();
    private int outstanding;

    /** A record handed to the pipeline. */
    synchronized void added(TopicPartition tp, long offset) {
        Partition p = partitions.computeIfAbsent(tp, k -> new Partition());
        p.pending.add(offset);
        p.next = Math.max(p.next, offset + 1);
        outstanding++;
    }

    /** The pipeline is done with a record (stored, state durable). */
    synchronized void done(TopicPartition tp, long offset) {
        Partition p = partitions.get(tp);
        if (p != null && p.pending.remove(offset)) {
            outstanding--;
        }
    }

    /** The offset to commit per partition that moved since the last call (next record to read). */
    synchronized Map<TopicPartition, Long> committable() {
        Map<TopicPartition, Long> out = new HashMap<>();
        partitions.forEach((tp, p) -> {
            long upTo = p.pending.isEmpty() ? p.next : p.pending.first();
            if (upTo > p.committed) {
                out.put(tp, upTo);
            }
        });
        return out;
    }

    /** Kafka accepted these commits. */
    synchronized void committed(Map<TopicPartition, Long> offsets) {
        offsets.forEach((tp, offset) -> {
            Partition p = partitions.get(tp);
            if (p != null) {
                p.committed = Math.max(p.committed, offset);
            }
        });
    }

    /** The partitions went to another worker: forget them, late acknowledgements included. */
    synchronized void revoked(Collection<TopicPartition> lost) {
        for (TopicPartition tp : lost) {
            Partition p = partitions.remove(tp);
            if (p != null) {
                outstanding -= p.pending.size();
            }
        }
    }

    synchronized int outstanding() {
        return outstanding;
    }
}
