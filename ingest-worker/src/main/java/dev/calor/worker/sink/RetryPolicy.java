package dev.calor.worker.sink;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * What to do after a failed write, as a pure decision: retry after a delay (exponential backoff with
 * full jitter, capped; a server's Retry-After wins when longer), split the batch (413), or isolate
 * poison points (400/422).
 */
public final class RetryPolicy {

    public enum Action {
        RETRY,
        SPLIT,
        ISOLATE
    }

    public record Decision(Action action, Duration delay) {}

    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final DoubleSupplier random;

    /**
     * @param jitter fraction of the backoff that is randomised (0 = none, 1 = full jitter)
     * @param random uniform in [0, 1)
     */
    public RetryPolicy(Duration initial, Duration max, double jitter, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.jitter = jitter;
        this.random = random;
    }

    public Decision decide(int attempt, int status, Duration retryAfter) {
        if (status == 413) {
            return new Decision(Action.SPLIT, Duration.ZERO);
        }
        if (status == 400 || status == 422) {
            return new Decision(Action.ISOLATE, Duration.ZERO);
        }
        Duration delay = backoff(attempt);
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter.compareTo(max.multipliedBy(10)) > 0 ? max.multipliedBy(10) : retryAfter;
        }
        return new Decision(Action.RETRY, delay);
    }

    /** attempt 1 → about {@code initial}, doubling, capped at {@code max}; jittered downwards. */
    Duration backoff(int attempt) {
        long base = initial.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long capped = Math.min(base, max.toMillis());
        long jittered = Math.round(capped * (1 - jitter * random.getAsDouble()));
        return Duration.ofMillis(Math.max(jittered, 1));
    }

    /** Whether a status is worth retrying as is (everything but 400, 413, 422): 5xx, 429, timeouts, 0. */
    public static boolean isTransient(int status) {
        return status != 400 && status != 413 && status != 422;
    }
}
