package dev.calor.e2e.bench;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hourly peak: every patch of the held fleet connects at once and flushes its backlog, and every
 * connection stays open (as bridges keep theirs) until the peak is measured. Lost = readings in the
 * backlogs minus readings stored; it must be 0.
 */
final class PeakPhase {

    private static final Logger LOG = LoggerFactory.getLogger(PeakPhase.class);

    private PeakPhase() {}

    /**
     * @param planned patches the plan asked for (more than {@code connections} when the open-files limit
     *     does not leave room for them)
     * @param connections patches connected at once
     * @param acceptSeconds from the first CONNECT until the broker had accepted the last patch
     * @param connectAttempts CONNECT attempts, retries after a refusal included
     * @param readings readings in the backlogs
     * @param acknowledged readings the broker acknowledged
     * @param stored readings queryable in InfluxDB
     * @param queryableSeconds from the first CONNECT until the last reading was queryable
     * @param heldAtEnd connections still open once everything was stored
     * @param brokerRssMiB the broker's resident memory while holding the connections (high-water mark)
     */
    record Result(
            int planned,
            int connections,
            double acceptSeconds,
            long connectAttempts,
            long readings,
            long acknowledged,
            long stored,
            double queryableSeconds,
            int heldAtEnd,
            double brokerRssMiB) {

        long lost() {
            return Math.max(0, readings - stored);
        }

        void addTo(BenchResults results) {
            results.figure("peak.planned_connections", "peak: patches planned", planned, "");
            results.sampled(
                    "peak.concurrent_connections", "peak: connections held open at once", heldAtEnd, "", connections);
            results.sampled(
                    "peak.accept_all_s", "peak: first CONNECT -> all accepted", acceptSeconds, "s", connections);
            results.figure("peak.connect_attempts", "peak: CONNECT attempts (retries included)", connectAttempts, "");
            results.figure("peak.readings_flushed", "peak: backlog readings flushed", readings, "");
            results.figure("peak.readings_acknowledged", "peak: readings acknowledged", acknowledged, "");
            results.figure("peak.readings_stored", "peak: readings stored in InfluxDB", stored, "");
            results.sampled(
                    "peak.queryable_all_s", "peak: first CONNECT -> all queryable", queryableSeconds, "s", readings);
            results.sampled("peak.lost", "peak: readings lost", lost(), "", readings);
            results.figure("peak.broker_peak_rss_mib", "peak: broker peak RSS", brokerRssMiB, "MiB");
            if (connections < planned) {
                results.note("peak: " + connections + " of " + planned + " patches: the open-files limit ("
                        + OpenFiles.ofThisProcess().hard() + ") leaves room for no more (./calor bench raises it"
                        + " where it may)");
            }
        }
    }

    static Result run(HeldPipeline held, int planned, int backlog, Duration timeout) throws InterruptedException {
        HeldFleet fleet = held.fleet();
        long t0 = System.nanoTime();
        HeldFleet.Wave wave = fleet.connectAll(timeout);
        LOG.info("peak: {} of {} patches connected after {} s", wave.connected(), fleet.size(), wave.seconds());
        HeldFleet.Flush flush = fleet.flush(backlog, backlog, timeout);
        StoredReadings.Outcome stored = StoredReadings.await(held::storedReadings, flush.readings(), timeout);
        double queryable = (stored.reachedAtNanos() - t0) / 1e9;
        LOG.info("peak: {} of {} readings stored after {} s", stored.stored(), flush.readings(), queryable);
        return new Result(
                planned,
                fleet.size(),
                wave.seconds(),
                wave.attempts(),
                flush.readings(),
                flush.acknowledged(),
                stored.stored(),
                queryable,
                fleet.connected(),
                held.brokerFootprint().peakRssMiB());
    }
}
