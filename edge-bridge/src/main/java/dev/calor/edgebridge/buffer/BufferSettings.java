package dev.calor.edgebridge.buffer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds and durability of the reading buffer.
 *
 * @param file the SQLite database file (created with its directory when missing)
 * @param maxReadings pending readings kept at most, over all patches
 * @param maxAge a pending reading older than this (stable clock, bridge receive time) is evicted
 * @param overflowPolicy what to do with a new reading when a bound is reached
 * @param dedupWindow how long a forwarded reading's key is remembered, so a patch resending it (its ACK was
 *     lost) does not produce a second publish
 * @param maxQuarantinedBatches refused batches kept at most; the oldest is purged (and counted) beyond it
 * @param maxReadingsPerPatch pending readings of one patch at most: a patch over it makes room from its own
 *     readings only, so one patch's backlog never evicts another patient's
 * @param maxBytes pending reading payload bytes at most, over all patches
 * @param maxBytesPerPatch pending reading payload bytes of one patch at most
 * @param minFreeBytes below this much free space on the buffer's file system the bridge reports itself not
 *     ready ({@code /health} 503, {@code calor_bridge_buffer_writable} 0)
 */
public record BufferSettings(
        Path file,
        long maxReadings,
        Duration maxAge,
        OverflowPolicy overflowPolicy,
        Duration dedupWindow,
        int maxQuarantinedBatches,
        long maxReadingsPerPatch,
        long maxBytes,
        long maxBytesPerPatch,
        long minFreeBytes) {

    public static final long DEFAULT_MAX_READINGS = 1_000_000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.DROP_OLDEST;
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(1);
    public static final int DEFAULT_MAX_QUARANTINED_BATCHES = 10_000;
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
    public static final long DEFAULT_MIN_FREE_BYTES = 32L * 1024 * 1024;

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
        if (maxReadingsPerPatch < 1 || maxBytes < 1 || maxBytesPerPatch < 1 || minFreeBytes < 0) {
            throw new IllegalArgumentException("quotas must be positive, minFreeBytes not negative");
        }
    }

    /** Without patch quotas or byte bounds beyond the defaults (a patch may use the whole buffer). */
    public BufferSettings(
            Path file,
            long maxReadings,
            Duration maxAge,
            OverflowPolicy overflowPolicy,
            Duration dedupWindow,
            int maxQuarantinedBatches) {
        this(
                file,
                maxReadings,
                maxAge,
                overflowPolicy,
                dedupWindow,
                maxQuarantinedBatches,
                maxReadings,
                DEFAULT_MAX_BYTES,
                DEFAULT_MAX_BYTES,
                DEFAULT_MIN_FREE_BYTES);
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
        return new BufferSettings(
                file,
                value,
                maxAge,
                overflowPolicy,
                dedupWindow,
                maxQuarantinedBatches,
                Math.min(value, maxReadingsPerPatch),
                maxBytes,
                maxBytesPerPatch,
                minFreeBytes);
    }

    public BufferSettings withMaxAge(Duration value) {
        return new BufferSettings(
                file,
                maxReadings,
                value,
                overflowPolicy,
                dedupWindow,
                maxQuarantinedBatches,
                maxReadingsPerPatch,
                maxBytes,
                maxBytesPerPatch,
                minFreeBytes);
    }

    public BufferSettings withOverflowPolicy(OverflowPolicy value) {
        return new BufferSettings(
                file,
                maxReadings,
                maxAge,
                value,
                dedupWindow,
                maxQuarantinedBatches,
                maxReadingsPerPatch,
                maxBytes,
                maxBytesPerPatch,
                minFreeBytes);
    }

    public BufferSettings withDedupWindow(Duration value) {
        return new BufferSettings(
                file,
                maxReadings,
                maxAge,
                overflowPolicy,
                value,
                maxQuarantinedBatches,
                maxReadingsPerPatch,
                maxBytes,
                maxBytesPerPatch,
                minFreeBytes);
    }

    /** Patch quotas: readings and payload bytes. */
    public BufferSettings withPatchQuota(long readings, long bytes) {
        return new BufferSettings(
                file,
                maxReadings,
                maxAge,
                overflowPolicy,
                dedupWindow,
                maxQuarantinedBatches,
                readings,
                maxBytes,
                bytes,
                minFreeBytes);
    }

    public BufferSettings withMaxBytes(long value) {
        return new BufferSettings(
                file,
                maxReadings,
                maxAge,
                overflowPolicy,
                dedupWindow,
                maxQuarantinedBatches,
                maxReadingsPerPatch,
                value,
                maxBytesPerPatch,
                minFreeBytes);
    }

    public BufferSettings withMinFreeBytes(long value) {
        return new BufferSettings(
                file,
                maxReadings,
                maxAge,
                overflowPolicy,
                dedupWindow,
                maxQuarantinedBatches,
                maxReadingsPerPatch,
                maxBytes,
                maxBytesPerPatch,
                value);
    }
}
