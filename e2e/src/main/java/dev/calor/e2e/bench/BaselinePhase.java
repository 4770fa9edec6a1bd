package dev.calor.e2e.bench;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same-run baselines under the end-to-end phase's fleet (its patches and batch size, for the length of its
 * confirmation, closed loop: as fast as PUBACKs allow), each alone on the machine after Calor's pipeline stopped
 * (the raw-ingest probe runs inside the Calor run, against its influxd):
 * <ul>
 *   <li>{@code baselines.mosquitto}: Debian's Mosquitto with persistence and one QoS 1 subscriber; no
 *       authentication, no validation, no forwarding to a worker, and its persistence is a periodic
 *       snapshot, not a write before the PUBACK;
 *   <li>{@code baselines.hivemq_ce}: HiveMQ CE, the same version and file persistence as Calor's broker,
 *       without the Calor extension, with one QoS 1 subscriber: no authentication, authorization,
 *       validation, rate limits or sharded forwarding; its figures are the CE legs of the paired rounds;
 *   <li>{@code baselines.extension_vs_ce}: {@link ExtensionVsCe}, the two brokers paired and interleaved;
 *   <li>{@code baselines.node_red}: {@link NodeRedBaseline}, MQTT to InfluxDB as a small team might wire it.
 * </ul>
 */
final class BaselinePhase {

    private static final Logger LOG = LoggerFactory.getLogger(BaselinePhase.class);

    private BaselinePhase() {}

    /** @param calorReadingsPerSecond the end-to-end confirmation's readings per second, NaN if it did not run */
    static void run(BenchPlan plan, double calorReadingsPerSecond, BenchResults results) throws InterruptedException {
        if (!plan.mosquittoBaseline()) {
            return;
        }
        if (MosquittoServer.available()) {
            try (MosquittoServer mosquitto = MosquittoServer.start(true)) {
                BrokerBaseline mosq = BrokerBaseline.measure("mosquitto", plan, mosquitto.port(), mosquitto.pid());
                mosq.addTo(results);
                results.figure(
                        "baselines.ratio_calor_to_mosquitto",
                        "ratio Calor's confirmation (open loop, not a maximum) / Mosquitto",
                        calorReadingsPerSecond / mosq.readingsPerSecond(),
                        "");
                LOG.info("mosquitto: {} readings/s", Math.round(mosq.readingsPerSecond()));
            } catch (RuntimeException e) {
                results.note("baselines: mosquitto failed: " + e.getMessage());
            }
        } else {
            results.note("baselines: mosquitto is not installed (apt-get install mosquitto); skipped");
        }
        extensionVsCe(plan, results);
        nodeRed(plan, calorReadingsPerSecond, results);
    }

    private static void extensionVsCe(BenchPlan plan, BenchResults results) throws InterruptedException {
        try {
            ExtensionVsCeResult pair = ExtensionVsCe.of(plan).run();
            pair.addTo(results);
            // HiveMQ CE alone, from the paired rounds' CE legs
            pair.ce().asBaseline("hivemq_ce").addTo(results);
            LOG.info(
                    "extension / CE: {} (median of {} rounds)",
                    pair.ratio(),
                    pair.rounds().size());
        } catch (RuntimeException e) {
            results.note("baselines: extension vs HiveMQ CE failed: " + e.getMessage());
        }
    }

    private static void nodeRed(BenchPlan plan, double calorReadingsPerSecond, BenchResults results)
            throws InterruptedException {
        Path home = NodeRedBaseline.home();
        if (home == null) {
            results.note("baselines: Node-RED is not installed (" + NodeRedBaseline.HOME_ENV
                    + " unset; ./calor bench installs it); skipped");
            return;
        }
        try {
            NodeRedBaseline nodeRed = NodeRedBaseline.measure(plan, home, calorReadingsPerSecond);
            nodeRed.addTo(results);
            results.figure(
                    "baselines.ratio_calor_to_node_red_per_cpu_s",
                    "readings per CPU-second, Calor end to end / Node-RED at its held rate (target > 1)",
                    results.value("end_to_end.readings_per_cpu_s")
                            / nodeRed.held().storedPerCpuSecond(),
                    "");
            LOG.info("Node-RED: {} readings/s", Math.round(nodeRed.readingsPerSecond()));
        } catch (RuntimeException e) {
            results.note("baselines: Node-RED failed: " + e.getMessage());
        }
    }
}
