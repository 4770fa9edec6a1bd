package dev.calor.sim.fleet;

import dev.calor.proto.SchemaVersions;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One fleet patch acting as its own bridge: produces the {@link ReadingBatch}es it publishes. Pure
 * logic, driven by the caller's clock and seed. Sequence numbers increase by one per reading and
 * sample times strictly increase (by at least 1 µs), so every reading is a distinct InfluxDB point;
 * they never lie in the future unless a patch is asked for more than one reading per microsecond.
 */
public final class SimulatedPatch {

    private static final long MIN_SPACING_NS = 1_000;

    private final String deviceId;
    private final int bootEpoch;
    private final long sampleIntervalNs;
    private final double baselineCelsius;
    private final SplittableRandom random;
    private int nextSequence = 1;
    private long nextBatchId = 1;
    private long lastSampleNs = Long.MIN_VALUE;

    public SimulatedPatch(String deviceId, int bootEpoch, Duration sampleInterval, long seed) {
        this.deviceId = deviceId;
        this.bootEpoch = bootEpoch;
        this.sampleIntervalNs = sampleInterval.toNanos();
        this.random = new SplittableRandom(seed);
        // axillary temperature of a healthy adult: core minus about half a degree
        this.baselineCelsius = 36.2 + random.nextDouble() * 0.6;
    }

    public String deviceId() {
        return deviceId;
    }

    /** Readings produced so far (the last sequence number handed out). */
    public int readingsProduced() {
        return nextSequence - 1;
    }

    /**
     * The next {@code count} readings in one batch, sampled every sample interval and ending at {@code
     * now} (a backlog when count &gt; 1), pushed later where they would not follow the previous batch.
     */
    public ReadingBatch nextBatch(int count, Instant now) {
        return nextBacklog(count, count, now).get(0);
    }

    /**
     * A backlog of {@code count} readings ending at {@code now}, oldest first, split into batches of at
     * most {@code maxPerBatch} readings, as a bridge flushes what it buffered while offline.
     */
    public List<ReadingBatch> nextBacklog(int count, int maxPerBatch, Instant now) {
        if (count < 1 || maxPerBatch < 1) {
            throw new IllegalArgumentException(
                    "a backlog holds at least one reading in batches of at least one: " + count + "/" + maxPerBatch);
        }
        long nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        List<ReadingBatch> batches = new ArrayList<>();
        ReadingBatch.Builder batch = null;
        for (int i = 0; i < count; i++) {
            if (batch == null) {
                batch = ReadingBatch.newBuilder()
                        .setSchemaVersion(SchemaVersions.CURRENT)
                        .setDeviceId(deviceId)
                        .setBridgeId(deviceId)
                        .setBatchId(nextBatchId++)
                        .setCreatedTimeUnixNs(nowNs);
            }
            long ideal = nowNs - (count - 1 - i) * sampleIntervalNs;
            lastSampleNs = lastSampleNs == Long.MIN_VALUE ? ideal : Math.max(ideal, lastSampleNs + MIN_SPACING_NS);
            batch.addReadings(Reading.newBuilder()
                    .setSequence(nextSequence++)
                    .setBootEpoch(bootEpoch)
                    .setSampleTimeUnixNs(lastSampleNs)
                    .setTemperatureCelsius(temperature())
                    .setSite(MeasurementSite.MEASUREMENT_SITE_AXILLA)
                    .setReceivedTimeUnixNs(nowNs));
            if (batch.getReadingsCount() == maxPerBatch) {
                batches.add(batch.build());
                batch = null;
            }
        }
        if (batch != null) {
            batches.add(batch.build());
        }
        return batches;
    }

    private double temperature() {
        double noisy = baselineCelsius + (random.nextDouble() - 0.5) * 0.2;
        // sensor resolution 0.01 °C
        return Math.round(noisy * 100.0) / 100.0;
    }
}
