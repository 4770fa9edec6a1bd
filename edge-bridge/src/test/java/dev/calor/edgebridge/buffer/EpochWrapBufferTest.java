package dev.calor.edgebridge.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.proto.v1.Reading;
import dev.calor.testsupport.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boot epochs wrap from 65535 to 1 (CONTRACT.md §1.3): the buffer keeps the patch's order and its marks apart. */
class EpochWrapBufferTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T06:00:00Z"));

    private ReadingBuffer open(BufferSettings settings) {
        return ReadingBuffer.open(settings, clock, BufferListener.NONE);
    }

    private BufferSettings settings() {
        return BufferSettings.defaults(dir.resolve("buffer.db"));
    }

    private static Reading reading(int epoch, int sequence) {
        return Reading.newBuilder()
                .setBootEpoch(epoch)
                .setSequence(sequence)
                .setTemperatureCelsius(36.5)
                .setSampleTimeUnixNs(1_000_000_000L * sequence)
                .build();
    }

    private static List<String> keys(List<BufferedReading> readings) {
        return readings.stream().map(r -> r.bootEpoch() + "/" + r.sequence()).toList();
    }

    @Test
    void pendingReadingsAcrossTheWrapComeInTheOrderThePatchTookThem() {
        try (ReadingBuffer buffer = open(settings())) {
            buffer.append("p1", reading(1, 1));
            buffer.append("p1", reading(65535, 2));
            buffer.append("p1", reading(2, 1));
            buffer.append("p1", reading(65534, 9));
            buffer.append("p1", reading(65535, 1));
            buffer.append("p1", reading(1, 2));

            assertThat(keys(buffer.pending("p1", -1, -1, 10)))
                    .containsExactly("65534/9", "65535/1", "65535/2", "1/1", "1/2", "2/1");
        }
    }

    @Test
    void aDrainWalkingInSmallBatchesCrossesTheWrapWithoutSkippingOrRepeating() {
        try (ReadingBuffer buffer = open(settings())) {
            for (int epoch : new int[] {65534, 65535, 1, 2}) {
                for (int s = 1; s <= 3; s++) {
                    buffer.append("p1", reading(epoch, s));
                }
            }
            List<String> walked = new ArrayList<>();
            long epoch = -1;
            long sequence = -1;
            while (true) {
                List<BufferedReading> batch = buffer.pending("p1", epoch, sequence, 2);
                if (batch.isEmpty()) {
                    break;
                }
                walked.addAll(keys(batch));
                BufferedReading last = batch.get(batch.size() - 1);
                epoch = last.bootEpoch();
                sequence = last.sequence();
                if (epoch == 65535 && sequence == 3) {
                    // the readings before the wrap are acknowledged while the cursor still stands on them
                    buffer.markForwarded(buffer.pending("p1", -1, -1, 6));
                }
            }
            assertThat(walked)
                    .containsExactly(
                            "65534/1", "65534/2", "65534/3", "65535/1", "65535/2", "65535/3", "1/1", "1/2", "1/3",
                            "2/1", "2/2", "2/3");
        }
    }

    @Test
    void epochsWithinHalfTheRingKeepTheirNumericOrder() {
        try (ReadingBuffer buffer = open(settings())) {
            buffer.append("p1", reading(30000, 1));
            buffer.append("p1", reading(100, 1));
            buffer.append("p1", reading(62000, 1));

            // 100 .. 62000 is further apart than half the ring: 62000 is taken for the oldest, then 100, 30000
            assertThat(keys(buffer.pending("p1", -1, -1, 10))).containsExactly("62000/1", "100/1", "30000/1");
        }
        try (ReadingBuffer buffer = open(settings().withMaxReadings(1_000))) {
            buffer.markForwarded(buffer.pending("p1", -1, -1, 10));
            buffer.append("p1", reading(30000, 2));
            buffer.append("p1", reading(100, 2));
            assertThat(keys(buffer.pending("p1", -1, -1, 10))).containsExactly("100/2", "30000/2");
        }
    }

    @Test
    void dropOldestEvictsTheReadingTakenBeforeTheWrap() {
        try (ReadingBuffer buffer = open(settings().withMaxReadings(3))) {
            buffer.append("p1", reading(65535, 7));
            buffer.append("p1", reading(1, 1));
            buffer.append("p1", reading(1, 2));
            assertThat(buffer.append("p1", reading(1, 3))).isEqualTo(AppendOutcome.STORED);

            assertThat(keys(buffer.pending("p1", -1, -1, 10))).containsExactly("1/1", "1/2", "1/3");
        }
    }

    @Test
    void marksOfAnEarlierTurnOfTheBootCounterAreForgottenAndRecentOnesKept() {
        try (ReadingBuffer buffer = open(settings())) {
            buffer.saveAckMark("p1", 1, 500);
            buffer.saveAckMark("p1", 40000, 12);
            buffer.saveAckMark("p2", 1, 9);

            // epoch 1 is 40 000 boots behind 40001: more than half the ring, an earlier turn of the counter
            assertThat(buffer.forgetStaleAckMarks("p1", 40001)).isEqualTo(1);
            assertThat(buffer.ackMark("p1", 1)).isEmpty();
            assertThat(buffer.ackMark("p1", 40000)).contains(12L);

            // after the wrap: 65535 (one boot back) and 40000 (25 536 back) are recent, 20000 is 45 536 back
            buffer.saveAckMark("p1", 20000, 4);
            buffer.saveAckMark("p1", 65535, 30);
            buffer.saveAckMark("p1", 1, 3);
            assertThat(buffer.forgetStaleAckMarks("p1", 1)).isEqualTo(1);
            assertThat(buffer.ackMark("p1", 20000)).isEmpty();
            assertThat(buffer.ackMark("p1", 40000)).contains(12L);
            assertThat(buffer.ackMark("p1", 65535)).contains(30L);
            assertThat(buffer.ackMark("p1", 1)).contains(3L);
            assertThat(buffer.ackMark("p2", 1)).as("another patch's marks").contains(9L);
        }
    }
}
