package dev.calor.e2e.bench;

import dev.calor.edgebridge.publish.PublishSettings;
import java.time.Duration;

/**
 * What one publish of the load carries, derived the way a real edge bridge batches: a patch reads every {@code
 * patchReadingInterval}, its bridge publishes what it buffered every {@code publishInterval} (at most {@code
 * maxBatch} readings). The end-to-end phase and the baselines' fleet publish batches of this size, so every
 * broker and pipeline of a run sees the same messages.
 *
 * @param publishInterval the bridge's publish interval
 * @param patchReadingInterval how often a patch takes a reading
 * @param maxBatch the bridge's largest batch
 */
public record LoadShape(Duration publishInterval, Duration patchReadingInterval, int maxBatch) {

    /**
     * A patch reading every 2 s: the contract allows 1..65 535 s (serial) and 1..3 600 s (BLE); the BLE profile
     * and the scenarios default to 60 s, where a bridge publish carries a single reading.
     */
    public static final Duration BENCH_PATCH_READING_INTERVAL = Duration.ofSeconds(2);

    public LoadShape {
        if (publishInterval == null || publishInterval.isNegative() || publishInterval.isZero()) {
            throw new IllegalArgumentException("publish interval must be > 0: " + publishInterval);
        }
        if (patchReadingInterval == null || patchReadingInterval.isNegative() || patchReadingInterval.isZero()) {
            throw new IllegalArgumentException("patch reading interval must be > 0: " + patchReadingInterval);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max batch must be >= 1: " + maxBatch);
        }
    }

    /** The bridge's defaults ({@link PublishSettings}) with patches reading every {@code patchReadingInterval}. */
    public static LoadShape bridgeDefaults(Duration patchReadingInterval) {
        return new LoadShape(
                PublishSettings.DEFAULT_INTERVAL, patchReadingInterval, PublishSettings.DEFAULT_MAX_BATCH_SIZE);
    }

    /** Readings a publish carries: those taken in one publish interval, at least one, at most the largest batch. */
    public int readingsPerPublish() {
        long taken = publishInterval.toNanos() / patchReadingInterval.toNanos();
        return (int) Math.max(1, Math.min(maxBatch, taken));
    }

    LoadShape withPatchReadingInterval(Duration d) {
        return new LoadShape(publishInterval, d, maxBatch);
    }
}
