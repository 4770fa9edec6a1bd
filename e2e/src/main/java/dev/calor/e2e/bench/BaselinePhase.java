package dev.calor.e2e.bench;

import dev.calor.sim.fleet.FleetConfig;
import dev.calor.sim.fleet.FleetMode;
import dev.calor.sim.fleet.FleetReport;
import dev.calor.sim.fleet.FleetRunner;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker baseline: a closed-loop fleet load against Debian's Mosquitto (no authentication, no
 * validation, no forwarding, nothing else running), and the ratio of Calor's broker to it. Calor's figure
 * comes from the end-to-end confirmation, where the worker and influxd share the same cores with the broker.
 */
final class BaselinePhase {

    private static final Logger LOG = LoggerFactory.getLogger(BaselinePhase.class);

    private BaselinePhase() {}

    /** @param calorMessagesPerSecond the end-to-end confirmation's batches per second, NaN if not run */
    static void run(BenchPlan plan, double calorMessagesPerSecond, BenchResults results) throws InterruptedException {
        if (!plan.mosquittoBaseline()) {
            return;
        }
        if (!MosquittoServer.available()) {
            results.note("baseline: mosquitto is not installed (apt-get install mosquitto); skipped");
            return;
        }
        try (MosquittoServer mosquitto = MosquittoServer.start()) {
            Duration duration = plan.load().confirm();
            FleetReport report = new FleetRunner(FleetConfig.builder()
                            .broker("127.0.0.1", mosquitto.port())
                            .devices(plan.load().patches())
                            .deviceIdPrefix("mosq-")
                            .passwordTemplate("unused-{device}")
                            .mode(FleetMode.STEADY)
                            .readingsPerSecond(0)
                            .duration(duration)
                            .batchSize(plan.load().batchSize())
                            .sampleInterval(Duration.ofSeconds(1))
                            .build())
                    .run();
            double perSecond = report.batchesAcknowledged() / (duration.toNanos() / 1e9);
            LOG.info("mosquitto: {} msg/s", Math.round(perSecond));
            results.put("baseline", "Mosquitto messages acknowledged", perSecond, "msg/s");
            results.put(
                    "baseline",
                    "Calor messages/s in the end-to-end confirmation (open loop, not a maximum)",
                    calorMessagesPerSecond,
                    "msg/s");
            results.put("baseline", "ratio Calor / Mosquitto", calorMessagesPerSecond / perSecond, "");
            results.put(
                    "baseline",
                    "Mosquitto CPU",
                    ProcessFootprint.of("mosquitto", mosquitto.pid()).cpuSeconds(),
                    "s");
        }
    }
}
