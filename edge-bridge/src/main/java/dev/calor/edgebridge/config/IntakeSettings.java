package dev.calor.edgebridge.config;

import dev.calor.edgebridge.time.ClockJudge;
import java.time.Duration;
import java.util.Objects;

/**
 * @param gapTimeout how long a hole in a patch's sequence may wait for the patch to resend before the
 *     readings in it are counted missing and the acknowledgement moves past it (monotonic time)
 * @param queueCapacity measurements waiting for the buffer writer at most; a full queue blocks the transports
 * @param maxClockSkew a device time further ahead of the bridge clock than this is not trusted
 * @param clockSync how the bridge judges whether its own clock is synchronised ({@link ClockJudge})
 * @param clockJumpThreshold a wall-clock step beyond this (either way) is counted and logged as a jump
 * @param staleAfter a patch silent this long (monotonic) while its link is up is STALE; zero = three of its
 *     sample intervals, at least {@link #MIN_STALE_AFTER}
 */
public record IntakeSettings(
        Duration gapTimeout,
        int queueCapacity,
        Duration maxClockSkew,
        ClockJudge.SyncCheck clockSync,
        Duration clockJumpThreshold,
        Duration staleAfter) {

    public static final Duration DEFAULT_GAP_TIMEOUT = Duration.ofMinutes(2);
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final ClockJudge.SyncCheck DEFAULT_CLOCK_SYNC = ClockJudge.SyncCheck.AUTO;
    public static final Duration DEFAULT_CLOCK_JUMP_THRESHOLD = Duration.ofSeconds(2);
    public static final Duration MIN_STALE_AFTER = Duration.ofSeconds(30);

    public IntakeSettings {
        Objects.requireNonNull(gapTimeout, "gapTimeout");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        Objects.requireNonNull(clockSync, "clockSync");
        Objects.requireNonNull(clockJumpThreshold, "clockJumpThreshold");
        Objects.requireNonNull(staleAfter, "staleAfter");
    }

    public IntakeSettings(Duration gapTimeout, int queueCapacity, Duration maxClockSkew) {
        this(gapTimeout, queueCapacity, maxClockSkew, DEFAULT_CLOCK_SYNC, DEFAULT_CLOCK_JUMP_THRESHOLD, Duration.ZERO);
    }

    public static IntakeSettings defaults() {
        return new IntakeSettings(DEFAULT_GAP_TIMEOUT, DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_CLOCK_SKEW);
    }

    /** How long a patch with this sample interval may stay silent before it is STALE. */
    public Duration staleAfter(int sampleIntervalSeconds) {
        if (!staleAfter.isZero()) {
            return staleAfter;
        }
        Duration three = Duration.ofSeconds(3L * Math.max(1, sampleIntervalSeconds));
        return three.compareTo(MIN_STALE_AFTER) < 0 ? MIN_STALE_AFTER : three;
    }
}
