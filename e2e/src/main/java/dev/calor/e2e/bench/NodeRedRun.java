package dev.calor.e2e.bench;

import java.util.Map;

/**
 * One load run through the Node-RED baseline and what became of every reading Mosquitto acknowledged: stored in
 * InfluxDB, refused by the write (Node-RED's log names each failed write; the flow does not retry), or still
 * inside Node-RED or Mosquitto when the wait ended.
 *
 * @param offeredPerSecond the fleet's constant rate, 0 when it published as fast as PUBACKs allowed
 * @param acknowledged readings Mosquitto acknowledged to the publishers
 * @param stored readings queryable in InfluxDB when the wait ended
 * @param failedWrites writes the influxdb batch node reported as failed, by error message (one write = one batch)
 * @param batchSize readings per MQTT message
 * @param publishSeconds how long the fleet published
 * @param seconds from the first publish until the last reading became queryable
 * @param cpuSeconds CPU of Node.js, Mosquitto and influxd over the run and its drain
 * @param nodePeakRssMiB Node-RED's resident memory high-water mark
 */
record NodeRedRun(
        double offeredPerSecond,
        long acknowledged,
        long stored,
        Map<String, Long> failedWrites,
        int batchSize,
        double publishSeconds,
        double seconds,
        double cpuSeconds,
        double nodePeakRssMiB) {

    NodeRedRun {
        failedWrites = Map.copyOf(failedWrites);
    }

    long failedReadings() {
        return failedWrites.values().stream().mapToLong(Long::longValue).sum() * batchSize;
    }

    /** Acknowledged, neither stored nor reported failed: held in Node-RED or Mosquitto when the wait ended. */
    long pending() {
        return Math.max(0, acknowledged - stored - failedReadings());
    }

    long lost() {
        return Math.max(0, acknowledged - stored);
    }

    double storedPerSecond() {
        return stored / seconds;
    }

    double storedPerCpuSecond() {
        return stored / cpuSeconds;
    }

    void addTo(BenchResults results, String key, String label) {
        if (offeredPerSecond > 0) {
            results.figure(
                    key + ".offered_readings_per_s", label + ": offered rate (open loop)", offeredPerSecond, "rdg/s");
        }
        results.sampled(
                key + ".readings_per_s", label + ": readings queryable per second", storedPerSecond(), "rdg/s", stored);
        results.figure(
                key + ".readings_acknowledged", label + ": readings acknowledged by Mosquitto", acknowledged, "");
        results.figure(key + ".readings_stored", label + ": readings stored", stored, "");
        results.sampled(key + ".lost", label + ": readings lost (acknowledged - stored)", lost(), "", acknowledged);
        results.figure(
                key + ".readings_write_failed",
                label + ": readings in writes Node-RED logged as failed",
                failedReadings(),
                "");
        results.figure(
                key + ".readings_pending", label + ": readings still in Node-RED/Mosquitto at the end", pending(), "");
        results.figure(key + ".cpu_s", label + ": CPU of Node.js, Mosquitto and influxd", cpuSeconds, "s");
        results.sampled(
                key + ".cpu_us_per_reading",
                label + ": CPU per reading stored",
                cpuSeconds * 1e6 / stored,
                "µs",
                stored);
        results.sampled(
                key + ".readings_per_cpu_s",
                label + ": readings stored per CPU-second (Node.js + Mosquitto" + " + influxd)",
                storedPerCpuSecond(),
                "rdg/CPU-s",
                stored);
        results.figure(key + ".node_peak_rss_mib", label + ": Node-RED peak RSS", nodePeakRssMiB, "MiB");
    }
}
