package dev.calor.worker.consume.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("calor.readings", 0);
    private static final TopicPartition P1 = new TopicPartition("calor.readings", 1);

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void commitsOnlyPastRecordsThatAreAllAcknowledged() {
        tracker.added(P0, 10);
        tracker.added(P0, 11);
        tracker.added(P0, 12);

        tracker.done(P0, 11);
        assertThat(tracker.committable()).containsEntry(P0, 10L);

        tracker.done(P0, 10);
        assertThat(tracker.committable()).containsEntry(P0, 12L);

        tracker.done(P0, 12);
        assertThat(tracker.committable()).containsEntry(P0, 13L);
        assertThat(tracker.outstanding()).isZero();
    }

    @Test
    void offersAnOffsetOnlyUntilKafkaAcceptedIt() {
        tracker.added(P0, 0);
        tracker.done(P0, 0);
        Map<TopicPartition, Long> first = tracker.committable();

        tracker.committed(first);

        assertThat(first).containsEntry(P0, 1L);
        assertThat(tracker.committable()).isEmpty();
    }

    @Test
    void partitionsAreIndependent() {
        tracker.added(P0, 5);
        tracker.added(P1, 7);

        tracker.done(P1, 7);

        assertThat(tracker.committable()).containsEntry(P0, 5L).containsEntry(P1, 8L);
    }

    @Test
    void forgetsARevokedPartitionAndIgnoresItsLateAcknowledgements() {
        tracker.added(P0, 1);
        tracker.added(P0, 2);
        tracker.added(P1, 1);

        tracker.revoked(List.of(P0));
        tracker.done(P0, 1);

        assertThat(tracker.committable()).doesNotContainKey(P0);
        assertThat(tracker.outstanding()).isEqualTo(1);
    }
}
