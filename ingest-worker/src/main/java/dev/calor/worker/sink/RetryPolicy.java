package dev.calor.worker.sink;

import dev.calor.retry.Backoff;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * What to do after a failed write, as a pure decision: retry after a delay (the shared {@link Backoff},
 * capped; a server's Retry-After wins when longer), split the batch (413), or isolate poison points
 * (400/422).
 */
public final class RetryPolicy {

    public enum Action {
        RETRY,
        SPLIT,
        ISOLATE
    }

    public record Decision(Action action, Duration delay) {}

    private final Backoff backoff;
    private final DoubleSupplier random;

    /**
     * @param jitter fraction of the backoff that is randomised (0 = none, 1 = full jitter)
     * @param random uniform in [0, 1)
     */
    public RetryPolicy(Duration initial, Duration max, double jitter, DoubleSupplier random) {
        this.backoff = new Backoff(initial, max, jitter);
        this.random = random;
    }

    /** @param attempt 1 for the first failure */
    public Decision decide(int attempt, int status, Duration retryAfter) {
        if (status == 413) {
            return new Decision(Action.SPLIT, Duration.ZERO);
        }
        if (status == 400 || status == 422) {
            return new Decision(Action.ISOLATE, Duration.ZERO);
        }
        Duration delay = backoff.delay(attempt - 1, random.getAsDouble());
        Duration longest = backoff.max().multipliedBy(10);
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter.compareTo(longest) > 0 ? longest : retryAfter;
        }
        return new Decision(Action.RETRY, delay);
    }

    /** Whether a status is worth retrying as is (everything but 400, 413, 422): 5xx, 429, timeouts, 0. */
    public static boolean isTransient(int status) {
        return status != 400 && status != 413 && status != 422;
    }
}
