package dev.calor.edgebridge.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the delay before retry {@code attempt} (0-based) is uniformly
 * random in {@code [0, min(max, initial * 2^attempt)]}. Full jitter spreads a fleet that lost the broker
 * at the same moment over the whole window instead of reconnecting in lock step.
 *
 * @param initial the ceiling of the first delay
 * @param max the largest ceiling
 */
public record Backoff(Duration initial, Duration max) {

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

    /** The delay before retry {@code attempt} (0-based), drawn from {@code random}. */
    public Duration delay(int attempt, RandomGenerator random) {
        long ceiling = ceiling(attempt).toNanos();
        return Duration.ofNanos((long) (random.nextDouble() * ceiling));
    }
}
