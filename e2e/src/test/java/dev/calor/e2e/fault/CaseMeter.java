package dev.calor.e2e.fault;

import static org.awaitility.Awaitility.await;

import dev.calor.sim.patch.ReadingReport;
import dev.calor.testsupport.InfluxHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Counts what a case did to a patch's readings: in InfluxDB, at the ingest tap, over time. */
final class CaseMeter {

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(90);

    private final InfluxHttp influx;
    private final String db;
    private final DeliveryTap ingest;
    private final BooleanSupplier alertsConnected;
    private final List<CaseResult> results = new CopyOnWriteArrayList<>();

    CaseMeter(InfluxHttp influx, String db, DeliveryTap ingest, BooleanSupplier alertsConnected) {
        this.influx = influx;
        this.db = db;
        this.ingest = ingest;
        this.alertsConnected = alertsConnected;
    }

    /** Every case measured so far, in order. */
    List<CaseResult> results() {
        return results;
    }

    /**
     * Waits until every reading the patch took before {@code faultEnd} is queryable; seconds from
     * {@code faultEnd}, or -1 if that did not happen within {@link #STORE_TIMEOUT}.
     */
    double awaitStoredSince(String device, List<ReadingReport> sent, Instant faultEnd) {
        Set<Long> before = sequences(List.copyOf(sent));
        try {
            await().atMost(STORE_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> storedSequences(device)
                    .containsAll(before));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return -1;
        }
        return Duration.between(faultEnd, Instant.now()).toMillis() / 1000.0;
    }

    /** Waits for every reading sent to be stored (or the timeout), then counts. */
    CaseResult measure(String name, String device, List<ReadingReport> sent, double recovery, String note) {
        Set<Long> sentSequences = sequences(sent);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .alias("the ingest and caregiver taps are connected (else they could not see duplicates or alerts)")
                .until(() -> ingest.connected() && alertsConnected.getAsBoolean());
        try {
            await().atMost(STORE_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> storedSequences(device)
                    .containsAll(sentSequences));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // counted as lost below
        }
        List<Map<String, Object>> rows = storedRows(device);
        Set<Long> stored = rows.stream()
                .map(r -> ((Number) r.get("seq")).longValue())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Long> lost = new TreeSet<>(sentSequences);
        lost.removeAll(stored);
        CaseResult result = new CaseResult(
                name,
                device,
                sent.size(),
                stored.size(),
                lost.size(),
                rows.size() - stored.size(),
                ingest.duplicates(device),
                0,
                "",
                0,
                lost.isEmpty() ? recovery : -1,
                lost.isEmpty() ? note : (note.isEmpty() ? "" : note + "; ") + "lost sequences " + lost);
        results.add(result);
        System.out.printf(
                "fault case %s: sent %d, stored %d, lost %d, stored twice %d, duplicates delivered %d, recovery %.1f s%n",
                name,
                result.sent(),
                result.stored(),
                result.lost(),
                result.storedTwice(),
                result.duplicatesDelivered(),
                result.recoverySeconds());
        return result;
    }

    Set<Long> sequences(List<ReadingReport> reports) {
        return reports.stream().map(ReadingReport::sequence).collect(Collectors.toCollection(TreeSet::new));
    }

    List<Map<String, Object>> storedRows(String device) {
        return influx.rows(
                db, "SELECT seq, boot_epoch FROM body_temperature WHERE device_id = '" + device + "' GROUP BY *");
    }

    Set<Long> storedSequences(String device) {
        return storedRows(device).stream()
                .map(r -> ((Number) r.get("seq")).longValue())
                .collect(Collectors.toSet());
    }
}
