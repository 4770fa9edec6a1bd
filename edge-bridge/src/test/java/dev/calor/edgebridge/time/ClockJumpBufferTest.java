package dev.calor.edgebridge.time;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.edgebridge.buffer.BufferListener;
import dev.calor.edgebridge.buffer.BufferSettings;
import dev.calor.edgebridge.buffer.ReadingBuffer;
import dev.calor.proto.v1.Reading;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The buffer's age bound and dedup window on the stable clock, as the bridge wires them. */
class ClockJumpBufferTest {

    private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path dir;

    private static Reading reading(int sequence) {
        return Reading.newBuilder()
                .setBootEpoch(1)
                .setSequence(sequence)
                .setTemperatureCelsius(36.6)
                .setSampleTimeUnixNs(TimeConversions.toNanos(START))
                .build();
    }

    @Test
    void aForwardWallClockJumpEvictsNothingAndForgetsNoDedupKey() {
        ManualTime time = new ManualTime(START);
        BufferSettings settings = BufferSettings.defaults(dir.resolve("buffer.db"))
                .withMaxAge(Duration.ofHours(1))
                .withDedupWindow(Duration.ofHours(1));
        try (ReadingBuffer buffer = ReadingBuffer.open(settings, new StableClock(time, time), BufferListener.NONE)) {
            buffer.append("p1", reading(1));
            buffer.append("p1", reading(2));
            buffer.markForwarded(buffer.pending("p1", -1, -1, 1));

            time.step(Duration.ofHours(2)); // NTP sync of a board without RTC
            assertThat(buffer.expire())
                    .as("pending readings evicted by a clock step")
                    .isZero();
            assertThat(buffer.append("p1", reading(1)))
                    .as("the forwarded reading is still recognised when the patch resends it")
                    .isEqualTo(dev.calor.edgebridge.buffer.AppendOutcome.DUPLICATE);

            time.step(Duration.ofHours(-2));
            time.elapse(Duration.ofMinutes(61));
            assertThat(buffer.expire()).as("real age still bounds the buffer").isEqualTo(1);
        }
    }
}
