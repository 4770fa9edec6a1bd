package dev.calor.edgebridge.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.proto.v1.Reading;
import dev.calor.testsupport.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-patch quotas under the total bound, and a corrupted file moved aside at start. */
class FairBufferTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final Map<String, Long> evicted = new ConcurrentHashMap<>();
    private final List<Path> movedAside = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final BufferListener listener = new BufferListener() {
        @Override
        public void onEvicted(String deviceId, EvictionReason reason, long count) {
            evicted.merge(deviceId + "/" + reason.label(), count, Long::sum);
        }

        @Override
        public void onQuarantinePurged(long batches) {}

        @Override
        public void onCorruptFileMovedAside(Path movedTo, String why) {
            movedAside.add(movedTo);
        }
    };

    private static Reading reading(int sequence) {
        return Reading.newBuilder()
                .setBootEpoch(1)
                .setSequence(sequence)
                .setTemperatureCelsius(36.5)
                .setSampleTimeUnixNs(1_000_000_000L * sequence)
                .build();
    }

    private BufferSettings settings() {
        return BufferSettings.defaults(dir.resolve("buffer.db")).withMaxReadings(100);
    }

    @Test
    void aPatchOverItsQuotaEvictsOnlyItsOwnOldestReadings() {
        try (ReadingBuffer buffer =
                ReadingBuffer.open(settings().withPatchQuota(50, Long.MAX_VALUE), clock, listener)) {
            for (int s = 1; s <= 10; s++) {
                buffer.append("quiet", reading(s));
            }
            for (int s = 1; s <= 200; s++) {
                buffer.append("backlog", reading(s));
            }
            assertThat(buffer.depth("quiet")).as("the other patient's readings").isEqualTo(10);
            assertThat(buffer.depth("backlog")).isEqualTo(50);
            assertThat(buffer.pending("backlog", -1, -1, 1).get(0).sequence()).isEqualTo(151);
            assertThat(evicted).containsExactly(Map.entry("backlog/overflow_oldest", 150L));
        }
    }

    @Test
    void aFullBufferMakesRoomFromThePatchHoldingTheMostNotFromAPatchWithinItsShare() {
        // quotas over-committed (2 x 80 > 100): the total bound is reached first
        try (ReadingBuffer buffer =
                ReadingBuffer.open(settings().withPatchQuota(80, Long.MAX_VALUE), clock, listener)) {
            for (int s = 1; s <= 80; s++) {
                buffer.append("backlog", reading(s));
            }
            for (int s = 1; s <= 40; s++) {
                buffer.append("quiet", reading(s));
            }
            assertThat(buffer.depth()).isEqualTo(100);
            assertThat(buffer.depth("quiet")).isEqualTo(40);
            assertThat(buffer.depth("backlog")).isEqualTo(60);
            assertThat(evicted).containsExactly(Map.entry("backlog/overflow_oldest", 20L));
        }
    }

    @Test
    void boundsAPatchByPayloadBytesToo() {
        int size = reading(1).getSerializedSize();
        try (ReadingBuffer buffer =
                ReadingBuffer.open(settings().withPatchQuota(100, 10L * size + size / 2), clock, listener)) {
            for (int s = 1; s <= 30; s++) {
                buffer.append("p1", reading(s));
            }
            assertThat(buffer.depth("p1")).isEqualTo(10);
            assertThat(buffer.bytes("p1")).isLessThanOrEqualTo(10L * size + size / 2);
            assertThat(evicted).containsEntry("p1/overflow_oldest", 20L);
        }
    }

    @Test
    void refusePolicyRefusesOnlyThePatchOverItsQuota() {
        try (ReadingBuffer buffer = ReadingBuffer.open(
                settings().withPatchQuota(5, Long.MAX_VALUE).withOverflowPolicy(OverflowPolicy.REFUSE),
                clock,
                listener)) {
            for (int s = 1; s <= 8; s++) {
                buffer.append("backlog", reading(s));
            }
            assertThat(buffer.append("quiet", reading(1))).isEqualTo(AppendOutcome.STORED);
            assertThat(evicted).containsExactly(Map.entry("backlog/overflow_refused", 3L));
        }
    }

    @Test
    void movesACorruptedFileAsideAndStartsEmptyInsteadOfFailingEveryStart() throws IOException {
        Path file = dir.resolve("buffer.db");
        Files.write(
                file,
                "this is not an SQLite database, it was overwritten".repeat(200).getBytes());

        try (ReadingBuffer buffer = ReadingBuffer.open(settings(), clock, listener)) {
            assertThat(buffer.depth()).isZero();
            assertThat(buffer.append("p1", reading(1))).isEqualTo(AppendOutcome.STORED);
        }
        assertThat(movedAside).hasSize(1);
        assertThat(movedAside.get(0).getFileName().toString()).startsWith("buffer.db.corrupt-");
        assertThat(Files.readString(movedAside.get(0))).startsWith("this is not an SQLite database");
    }

    @Test
    void movesAsideAFileWhosePagesWereDamaged() throws IOException {
        Path file = dir.resolve("buffer.db");
        try (ReadingBuffer buffer = ReadingBuffer.open(settings().withMaxReadings(10_000), clock, listener)) {
            buffer.appendAll(
                    "p1",
                    java.util.stream.IntStream.rangeClosed(1, 2_000)
                            .mapToObj(FairBufferTest::reading)
                            .toList());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith("-wal")).toList())
                    .allSatisfy(w -> assertThat(Files.size(w)).isZero());
        }
        byte[] garbage = new byte[4096 * 4];
        java.util.Arrays.fill(garbage, (byte) 0x5A);
        try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            channel.position(4096 * 3); // index and table pages after the header page
            channel.write(java.nio.ByteBuffer.wrap(garbage));
        }

        try (ReadingBuffer buffer = ReadingBuffer.open(settings(), clock, listener)) {
            assertThat(buffer.depth()).isZero();
        }
        assertThat(movedAside).hasSize(1);
    }
}
