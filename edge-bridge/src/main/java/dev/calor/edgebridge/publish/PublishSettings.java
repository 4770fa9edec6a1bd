package dev.calor.edgebridge.publish;

import dev.calor.retry.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * How the bridge batches and publishes.
 *
 * @param interval a batch per device is published every interval (plus jitter)
 * @param jitter a random extra delay in {@code [0, jitter]} added to every interval, so a fleet started at
 *     the same second does not publish on the same second
 * @param maxBatchSize readings per batch at most
 * @param inFlightWindow batches per device published and not yet acknowledged at most; a backlog drains
 *     at this many round trips in parallel
 * @param backoff reconnect backoff (exponential, full jitter)
 * @param pubackTimeout a batch without PUBACK after this is given up as failed and resent (a half-open
 *     connection the keep-alive has not noticed yet)
 */
public record PublishSettings(
        Duration interval,
        Duration jitter,
        int maxBatchSize,
        int inFlightWindow,
        Backoff backoff,
        Duration pubackTimeout) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_JITTER = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_BATCH_SIZE = 500;
    public static final int DEFAULT_IN_FLIGHT_WINDOW = 8;
    public static final Duration DEFAULT_PUBACK_TIMEOUT = Duration.ofSeconds(30);

    public PublishSettings(Duration interval, Duration jitter, int maxBatchSize, int inFlightWindow, Backoff backoff) {
        this(interval, jitter, maxBatchSize, inFlightWindow, backoff, DEFAULT_PUBACK_TIMEOUT);
    }

    public PublishSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(pubackTimeout, "pubackTimeout");
        if (pubackTimeout.isNegative() || pubackTimeout.isZero()) {
            throw new IllegalArgumentException("pubackTimeout must be positive: " + pubackTimeout);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("jitter must not be negative: " + jitter);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1: " + maxBatchSize);
        }
        if (inFlightWindow < 1) {
            throw new IllegalArgumentException("inFlightWindow must be >= 1: " + inFlightWindow);
        }
    }

    public static PublishSettings defaults() {
        return new PublishSettings(
                DEFAULT_INTERVAL, DEFAULT_JITTER, DEFAULT_MAX_BATCH_SIZE, DEFAULT_IN_FLIGHT_WINDOW, Backoff.defaults());
    }
}
