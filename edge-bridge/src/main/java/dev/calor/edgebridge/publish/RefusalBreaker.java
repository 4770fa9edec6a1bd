package dev.calor.edgebridge.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A circuit breaker over refusals: when more than {@code threshold} refusals (flow control excepted) arrive
 * within {@code window}, the drain pauses for {@code pause}, doubling at every consecutive trip up to {@code
 * maxPause}, instead of bisecting and quarantining its way through the whole buffer while the broker refuses
 * everything. Measured on the stable clock; pure apart from the instants passed in. Not thread-safe.
 */
public final class RefusalBreaker {

    public static final int DEFAULT_THRESHOLD = 20;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_PAUSE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_PAUSE = Duration.ofMinutes(15);

    private final int threshold;
    private final Duration window;
    private final Duration pause;
    private final Duration maxPause;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private Instant openUntil = Instant.MIN;
    private int trips;

    public RefusalBreaker(int threshold, Duration window, Duration pause, Duration maxPause) {
        this.threshold = threshold;
        this.window = window;
        this.pause = pause;
        this.maxPause = maxPause;
    }

    public static RefusalBreaker defaults() {
        return new RefusalBreaker(DEFAULT_THRESHOLD, DEFAULT_WINDOW, DEFAULT_PAUSE, DEFAULT_MAX_PAUSE);
    }

    /**
     * Counts a refusal.
     *
     * @return the pause, when this refusal opened the breaker
     */
    public Optional<Duration> refused(Instant now) {
        recent.addLast(now);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(window))) {
            recent.removeFirst();
        }
        if (recent.size() <= threshold || isOpen(now)) {
            return Optional.empty();
        }
        Duration p = pause.multipliedBy(1L << Math.min(trips, 20));
        if (p.compareTo(maxPause) > 0) {
            p = maxPause;
        }
        trips++;
        recent.clear();
        openUntil = now.plus(p);
        return Optional.of(p);
    }

    /** A success: the next trip starts at the base pause again. */
    public void succeeded() {
        trips = 0;
    }

    public boolean isOpen(Instant now) {
        return now.isBefore(openUntil);
    }

    /** How long the breaker stays open from {@code now} (zero when closed). */
    public Duration remaining(Instant now) {
        return isOpen(now) ? Duration.between(now, openUntil) : Duration.ZERO;
    }
}
