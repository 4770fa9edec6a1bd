package dev.calor.e2e.bench;

/**
 * One backlog drained by a number of workers in the cluster bench: the backlog in readings and Kafka records;
 * over the measuring window (both groups stable, lag remaining) its length and the records each group committed
 * (storage: InfluxDB accepted them; alerting: their alert state is committed); and the cold drain, from the
 * backlog's first commit until both groups had committed all of it (a rebalance included).
 */
record ClusterDrain(
        long backlogReadings,
        long backlogRecords,
        double windowSeconds,
        long storageRecords,
        long alertingRecords,
        double coldDrainSeconds) {

    /** The backlog's mean readings per Kafka record, which turns committed records into readings. */
    double readingsPerRecord() {
        return backlogRecords > 0 ? (double) backlogReadings / backlogRecords : 0;
    }

    long storageReadings() {
        return Math.round(storageRecords * readingsPerRecord());
    }

    long alertingReadings() {
        return Math.round(alertingRecords * readingsPerRecord());
    }

    /** The pipeline's readings over the window: the slower group's. */
    long readings() {
        return Math.min(storageReadings(), alertingReadings());
    }

    double readingsPerSecond() {
        return perSecond(readings());
    }

    double storageReadingsPerSecond() {
        return perSecond(storageReadings());
    }

    double alertingReadingsPerSecond() {
        return perSecond(alertingReadings());
    }

    private double perSecond(long readings) {
        return windowSeconds > 0 ? readings / windowSeconds : Double.NaN;
    }

    /** The figures under {@code key} ({@code cluster.one_worker}), each with the readings it was measured on. */
    void addTo(BenchResults results, String key, String who) {
        results.sampled(
                key + ".readings_per_s",
                "cluster: " + who + " at work (slower group, groups stable, lag remaining)",
                readingsPerSecond(),
                "readings/s",
                readings());
        results.sampled(
                key + ".storage.readings_per_s",
                "cluster: " + who + ", storage group's committed advance",
                storageReadingsPerSecond(),
                "readings/s",
                storageReadings());
        results.sampled(
                key + ".alerting.readings_per_s",
                "cluster: " + who + ", alerting group's committed advance",
                alertingReadingsPerSecond(),
                "readings/s",
                alertingReadings());
        results.figure(key + ".window_s", "cluster: " + who + ", measuring window", windowSeconds, "s");
        results.sampled(
                key + ".cold_drain_s",
                "cluster: " + who + ", backlog's first commit -> all of it committed (rebalance included)",
                coldDrainSeconds,
                "s",
                backlogReadings);
    }
}
