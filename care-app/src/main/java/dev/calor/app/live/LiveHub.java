package dev.calor.app.live;

import dev.calor.app.api.model.PatientModels.Reading;
import dev.calor.app.history.Temperatures;
import io.javalin.http.sse.SseClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
 * {@link PatientFeed} compares what is stored per minute of the last {@link PatientFeed#LATE_HORIZON}
 * (readings) and per hour of the last {@link PatientFeed#LATE_ALERT_HORIZON} (alerts) with what the stream knows of. The
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

    /** Whether a stream may go on: (caregiver id, patient id) still a member with a live session. */
    public interface Authorisation extends BiPredicate<Watcher, String> {}

    /** One open stream. */
    public record Watcher(SseClient client, String caregiverId, java.util.UUID sessionId) {}

    private final Temperatures temperatures;
    private final Clock clock;
    private final Authorisation stillAllowed;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "calor-live-poll");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, PatientFeed> patients = new ConcurrentHashMap<>();

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
        PatientFeed w = patients.computeIfAbsent(
                patientId, k -> new PatientFeed(patientId, temperatures, from, clock.instant()));
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
        Instant now = clock.instant();
        for (Map.Entry<String, PatientFeed> e : patients.entrySet()) {
            try {
                e.getValue().poll(now);
            } catch (RuntimeException ex) {
                LOG.warn("live poll of patient {} failed: {}", e.getKey(), ex.getMessage());
            }
        }
    }

    private void ping() {
        for (Map.Entry<String, PatientFeed> e : patients.entrySet()) {
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
