package dev.calor.edgebridge.config;

import java.time.Duration;

/**
 * @param gapTimeout how long a hole in a patch's sequence may wait for the patch to resend before the
 *     readings in it are counted missing and the acknowledgement moves past it
 * @param queueCapacity measurements waiting for the buffer writer at most; a full queue blocks the transports
 * @param maxClockSkew a device time further ahead of the bridge clock than this is not trusted
 */
public record IntakeSettings(Duration gapTimeout, int queueCapacity, Duration maxClockSkew) {

    public static final Duration DEFAULT_GAP_TIMEOUT = Duration.ofMinutes(2);
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    public static IntakeSettings defaults() {
        return new IntakeSettings(DEFAULT_GAP_TIMEOUT, DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_CLOCK_SKEW);
    }
}
