package dev.calor.edgebridge.testing;

import dev.calor.edgebridge.buffer.BufferListener;
import dev.calor.edgebridge.buffer.BufferSettings;
import dev.calor.edgebridge.buffer.ReadingBuffer;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Fills a buffer file with a backlog, as if the broker had been unreachable for a while. */
public final class BacklogWriter {

    private BacklogWriter() {}

    /** {@code count} readings of {@code deviceId}, sequences 1..count, one per {@code spacing}, ending now. */
    public static void write(Path bufferFile, String deviceId, int count, Duration spacing) {
        Instant first = Instant.now().minus(spacing.multipliedBy(count));
        try (ReadingBuffer buffer =
                ReadingBuffer.open(BufferSettings.defaults(bufferFile), Clock.systemUTC(), BufferListener.NONE)) {
            List<Reading> chunk = new ArrayList<>();
            for (int seq = 1; seq <= count; seq++) {
                Instant t = first.plus(spacing.multipliedBy(seq));
                long ns = t.getEpochSecond() * 1_000_000_000L + t.getNano();
                chunk.add(Reading.newBuilder()
                        .setBootEpoch(1)
                        .setSequence(seq)
                        .setTemperatureCelsius(36.0 + (seq % 200) / 100.0)
                        .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                        .setSampleTimeUnixNs(ns)
                        .setReceivedTimeUnixNs(ns)
                        .build());
                if (chunk.size() == 5_000) {
                    buffer.appendAll(deviceId, chunk);
                    chunk.clear();
                }
            }
            buffer.appendAll(deviceId, chunk);
        }
    }
}
