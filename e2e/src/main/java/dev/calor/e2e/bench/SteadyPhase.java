package dev.calor.e2e.bench;

import dev.calor.sim.fleet.FleetConfig;
import dev.calor.sim.fleet.FleetMode;
import dev.calor.sim.fleet.FleetReport;
import dev.calor.sim.fleet.FleetRunner;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steady throughput: the fleet publishes as fast as PUBACKs allow (or at the planned rate) for the
 * planned duration; readings per second end to end = readings stored / (publishing time + time until
 * the last one was queryable).
 */
final class SteadyPhase {

    static final String PREFIX = "steady-";
    /** Patches of the unmeasured warm-up run that lets the broker's and worker's JIT settle first. */
    static final String WARM_UP_PREFIX = "warm-";

    static final int WARM_UP_DEVICES = 100;
    private static final Duration WARM_UP = Duration.ofSeconds(4);
    private static final Logger LOG = LoggerFactory.getLogger(SteadyPhase.class);

    private SteadyPhase() {}

    static FleetConfig fleet(BenchPlan plan, String host, int port, String passwordTemplate, String prefix) {
        return FleetConfig.builder()
                .broker(host, port)
                .devices(plan.steadyDevices())
                .deviceIdPrefix(prefix)
                .passwordTemplate(passwordTemplate)
                .mode(FleetMode.STEADY)
                .readingsPerSecond(plan.steadyRate())
                .duration(plan.steadyDuration())
                .batchSize(plan.batchSize())
                .sampleInterval(Duration.ofSeconds(1))
                .build();
    }

    static FleetReport run(BenchPlan plan, Pipeline pipeline, BenchResults results) throws InterruptedException {
        FleetConfig warmUp = fleet(
                        plan, pipeline.brokerHost(), pipeline.brokerPort(), pipeline.passwordTemplate(), WARM_UP_PREFIX)
                .toBuilder()
                .devices(WARM_UP_DEVICES)
                .duration(WARM_UP)
                .build();
        new FleetRunner(warmUp).run();
        FleetConfig config =
                fleet(plan, pipeline.brokerHost(), pipeline.brokerPort(), pipeline.passwordTemplate(), PREFIX);
        FleetReport report = new FleetRunner(config).run();
        long publishedAt = System.nanoTime();
        StoredReadings.Outcome stored = StoredReadings.await(
                () -> pipeline.storedReadings(PREFIX), report.readingsAcknowledged(), plan.settleTimeout());
        double drainSeconds = Math.max(0, (stored.reachedAtNanos() - publishedAt) / 1e9);
        double seconds = plan.steadyDuration().toNanos() / 1e9 + drainSeconds;
        double perSecond = stored.stored() / seconds;
        LOG.info(
                "steady: {} of {} acknowledged readings stored, {}/s",
                stored.stored(),
                report.readingsAcknowledged(),
                Math.round(perSecond));
        results.put("throughput", "patches publishing", plan.steadyDevices(), "");
        results.put("throughput", "readings acknowledged by the broker", report.readingsAcknowledged(), "");
        results.put("throughput", "readings stored in InfluxDB", stored.stored(), "");
        results.put("throughput", "batches rejected by the broker", report.batchesRejectedTotal(), "");
        results.put("throughput", "end to end (publish -> queryable)", perSecond, "rdg/s");
        results.put(
                "throughput",
                "broker messages acknowledged",
                report.batchesAcknowledged() / (plan.steadyDuration().toNanos() / 1e9),
                "msg/s");
        if (!stored.complete()) {
            results.note("steady: only " + stored.stored() + " of " + report.readingsAcknowledged()
                    + " acknowledged readings were queryable after " + plan.settleTimeout());
        }
        if (report.batchesRejectedTotal() > 0) {
            results.note("steady: broker refused batches: " + report.batchesRejected());
        }
        return report;
    }
}
