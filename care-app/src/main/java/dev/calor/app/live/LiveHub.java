package dev.calor.app.live;

import dev.calor.app.api.model.PatientModels.AlertView;
import dev.calor.app.api.model.PatientModels.Reading;
import dev.calor.app.history.Temperatures;
import io.javalin.http.sse.SseClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live updates over Server-Sent Events. For every patient someone on this instance is watching, one
 * poll of InfluxDB per {@code pollInterval} fetches readings and alert transitions newer than the last
 * one sent, and every watcher of that patient gets them ({@code reading}, {@code alert} events).
 *
 * <p>What is stored late, with a time stamp the stream has already passed (a bridge flushing its buffer
 * after an outage, the worker's alerts written after an InfluxDB outage), is found by the same poll:
 * {@link LateArrivals} compares what is stored per minute of the last {@link #LATE_HORIZON} (readings)
 * and per hour of the last {@link #LATE_ALERT_HORIZON} (alerts) with what the stream knows of. The
 * readings of a minute that grew go out as one {@code backlog} event (the whole minute, oldest first:
 * clients merge by time, and the current value does not go back in time); late alerts go out as
 * {@code alert} events like any other, each once. Each
 * stream is re-authorised at every keep-alive, so a caregiver removed from the circle or signed out stops
 * receiving within {@link #PING}. The poll positions are the only state, and they are per connection: a
 * client reconnecting to another instance simply starts there.
 */
public final class LiveHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
    public static final Duration PING = Duration.ofSeconds(15);
    private static final Duration STARTUP_LOOKBACK = Duration.ofSeconds(10);
    /** Late readings further back than this reach the history only. */
    public static final Duration LATE_HORIZON = Duration.ofHours(24);
    /** Late alerts further back than this reach the alert history only. */
    public static final Duration LATE_ALERT_HORIZON = Duration.ofDays(7);

    static final Duration MINUTE = Duration.ofMinutes(1);
    static final Duration HOUR = Duration.ofHours(1);
    /** Late minutes sent per poll at most (a long backlog goes out over several polls). */
    static final int LATE_MINUTES_PER_POLL = 60;

    private static final int LATE_READINGS_PER_POLL = 5000;
    private static final int SENT_ALERTS_REMEMBERED = 10_000;

    /** Whether a stream may go on: (caregiver id, patient id) still a member with a live session. */
    public interface Authorisation extends BiPredicate<Watcher, String> {}

    /** One open stream. */
    public record Watcher(SseClient client, String caregiverId, java.util.UUID sessionId) {}

    /** A {@code backlog} event: readings of minutes that were stored after the stream had passed them. */
    public record Backlog(List<Reading> readings) {}

    private final Temperatures temperatures;
    private final Clock clock;
    private final Authorisation stillAllowed;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "calor-live-poll");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Watched> patients = new ConcurrentHashMap<>();

    private static final class Watched {
        final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
        volatile Instant lastReading;
        volatile Instant lastAlert;
        final LateArrivals lateReadings = new LateArrivals();
        final LateArrivals lateAlerts = new LateArrivals();
        final Set<String> sentAlerts = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > SENT_ALERTS_REMEMBERED;
            }
        });

        Watched(Instant lastReading, Instant lastAlert) {
            this.lastReading = lastReading;
            this.lastAlert = lastAlert;
        }
    }

    public LiveHub(Temperatures temperatures, Clock clock, Duration pollInterval, Authorisation stillAllowed) {
        this.temperatures = temperatures;
        this.clock = clock;
        this.stillAllowed = stillAllowed;
        scheduler.scheduleWithFixedDelay(
                this::poll, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::ping, PING.toMillis(), PING.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts streaming a patient to a client that has been authorised; sends the current reading first. */
    public void watch(String patientId, Watcher watcher) {
        var current = temperatures.current(patientId);
        current.ifPresent(r -> watcher.client().sendEvent("reading", r));
        Instant from = current.map(Reading::time).orElse(clock.instant().minus(STARTUP_LOOKBACK));
        Watched w = patients.computeIfAbsent(patientId, k -> new Watched(from, clock.instant()));
        w.watchers.add(watcher);
        watcher.client().onClose(() -> {
            w.watchers.remove(watcher);
            patients.computeIfPresent(patientId, (k, v) -> v.watchers.isEmpty() ? null : v);
        });
        watcher.client().keepAlive();
    }

    public int watcherCount() {
        return patients.values().stream().mapToInt(w -> w.watchers.size()).sum();
    }

    private void poll() {
        for (Map.Entry<String, Watched> e : patients.entrySet()) {
            try {
                poll(e.getKey(), e.getValue());
            } catch (RuntimeException ex) {
                LOG.warn("live poll of patient {} failed: {}", e.getKey(), ex.getMessage());
            }
        }
    }

    private void poll(String patientId, Watched w) {
        for (Reading r : temperatures.readingsAfter(patientId, w.lastReading)) {
            send(w, "reading", r);
            w.lastReading = r.time();
            w.lateReadings.sentLive(bucket(r.time(), MINUTE));
        }
        for (AlertView a : temperatures.alertsAfter(patientId, w.lastAlert)) {
            sendAlert(w, a);
            w.lastAlert = a.time();
        }
        Instant now = clock.instant();
        lateReadings(patientId, w, now);
        lateAlerts(patientId, w, now);
    }

    private void lateReadings(String patientId, Watched w, Instant now) {
        Instant horizon = now.minus(LATE_HORIZON);
        Map<Long, Long> stored = temperatures.readingsPerBucket(patientId, horizon, w.lastReading, MINUTE);
        List<Long> grown = w.lateReadings.grown(stored, bucket(horizon, MINUTE));
        if (grown.isEmpty()) {
            return;
        }
        List<Long> batch = grown.subList(0, Math.min(grown.size(), LATE_MINUTES_PER_POLL));
        long first = batch.get(0);
        long last = batch.get(batch.size() - 1);
        List<Reading> found = temperatures.readingsBetween(
                patientId, instant(first), instant(last + MINUTE.toNanos()), LATE_READINGS_PER_POLL);
        java.util.Set<Long> wanted = new java.util.HashSet<>(batch);
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
            send(w, "backlog", new Backlog(out));
        }
        for (long b : batch) {
            if (b < complete) {
                w.lateReadings.caughtUp(b, stored.get(b));
            }
        }
        LOG.debug("live stream of patient {}: {} late readings in {} minutes", patientId, out.size(), batch.size());
    }

    private void lateAlerts(String patientId, Watched w, Instant now) {
        Instant horizon = now.minus(LATE_ALERT_HORIZON);
        Map<Long, Long> stored = temperatures.alertsPerBucket(patientId, horizon, w.lastAlert, HOUR);
        List<Long> grown = w.lateAlerts.grown(stored, bucket(horizon, HOUR));
        for (long b : grown.subList(0, Math.min(grown.size(), LATE_MINUTES_PER_POLL))) {
            List<AlertView> found =
                    new ArrayList<>(temperatures.alerts(patientId, instant(b), instant(b + HOUR.toNanos()), 1000));
            found.sort(java.util.Comparator.comparing(AlertView::time));
            found.forEach(a -> sendAlert(w, a));
            w.lateAlerts.caughtUp(b, stored.get(b));
        }
    }

    private void sendAlert(Watched w, AlertView a) {
        String key = a.alertId() != null ? a.alertId() : a.kind() + "@" + a.time();
        if (w.sentAlerts.add(key)) {
            send(w, "alert", a);
            w.lateAlerts.sentLive(bucket(a.time(), HOUR));
        }
    }

    private static void send(Watched w, String event, Object data) {
        w.watchers.forEach(x -> x.client().sendEvent(event, data));
    }

    static long bucket(Instant t, Duration size) {
        long ns = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        return Math.floorDiv(ns, size.toNanos()) * size.toNanos();
    }

    private static Instant instant(long ns) {
        return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
    }

    private void ping() {
        for (Map.Entry<String, Watched> e : patients.entrySet()) {
            for (Watcher x : e.getValue().watchers) {
                try {
                    if (!stillAllowed.test(x, e.getKey())) {
                        x.client().sendEvent("revoked", Map.of("detail", "access to this patient has ended"));
                        x.client().close();
                    } else {
                        x.client()
                                .sendEvent(
                                        "ping", Map.of("time", clock.instant().toString()));
                    }
                } catch (RuntimeException ex) {
                    x.client().close();
                }
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        patients.values().forEach(w -> w.watchers.forEach(x -> x.client().close()));
    }
}
