package dev.calor.app.live;

import dev.calor.app.api.model.PatientModels.AlertView;
import dev.calor.app.api.model.PatientModels.Backlog;
import dev.calor.app.api.model.PatientModels.Reading;
import dev.calor.app.history.Temperatures;
import dev.calor.app.live.LiveHub.Watcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watched patient on this instance: its open streams, how far they have been sent, and the poll that
 * finds what is new (after that position) and what was stored late (before it). Polled by one thread.
 */
final class PatientFeed {

    private static final Logger LOG = LoggerFactory.getLogger(PatientFeed.class);
    /** Late readings further back than this reach the history only. */
    public static final Duration LATE_HORIZON = Duration.ofHours(24);
    /** Late alerts further back than this reach the alert history only. */
    public static final Duration LATE_ALERT_HORIZON = Duration.ofDays(7);

    static final Duration MINUTE = Duration.ofMinutes(1);
    static final Duration HOUR = Duration.ofHours(1);
    /** Late minutes (or hours of alerts) sent per poll at most: a long backlog goes out over several polls. */
    static final int LATE_BUCKETS_PER_POLL = 60;

    private static final int LATE_READINGS_PER_POLL = 5000;
    private static final int SENT_ALERTS_REMEMBERED = 10_000;

    final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private final String patientId;
    private final Temperatures temperatures;
    private final LateArrivals lateReadings = new LateArrivals();
    private final LateArrivals lateAlerts = new LateArrivals();
    private final Set<String> sentAlerts = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SENT_ALERTS_REMEMBERED;
        }
    });
    private Instant lastReading;
    private Instant lastAlert;

    PatientFeed(String patientId, Temperatures temperatures, Instant lastReading, Instant lastAlert) {
        this.patientId = patientId;
        this.temperatures = temperatures;
        this.lastReading = lastReading;
        this.lastAlert = lastAlert;
    }

    void poll(Instant now) {
        for (Reading r : temperatures.readingsAfter(patientId, lastReading)) {
            send("reading", r);
            lastReading = r.time();
            lateReadings.sentLive(bucket(r.time(), MINUTE));
        }
        for (AlertView a : temperatures.alertsAfter(patientId, lastAlert)) {
            sendAlert(a);
            lastAlert = a.time();
        }
        lateReadings(now);
        lateAlerts(now);
    }

    private void lateReadings(Instant now) {
        Instant horizon = now.minus(LATE_HORIZON);
        Map<Long, Long> stored = temperatures.readingsPerBucket(patientId, horizon, lastReading, MINUTE);
        List<Long> grown = lateReadings.grown(stored, bucket(horizon, MINUTE));
        if (grown.isEmpty()) {
            return;
        }
        List<Long> batch = grown.subList(0, Math.min(grown.size(), LATE_BUCKETS_PER_POLL));
        long first = batch.get(0);
        long last = batch.get(batch.size() - 1);
        List<Reading> found = temperatures.readingsBetween(
                patientId, instant(first), instant(last + MINUTE.toNanos()), LATE_READINGS_PER_POLL);
        Set<Long> wanted = new HashSet<>(batch);
        List<Reading> late = found.stream()
                .filter(r -> wanted.contains(bucket(r.time(), MINUTE)))
                .toList();
        // a result cut by its limit may end inside a minute: that minute waits for the next poll
        long complete = found.size() < LATE_READINGS_PER_POLL
                ? Long.MAX_VALUE
                : bucket(found.get(found.size() - 1).time(), MINUTE);
        List<Reading> out =
                late.stream().filter(r -> bucket(r.time(), MINUTE) < complete).toList();
        if (!out.isEmpty()) {
            send("backlog", new Backlog(out));
        }
        for (long b : batch) {
            if (b < complete) {
                lateReadings.caughtUp(b, stored.get(b));
            }
        }
        LOG.debug("live stream of patient {}: {} late readings in {} minutes", patientId, out.size(), batch.size());
    }

    private void lateAlerts(Instant now) {
        Instant horizon = now.minus(LATE_ALERT_HORIZON);
        Map<Long, Long> stored = temperatures.alertsPerBucket(patientId, horizon, lastAlert, HOUR);
        List<Long> grown = lateAlerts.grown(stored, bucket(horizon, HOUR));
        for (long b : grown.subList(0, Math.min(grown.size(), LATE_BUCKETS_PER_POLL))) {
            List<AlertView> found =
                    new ArrayList<>(temperatures.alerts(patientId, instant(b), instant(b + HOUR.toNanos()), 1000));
            found.sort(Comparator.comparing(AlertView::time));
            found.forEach(this::sendAlert);
            lateAlerts.caughtUp(b, stored.get(b));
        }
    }

    private void sendAlert(AlertView a) {
        String key = a.alertId() != null ? a.alertId() : a.kind() + "@" + a.time();
        if (sentAlerts.add(key)) {
            send("alert", a);
            lateAlerts.sentLive(bucket(a.time(), HOUR));
        }
    }

    private void send(String event, Object data) {
        watchers.forEach(x -> x.client().sendEvent(event, data));
    }

    static long bucket(Instant t, Duration size) {
        long ns = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        return Math.floorDiv(ns, size.toNanos()) * size.toNanos();
    }

    private static Instant instant(long ns) {
        return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
    }
}
