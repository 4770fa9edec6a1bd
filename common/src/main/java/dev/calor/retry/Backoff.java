package dev.calor.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter, as a pure decision. The ceiling before retry {@code attempt} (0-based)
 * is {@code min(max, initial * 2^attempt)}; the delay is drawn uniformly from
 * {@code [ceiling * (1 - jitter), ceiling)}. Full jitter ({@code jitter = 1}, the default) spreads a fleet
 * that failed at the same moment over the whole window instead of retrying in lock step.
 *
 * @param initial the ceiling of the first delay
 * @param max the largest ceiling
 * @param jitter the randomised fraction of the ceiling, 0 (none) to 1 (full jitter)
 */
public record Backoff(Duration initial, Duration max, double jitter) {

    public static final Duration DEFAULT_INITIAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(60);

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is below initial " + initial);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
        }
    }

    /** Full jitter. */
    public Backoff(Duration initial, Duration max) {
        this(initial, max, 1.0);
    }

    public static Backoff defaults() {
        return new Backoff(DEFAULT_INITIAL, DEFAULT_MAX);
    }

    /** The ceiling of the delay before retry {@code attempt}, without jitter. */
    public Duration ceiling(int attempt) {
        int doublings = Math.max(0, attempt);
        long initialNanos = initial.toNanos();
        if (doublings >= Long.numberOfLeadingZeros(initialNanos)) {
            return max; // the shift would overflow; the ceiling is long past max
        }
        return Duration.ofNanos(Math.min(initialNanos << doublings, max.toNanos()));
    }

    /** The delay before retry {@code attempt} (0-based) for a {@code uniform} draw in [0, 1). */
    public Duration delay(int attempt, double uniform) {
        long ceiling = ceiling(attempt).toNanos();
        return Duration.ofNanos((long) (ceiling * (1 - jitter * (1 - uniform))));
    }

    /** The delay before retry {@code attempt} (0-based), drawn from {@code random}. */
    public Duration delay(int attempt, RandomGenerator random) {
        return delay(attempt, random.nextDouble());
    }
}
