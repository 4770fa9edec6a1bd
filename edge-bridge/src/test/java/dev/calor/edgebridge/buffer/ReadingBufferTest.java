package dev.calor.edgebridge.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.proto.v1.Reading;
import dev.calor.testsupport.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingBufferTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T06:00:00Z"));
    private final Map<String, Long> evicted = new ConcurrentHashMap<>();
    private final BufferListener listener = new BufferListener() {
        @Override
        public void onEvicted(String deviceId, EvictionReason reason, long count) {
            evicted.merge(deviceId + "/" + reason.label(), count, Long::sum);
        }

        @Override
        public void onQuarantinePurged(long batches) {
            evicted.merge("quarantine-purged", batches, Long::sum);
        }
    };

    private ReadingBuffer open(BufferSettings settings) {
        return ReadingBuffer.open(settings, clock, listener);
    }

    private BufferSettings settings() {
        return BufferSettings.defaults(dir.resolve("buffer.db"));
    }

    private static Reading reading(int epoch, int sequence) {
        return Reading.newBuilder()
                .setBootEpoch(epoch)
                .setSequence(sequence)
                .setTemperatureCelsius(36.5 + sequence / 100.0)
                .setSampleTimeUnixNs(1_000_000_000L * sequence)
                .build();
    }

    private static List<Long> sequences(List<BufferedReading> readings) {
        return readings.stream().map(BufferedReading::sequence).toList();
    }

    @Test
    void returnsPendingReadingsPerDeviceInBootEpochThenSequenceOrder() {
        try (ReadingBuffer buffer = open(settings())) {
            buffer.append("p1", reading(2, 1));
            buffer.append("p1", reading(1, 7));
            buffer.append("p2", reading(1, 1));
            buffer.append("p1", reading(1, 5));

            List<BufferedReading> pending = buffer.pending("p1", -1, -1, 10);

            assertThat(pending).extracting(BufferedReading::bootEpoch).containsExactly(1L, 1L, 2L);
            assertThat(sequences(pending)).containsExactly(5L, 7L, 1L);
            assertThat(buffer.depth()).isEqualTo(4);
            assertThat(buffer.depth("p1")).isEqualTo(3);
            assertThat(buffer.devicesWithPending()).containsExactly("p1", "p2");
        }
    }

    @Test
    void pendingAfterACursorSkipsReadingsAlreadyInFlight() {
        try (ReadingBuffer buffer = open(settings())) {
            for (int s = 1; s <= 10; s++) {
                buffer.append("p1", reading(1, s));
            }
            assertThat(sequences(buffer.pending("p1", 1, 4, 3))).containsExactly(5L, 6L, 7L);
        }
    }

    @Test
    void storesADuplicateOnceWhilePendingAndAfterItWasForwarded() {
        try (ReadingBuffer buffer = open(settings())) {
            assertThat(buffer.append("p1", reading(1, 1))).isEqualTo(AppendOutcome.STORED);
            assertThat(buffer.append("p1", reading(1, 1))).isEqualTo(AppendOutcome.DUPLICATE);

            buffer.markForwarded(buffer.pending("p1", -1, -1, 10));

            assertThat(buffer.append("p1", reading(1, 1))).isEqualTo(AppendOutcome.DUPLICATE);
            assertThat(buffer.depth()).isZero();
            assertThat(buffer.append("p2", reading(1, 1))).isEqualTo(AppendOutcome.STORED);
        }
    }

    @Test
    void forgetsForwardedKeysAfterTheDedupWindow() {
        try (ReadingBuffer buffer = open(settings().withDedupWindow(Duration.ofMinutes(10)))) {
            buffer.append("p1", reading(1, 1));
            buffer.markForwarded(buffer.pending("p1", -1, -1, 10));
            clock.advance(Duration.ofMinutes(11));
            buffer.expire();
            assertThat(buffer.append("p1", reading(1, 1))).isEqualTo(AppendOutcome.STORED);
        }
    }

    @Test
    void keepsPendingReadingsAcrossReopen() {
        try (ReadingBuffer buffer = open(settings())) {
            buffer.appendAll("p1", List.of(reading(1, 1), reading(1, 2), reading(1, 3)));
            buffer.markForwarded(buffer.pending("p1", -1, -1, 1));
        }
        try (ReadingBuffer buffer = open(settings())) {
            assertThat(buffer.depth()).isEqualTo(2);
            assertThat(sequences(buffer.pending("p1", -1, -1, 10))).containsExactly(2L, 3L);
            assertThat(buffer.append("p1", reading(1, 1))).isEqualTo(AppendOutcome.DUPLICATE);
        }
    }

    @Test
    void dropOldestEvictsTheOldestPendingReadingAndCountsIt() {
        try (ReadingBuffer buffer = open(settings().withMaxReadings(3))) {
            for (int s = 1; s <= 3; s++) {
                buffer.append("p1", reading(1, s));
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(buffer.append("p2", reading(1, 1))).isEqualTo(AppendOutcome.STORED);
            assertThat(buffer.append("p2", reading(1, 2))).isEqualTo(AppendOutcome.STORED);

            assertThat(buffer.depth()).isEqualTo(3);
            assertThat(sequences(buffer.pending("p1", -1, -1, 10))).containsExactly(3L);
            assertThat(evicted).containsEntry("p1/overflow_oldest", 2L);
        }
    }

    @Test
    void dropNewestKeepsTheBufferAndDropsTheNewReadingButAcknowledgesIt() {
        try (ReadingBuffer buffer =
                open(settings().withMaxReadings(2).withOverflowPolicy(OverflowPolicy.DROP_NEWEST))) {
            List<AppendOutcome> outcomes =
                    buffer.appendAll("p1", List.of(reading(1, 1), reading(1, 2), reading(1, 3), reading(1, 4)));

            assertThat(outcomes)
                    .containsExactly(
                            AppendOutcome.STORED,
                            AppendOutcome.STORED,
                            AppendOutcome.DROPPED_NEWEST,
                            AppendOutcome.DROPPED_NEWEST);
            assertThat(outcomes.get(3).acknowledge()).isTrue();
            assertThat(sequences(buffer.pending("p1", -1, -1, 10))).containsExactly(1L, 2L);
            assertThat(evicted).containsEntry("p1/overflow_newest", 2L);
        }
    }

    @Test
    void refuseLeavesTheReadingWithThePatchUntilThereIsRoom() {
        try (ReadingBuffer buffer = open(settings().withMaxReadings(2).withOverflowPolicy(OverflowPolicy.REFUSE))) {
            buffer.appendAll("p1", List.of(reading(1, 1), reading(1, 2)));

            AppendOutcome refused = buffer.append("p1", reading(1, 3));
            assertThat(refused).isEqualTo(AppendOutcome.REFUSED);
            assertThat(refused.acknowledge()).isFalse();
            assertThat(evicted).containsEntry("p1/overflow_refused", 1L);

            buffer.markForwarded(buffer.pending("p1", -1, -1, 1));
            assertThat(buffer.append("p1", reading(1, 3))).isEqualTo(AppendOutcome.STORED);
            assertThat(sequences(buffer.pending("p1", -1, -1, 10))).containsExactly(2L, 3L);
        }
    }

    @Test
    void expireEvictsReadingsOlderThanMaxAgeAndCountsThem() {
        try (ReadingBuffer buffer = open(settings().withMaxAge(Duration.ofHours(1)))) {
            buffer.appendAll("p1", List.of(reading(1, 1), reading(1, 2)));
            clock.advance(Duration.ofMinutes(61));
            buffer.append("p1", reading(1, 3));

            assertThat(buffer.oldestPending()).contains(Instant.parse("2026-11-21T06:00:00Z"));
            assertThat(buffer.expire()).isEqualTo(2);

            assertThat(sequences(buffer.pending("p1", -1, -1, 10))).containsExactly(3L);
            assertThat(buffer.depth()).isEqualTo(1);
            assertThat(evicted).containsEntry("p1/expired", 2L);
            assertThat(buffer.oldestPending()).contains(Instant.parse("2026-11-21T07:01:00Z"));
        }
    }

    @Test
    void quarantineRemovesTheBatchFromPendingAndKeepsItWithTheBrokersReason() {
        try (ReadingBuffer buffer = open(settings())) {
            buffer.appendAll("p1", List.of(reading(1, 1), reading(1, 2), reading(1, 3)));
            List<BufferedReading> batch = buffer.pending("p1", -1, -1, 2);

            buffer.quarantine("p1", 42, batch, 0x99, "temperature out of range", new byte[] {1, 2, 3});

            assertThat(sequences(buffer.pending("p1", -1, -1, 10))).containsExactly(3L);
            assertThat(buffer.depth("p1")).isEqualTo(1);
            List<QuarantinedBatch> quarantined = buffer.quarantined();
            assertThat(quarantined).hasSize(1);
            assertThat(quarantined.get(0).reasonCode()).isEqualTo(0x99);
            assertThat(quarantined.get(0).reason()).isEqualTo("temperature out of range");
            assertThat(quarantined.get(0).readings()).isEqualTo(2);
            assertThat(quarantined.get(0).payload()).containsExactly(1, 2, 3);
            assertThat(buffer.append("p1", reading(1, 1))).isEqualTo(AppendOutcome.DUPLICATE);
        }
    }

    @Test
    void quarantineIsBoundedAndPurgesTheOldestBatches() {
        BufferSettings s = settings();
        BufferSettings bounded =
                new BufferSettings(s.file(), s.maxReadings(), s.maxAge(), s.overflowPolicy(), s.dedupWindow(), 2);
        try (ReadingBuffer buffer = open(bounded)) {
            for (int b = 1; b <= 3; b++) {
                buffer.quarantine("p1", b, List.of(), 0x87, "not authorized", new byte[0]);
            }
            assertThat(buffer.quarantined())
                    .extracting(QuarantinedBatch::batchId)
                    .containsExactly(2L, 3L);
            assertThat(buffer.quarantinedBatches()).isEqualTo(2);
            assertThat(evicted).containsEntry("quarantine-purged", 1L);
        }
    }

    @Test
    void markingForwardedTwiceCountsOnce() {
        try (ReadingBuffer buffer = open(settings())) {
            buffer.appendAll("p1", List.of(reading(1, 1), reading(1, 2)));
            List<BufferedReading> all = new ArrayList<>(buffer.pending("p1", -1, -1, 10));
            buffer.markForwarded(all);
            buffer.markForwarded(all);
            assertThat(buffer.depth()).isZero();
            assertThat(buffer.depth("p1")).isZero();
        }
    }
}
