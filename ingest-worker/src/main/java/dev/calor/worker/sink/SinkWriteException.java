package dev.calor.worker.sink;

import java.time.Duration;
import java.util.Optional;

/**
 * One write attempt to InfluxDB failed.
 *
 * @see #status() the HTTP status, 0 when no response arrived (refused, reset, timed out)
 */
public final class SinkWriteException extends RuntimeException {

    private final int status;
    private final Duration retryAfter;

    public SinkWriteException(int status, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
