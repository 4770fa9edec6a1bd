package dev.calor.e2e.bench;

import dev.calor.testsupport.JavaProcess;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconnect storm: the broker is restarted (SIGTERM, then started again on the same port and data
 * folder) under the held fleet; every patch reconnects at once to its persistent session and flushes the
 * readings it took while the broker was down. Measured from the moment the new broker listens until every
 * patch is connected again and every reading of the outage is queryable.
 */
final class StormPhase {

    /** Readings each patch took during the outage (a minute at its 10 s interval). */
    static final int OUTAGE_READINGS = 6;

    private static final Logger LOG = LoggerFactory.getLogger(StormPhase.class);

    private StormPhase() {}

    /**
     * @param patches patches connected when the broker was stopped
     * @param reconnected patches connected again
     * @param connectAttempts CONNECT attempts of the storm, retries included
     * @param reconnectSeconds from the new broker listening until the last patch was connected
     * @param reconnectAllSeconds from the new broker listening until all were connected and drained
     * @param readings readings flushed after the reconnect
     * @param stored of them, queryable in InfluxDB
     * @param brokerStartCpuSeconds CPU the new broker spent starting (restoring the sessions) until it listened
     * @param brokerStormCpuSeconds CPU the new broker spent from listening until drained
     */
    record Result(
            int patches,
            int reconnected,
            long connectAttempts,
            double reconnectSeconds,
            double reconnectAllSeconds,
            long readings,
            long stored,
            double brokerStartCpuSeconds,
            double brokerStormCpuSeconds) {

        boolean completed() {
            return reconnected == patches && stored >= readings;
        }

        void addTo(BenchResults results) {
            results.figure("storm.patches", "storm: patches connected when the broker stopped", patches, "");
            results.figure("storm.reconnected", "storm: patches reconnected", reconnected, "");
            results.figure("storm.connect_attempts", "storm: CONNECT attempts (retries included)", connectAttempts, "");
            results.sampled(
                    "storm.reconnect_s", "storm: broker listening -> all reconnected", reconnectSeconds, "s", patches);
            results.sampled(
                    "storm.reconnect_all_s",
                    "storm: broker listening -> all reconnected and drained",
                    reconnectAllSeconds,
                    "s",
                    readings);
            results.figure("storm.readings_after_reconnect", "storm: outage readings flushed", readings, "");
            results.figure("storm.readings_stored", "storm: outage readings stored", stored, "");
            results.figure(
                    "storm.broker_start_cpu_s", "storm: broker CPU restoring sessions", brokerStartCpuSeconds, "s");
            results.figure("storm.broker_cpu_s", "storm: broker CPU listening -> drained", brokerStormCpuSeconds, "s");
            if (!completed()) {
                results.note("storm: did not complete: " + reconnected + " of " + patches + " reconnected, " + stored
                        + " of " + readings + " readings stored");
            }
        }
    }

    static Result run(HeldPipeline held, Duration timeout) throws InterruptedException {
        HeldFleet fleet = held.fleet();
        int patches = fleet.connected();
        long storedBefore = held.storedReadings();
        JavaProcess broker = held.restartBroker();
        long listening = System.nanoTime();
        double startCpu = ProcessFootprint.of("broker", broker.pid()).cpuSeconds();
        awaitAllDropped(fleet);
        HeldFleet.Wave wave = fleet.connectAll(timeout);
        LOG.info("storm: {} of {} patches reconnected in {} s", wave.connected(), patches, wave.seconds());
        HeldFleet.Flush flush = fleet.flush(OUTAGE_READINGS, OUTAGE_READINGS, timeout);
        StoredReadings.Outcome stored =
                StoredReadings.await(() -> held.storedReadings() - storedBefore, flush.readings(), timeout);
        double stormCpu = ProcessFootprint.of("broker", broker.pid()).cpuSeconds() - startCpu;
        double all = (stored.reachedAtNanos() - listening) / 1e9;
        LOG.info(
                "storm: {} readings drained {} s after the broker listened; broker CPU {} s",
                stored.stored(),
                all,
                stormCpu);
        return new Result(
                patches,
                wave.connected(),
                wave.attempts(),
                wave.seconds(),
                all,
                flush.readings(),
                stored.stored(),
                startCpu,
                stormCpu);
    }

    /** The old broker closed every connection; waits until each client noticed before reconnecting it. */
    private static void awaitAllDropped(HeldFleet fleet) {
        org.awaitility.Awaitility.await("every patch saw the broker go")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> fleet.connected() == 0);
    }
}
