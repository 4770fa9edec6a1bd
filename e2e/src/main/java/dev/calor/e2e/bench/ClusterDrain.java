package dev.calor.e2e.bench;

/**
 * One backlog drained by a number of workers in the cluster bench: the backlog in readings and Kafka records;
 * each group's measuring window ({@link GroupWindow}: the group at work, lag remaining), its length and the
 * records the group committed in it (storage: InfluxDB accepted them; alerting: their alert state is committed);
 * and the cold drain, from the backlog's first commit until both groups had committed all of it (rebalance and
 * start-up included).
 */
record ClusterDrain(
        long backlogReadings,
        long backlogRecords,
        double storageSeconds,
        long storageRecords,
        double alertingSeconds,
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

    double storageReadingsPerSecond() {
        return perSecond(storageReadings(), storageSeconds);
    }

    double alertingReadingsPerSecond() {
        return perSecond(alertingReadings(), alertingSeconds);
    }

    /** The pipeline's rate: the slower group's. */
    double readingsPerSecond() {
        return Math.min(storageReadingsPerSecond(), alertingReadingsPerSecond());
    }

    /** The readings the pipeline's rate rests on: the slower group's window's. */
    long readings() {
        return storageReadingsPerSecond() <= alertingReadingsPerSecond() ? storageReadings() : alertingReadings();
    }

    private static double perSecond(long readings, double seconds) {
        return seconds > 0 ? readings / seconds : Double.NaN;
    }

    /** The figures under {@code key} ({@code cluster.one_worker}), each with the readings it was measured on. */
    void addTo(BenchResults results, String key, String who) {
        results.sampled(
                key + ".readings_per_s",
                "cluster: " + who + " at work (the slower group; stable, lag remaining)",
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
        results.figure(key + ".storage.window_s", "cluster: " + who + ", storage group's window", storageSeconds, "s");
        results.figure(
                key + ".alerting.window_s", "cluster: " + who + ", alerting group's window", alertingSeconds, "s");
        results.sampled(
                key + ".cold_drain_s",
                "cluster: " + who + ", cold drain: first commit -> both groups committed all",
                coldDrainSeconds,
                "s",
                backlogReadings);
    }
}
