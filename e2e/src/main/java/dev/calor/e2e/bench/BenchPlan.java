package dev.calor.e2e.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one benchmark run measures and at which scale. {@link #full()} is the published profile (about 15
 * minutes), {@link #quick()} fits the CI budget of {@code ./calor test} (about 3 minutes on 2 cores).
 *
 * @param profile name printed with the results
 * @param load the end-to-end phase: open-loop load, rate search, confirmation, half rate
 * @param peakDevices patches of the hourly peak, held open through the reconnect storm
 * @param backlog readings each of them flushes
 * @param rawPoints points written straight to influxd to measure its raw ingest rate
 * @param mosquittoBaseline whether to run the baselines (Mosquitto, HiveMQ CE without the extension, Node-RED)
 * @param settleTimeout how long to wait for readings to become queryable after the peak
 */
public record BenchPlan(
        String profile,
        LoadPlan load,
        int peakDevices,
        int backlog,
        int rawPoints,
        boolean mosquittoBaseline,
        Duration settleTimeout) {

    public BenchPlan {
        List<String> errors = new ArrayList<>();
        if (peakDevices < 0) {
            errors.add("peak devices must be >= 0 (0 skips the peak): " + peakDevices);
        }
        if (backlog < 1) {
            errors.add("backlog must be >= 1: " + backlog);
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

    /** The published figures: a full rate search with a 60 s confirmation, 20 000 patches at the hourly peak. */
    public static BenchPlan full() {
        return new BenchPlan("full", LoadPlan.full(), 20_000, 60, 2_000_000, true, Duration.ofSeconds(300));
    }

    /** Small enough for CI: a short bounded search, a 20 s confirmation, 500 patches held at the peak and through the storm. */
    public static BenchPlan quick() {
        return new BenchPlan(
                "quick",
                LoadPlan.quick(),
                500, // held open at the peak and through the storm; the full run holds 20 000
                60,
                200_000,
                true,
                Duration.ofSeconds(45));
    }

    BenchPlan withLoad(LoadPlan l) {
        return new BenchPlan(profile, l, peakDevices, backlog, rawPoints, mosquittoBaseline, settleTimeout);
    }
}
