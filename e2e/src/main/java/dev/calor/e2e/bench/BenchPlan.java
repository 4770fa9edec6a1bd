package dev.calor.e2e.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one benchmark run measures and at which scale. {@link #full()} is the published profile,
 * {@link #quick()} fits a CI budget of under two minutes.
 *
 * @param profile name printed with the results
 * @param steadyDevices patches publishing during the steady-throughput phase
 * @param steadyRate total readings per second offered in the steady phase; 0 = as fast as PUBACKs allow
 * @param steadyDuration length of the steady phase (and of the Mosquitto baseline)
 * @param batchSize readings per batch in the steady phase
 * @param peakDevices patches of the hourly peak
 * @param peakWindow they all connect within this window
 * @param backlog readings each of them flushes
 * @param latencySamples publish-to-queryable samples taken under background load
 * @param backgroundRate readings per second of that background load
 * @param alertSamples threshold-crossing-to-alert samples
 * @param rawPoints points written straight to influxd to measure its raw ingest rate
 * @param mosquittoBaseline whether to run the same steady load against Mosquitto
 * @param settleTimeout how long to wait for readings to become queryable after a phase
 */
public record BenchPlan(
        String profile,
        int steadyDevices,
        double steadyRate,
        Duration steadyDuration,
        int batchSize,
        int peakDevices,
        Duration peakWindow,
        int backlog,
        int latencySamples,
        double backgroundRate,
        int alertSamples,
        int rawPoints,
        boolean mosquittoBaseline,
        Duration settleTimeout) {

    public BenchPlan {
        List<String> errors = new ArrayList<>();
        if (steadyDevices < 1) {
            errors.add("steady devices must be >= 1: " + steadyDevices);
        }
        if (!(steadyRate >= 0)) {
            errors.add("steady rate must be >= 0: " + steadyRate);
        }
        if (steadyDuration == null || steadyDuration.isNegative() || steadyDuration.isZero()) {
            errors.add("steady duration must be > 0: " + steadyDuration);
        }
        if (batchSize < 1) {
            errors.add("batch size must be >= 1: " + batchSize);
        }
        if (peakDevices < 0) {
            errors.add("peak devices must be >= 0 (0 skips the peak): " + peakDevices);
        }
        if (peakWindow == null || peakWindow.isNegative()) {
            errors.add("peak window must be >= 0: " + peakWindow);
        }
        if (backlog < 1) {
            errors.add("backlog must be >= 1: " + backlog);
        }
        if (latencySamples < 0 || alertSamples < 0) {
            errors.add("sample counts must be >= 0");
        }
        if (!(backgroundRate >= 0)) {
            errors.add("background rate must be >= 0: " + backgroundRate);
        }
        if (rawPoints < 0) {
            errors.add("raw points must be >= 0: " + rawPoints);
        }
        if (settleTimeout == null || settleTimeout.isNegative() || settleTimeout.isZero()) {
            errors.add("settle timeout must be > 0: " + settleTimeout);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid benchmark plan:\n  - " + String.join("\n  - ", errors));
        }
    }

    /**
     * The published figures: 20 000 patches at the hourly peak. 1 000 steady patches keep the broker's
     * credentials file (every device of every phase) under its reader's 3 MiB limit.
     */
    public static BenchPlan full() {
        return new BenchPlan(
                "full",
                1_000,
                0,
                Duration.ofSeconds(60),
                10,
                20_000,
                Duration.ofSeconds(10),
                60,
                100,
                2_000,
                10,
                2_000_000,
                true,
                Duration.ofSeconds(300));
    }

    /** Small enough for CI: the whole run takes well under two minutes. */
    public static BenchPlan quick() {
        return new BenchPlan(
                "quick",
                200,
                0,
                Duration.ofSeconds(8),
                10,
                500, // held open at the peak and through the storm; the full run holds 20 000
                Duration.ofSeconds(3),
                60,
                20,
                500,
                3,
                200_000,
                true,
                Duration.ofSeconds(45));
    }
}
