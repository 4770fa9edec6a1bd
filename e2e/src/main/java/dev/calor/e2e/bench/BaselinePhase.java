package dev.calor.e2e.bench;

import dev.calor.sim.fleet.FleetReport;
import dev.calor.sim.fleet.FleetRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker baseline: the steady phase's fleet load against Debian's Mosquitto (no authentication, no
 * validation, no forwarding, nothing else running), and the ratio of Calor's broker to it. Calor's figure
 * comes from the steady phase, where the worker and influxd share the same cores with the broker.
 */
final class BaselinePhase {

    private static final Logger LOG = LoggerFactory.getLogger(BaselinePhase.class);

    private BaselinePhase() {}

    /** @param calorMessagesPerSecond the steady phase's acknowledged batches per second, NaN if not run */
    static void run(BenchPlan plan, double calorMessagesPerSecond, BenchResults results) throws InterruptedException {
        if (!plan.mosquittoBaseline()) {
            return;
        }
        if (!MosquittoServer.available()) {
            results.note("baseline: mosquitto is not installed (apt-get install mosquitto); skipped");
            return;
        }
        try (MosquittoServer mosquitto = MosquittoServer.start()) {
            FleetReport report = new FleetRunner(
                            SteadyPhase.fleet(plan, "127.0.0.1", mosquitto.port(), "unused-{device}", "mosq-"))
                    .run();
            double perSecond =
                    report.batchesAcknowledged() / (plan.steadyDuration().toNanos() / 1e9);
            LOG.info("mosquitto: {} msg/s", Math.round(perSecond));
            results.put("baseline", "Mosquitto messages acknowledged", perSecond, "msg/s");
            results.put(
                    "baseline", "Calor broker messages acknowledged (steady phase)", calorMessagesPerSecond, "msg/s");
            results.put("baseline", "ratio Calor / Mosquitto", calorMessagesPerSecond / perSecond, "");
            results.put(
                    "baseline",
                    "Mosquitto CPU",
                    ProcessFootprint.of("mosquitto", mosquitto.pid()).cpuSeconds(),
                    "s");
        }
    }
}
