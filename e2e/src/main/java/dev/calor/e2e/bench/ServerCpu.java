package dev.calor.e2e.bench;

/**
 * CPU seconds used by each server of the pipeline under test; NaN where a process was not found.
 *
 * @param broker the broker with the extension
 * @param worker the ingest worker
 * @param influxd InfluxDB, which also answers the benchmark's own queryable polls
 */
record ServerCpu(double broker, double worker, double influxd) {

    static final ServerCpu UNKNOWN = new ServerCpu(Double.NaN, Double.NaN, Double.NaN);

    double total() {
        return broker + worker + influxd;
    }

    /** What was used since {@code before}. */
    ServerCpu since(ServerCpu before) {
        return new ServerCpu(broker - before.broker, worker - before.worker, influxd - before.influxd);
    }
}
