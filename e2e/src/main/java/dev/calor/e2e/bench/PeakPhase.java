package dev.calor.e2e.bench;

import dev.calor.sim.fleet.FleetConfig;
import dev.calor.sim.fleet.FleetMode;
import dev.calor.sim.fleet.FleetReport;
import dev.calor.sim.fleet.FleetRunner;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hourly peak: every patch connects within the window and flushes its backlog, then disconnects
 * (keeping the open connections under the machine's open-files limit). Lost = readings in the backlogs
 * minus readings stored; it must be 0.
 */
final class PeakPhase {

    static final String PREFIX = "peak-";
    private static final Logger LOG = LoggerFactory.getLogger(PeakPhase.class);

    private PeakPhase() {}

    static void run(BenchPlan plan, Pipeline pipeline, BenchResults results) throws InterruptedException {
        if (plan.peakDevices() == 0) {
            results.note("peak: skipped (0 patches)");
            return;
        }
        FleetConfig config = FleetConfig.builder()
                .broker(pipeline.brokerHost(), pipeline.brokerPort())
                .devices(plan.peakDevices())
                .deviceIdPrefix(PREFIX)
                .passwordTemplate(pipeline.passwordTemplate())
                .mode(FleetMode.PEAK)
                .window(plan.peakWindow())
                .backlog(plan.backlog())
                .backlogBatchSize(plan.backlog())
                .sampleInterval(Duration.ofSeconds(10))
                .maxConnectsInFlight(500)
                .ackTimeout(Duration.ofSeconds(120))
                .build();
        long start = System.nanoTime();
        FleetReport report = new FleetRunner(config).run();
        long expected = (long) plan.peakDevices() * plan.backlog();
        StoredReadings.Outcome stored =
                StoredReadings.await(() -> pipeline.storedReadings(PREFIX), expected, plan.settleTimeout());
        double untilQueryable = (stored.reachedAtNanos() - start) / 1e9;
        LOG.info("peak: {} of {} readings stored after {} s", stored.stored(), expected, untilQueryable);
        results.put("peak", "patches", plan.peakDevices(), "");
        results.put("peak", "connect window", plan.peakWindow().toMillis() / 1000.0, "s");
        results.put("peak", "connections accepted", report.connectionsAccepted(), "");
        results.put(
                "peak",
                "last connection accepted after",
                report.lastConnectionAcceptedAfter().toMillis() / 1000.0,
                "s");
        results.put("peak", "most connections open at once", report.peakOpenConnections(), "");
        results.put("peak", "readings flushed", report.readingsSent(), "");
        results.put("peak", "readings acknowledged by the broker", report.readingsAcknowledged(), "");
        results.put("peak", "readings stored in InfluxDB", stored.stored(), "");
        results.put("peak", "time until the last is queryable", untilQueryable, "s");
        results.put("peak", "PUBACK latency p99", report.latencyP99Micros() / 1000.0, "ms");
        results.put("peak", "lost (backlog - stored)", Math.max(0, expected - stored.stored()), "");
        if (!report.connectFailures().isEmpty()) {
            results.note("peak: connections refused: " + report.connectFailures());
        }
        if (report.batchesRejectedTotal() > 0) {
            results.note("peak: broker refused batches: " + report.batchesRejected());
        }
    }
}
