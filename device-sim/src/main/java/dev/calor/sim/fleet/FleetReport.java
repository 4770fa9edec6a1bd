package dev.calor.sim.fleet;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a fleet run did. Connection and publish failures are keyed by their MQTT reason code name (for
 * example {@code NOT_AUTHORIZED}, {@code PAYLOAD_FORMAT_INVALID}) or by {@code TIMEOUT} / {@code
 * CONNECTION_LOST} / the exception's simple name when the broker gave no reason code.
 *
 * @param mode the mode that ran
 * @param devices patches in the fleet
 * @param connectAttempts connection attempts (a STORM run makes several per patch)
 * @param connectionsAccepted attempts the broker accepted with CONNACK success
 * @param connectFailures failed attempts by reason
 * @param peakOpenConnections the most connections open at the same time
 * @param lastConnectionAcceptedAfter from the start of the run until the broker accepted the last
 *     connection (zero when it accepted none)
 * @param batchesSent publishes sent
 * @param batchesAcknowledged publishes the broker acknowledged with a success reason code
 * @param batchesRejected publishes refused or lost, by reason
 * @param readingsSent readings in the batches sent
 * @param readingsAcknowledged readings in acknowledged batches
 * @param latencyP50Micros publish-to-PUBACK latency, median
 * @param latencyP99Micros publish-to-PUBACK latency, 99th percentile
 * @param latencyMaxMicros publish-to-PUBACK latency, maximum
 * @param elapsed wall time of the run
 */
public record FleetReport(
        FleetMode mode,
        int devices,
        long connectAttempts,
        long connectionsAccepted,
        Map<String, Long> connectFailures,
        long peakOpenConnections,
        Duration lastConnectionAcceptedAfter,
        long batchesSent,
        long batchesAcknowledged,
        Map<String, Long> batchesRejected,
        long readingsSent,
        long readingsAcknowledged,
        long latencyP50Micros,
        long latencyP99Micros,
        long latencyMaxMicros,
        Duration elapsed) {

    public FleetReport {
        connectFailures = Map.copyOf(connectFailures);
        batchesRejected = Map.copyOf(batchesRejected);
    }

    /** Acknowledged readings per second of wall time. */
    public double acknowledgedReadingsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds == 0 ? 0 : readingsAcknowledged / seconds;
    }

    public long batchesRejectedTotal() {
        return batchesRejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A few aligned lines for a terminal. */
    public String toText() {
        return String.format(
                "fleet %s: %d patches in %.1f s%n"
                        + "  connections  attempted %d, accepted %d (the last after %.1f s), failed %s, peak open %d%n"
                        + "  batches      sent %d, acknowledged %d, rejected %s%n"
                        + "  readings     sent %d, acknowledged %d (%.0f/s)%n"
                        + "  PUBACK latency  p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                mode,
                devices,
                elapsed.toMillis() / 1000.0,
                connectAttempts,
                connectionsAccepted,
                lastConnectionAcceptedAfter.toMillis() / 1000.0,
                new TreeMap<>(connectFailures),
                peakOpenConnections,
                batchesSent,
                batchesAcknowledged,
                new TreeMap<>(batchesRejected),
                readingsSent,
                readingsAcknowledged,
                acknowledgedReadingsPerSecond(),
                latencyP50Micros / 1000.0,
                latencyP99Micros / 1000.0,
                latencyMaxMicros / 1000.0);
    }
}
