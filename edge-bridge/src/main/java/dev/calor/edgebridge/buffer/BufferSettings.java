package dev.calor.edgebridge.buffer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds and durability of the reading buffer.
 *
 * @param file the SQLite database file (created with its directory when missing)
 * @param maxReadings pending readings kept at most, over all patches
 * @param maxAge a pending reading older than this (by bridge receive time) is evicted
 * @param overflowPolicy what to do with a new reading when {@code maxReadings} is reached
 * @param dedupWindow how long a forwarded reading's key is remembered, so a patch resending it (its ACK was
 *     lost) does not produce a second publish
 * @param maxQuarantinedBatches refused batches kept at most; the oldest is purged (and counted) beyond it
 */
public record BufferSettings(
        Path file,
        long maxReadings,
        Duration maxAge,
        OverflowPolicy overflowPolicy,
        Duration dedupWindow,
        int maxQuarantinedBatches) {

    public static final long DEFAULT_MAX_READINGS = 1_000_000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.DROP_OLDEST;
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(1);
    public static final int DEFAULT_MAX_QUARANTINED_BATCHES = 10_000;

    public BufferSettings {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        Objects.requireNonNull(dedupWindow, "dedupWindow");
        if (maxReadings < 1) {
            throw new IllegalArgumentException("maxReadings must be >= 1: " + maxReadings);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
        }
        if (dedupWindow.isNegative()) {
            throw new IllegalArgumentException("dedupWindow must not be negative: " + dedupWindow);
        }
        if (maxQuarantinedBatches < 1) {
            throw new IllegalArgumentException("maxQuarantinedBatches must be >= 1: " + maxQuarantinedBatches);
        }
    }

    public static BufferSettings defaults(Path file) {
        return new BufferSettings(
                file,
                DEFAULT_MAX_READINGS,
                DEFAULT_MAX_AGE,
                DEFAULT_OVERFLOW_POLICY,
                DEFAULT_DEDUP_WINDOW,
                DEFAULT_MAX_QUARANTINED_BATCHES);
    }

    public BufferSettings withMaxReadings(long value) {
        return new BufferSettings(file, value, maxAge, overflowPolicy, dedupWindow, maxQuarantinedBatches);
    }

    public BufferSettings withMaxAge(Duration value) {
        return new BufferSettings(file, maxReadings, value, overflowPolicy, dedupWindow, maxQuarantinedBatches);
    }

    public BufferSettings withOverflowPolicy(OverflowPolicy value) {
        return new BufferSettings(file, maxReadings, maxAge, value, dedupWindow, maxQuarantinedBatches);
    }

    public BufferSettings withDedupWindow(Duration value) {
        return new BufferSettings(file, maxReadings, maxAge, overflowPolicy, value, maxQuarantinedBatches);
    }
}
