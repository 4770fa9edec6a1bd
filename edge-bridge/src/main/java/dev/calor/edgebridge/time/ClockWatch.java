package dev.calor.edgebridge.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Notices wall-clock jumps: between two checks the wall clock should advance as much as the monotonic
 * source; a difference beyond {@code threshold} is a jump (forward when the wall clock gained). Pure apart
 * from the two clocks; call {@link #check()} periodically (the bridge does it every few seconds).
 */
public final class ClockWatch {

    public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(2);

    /** One detected jump: how far the wall clock moved beyond the elapsed time (negative = backwards). */
    public record Jump(Duration offset, Instant wallBefore, Instant wallAfter) {
        public boolean forward() {
            return !offset.isNegative();
        }
    }

    private final Clock wall;
    private final Monotonic monotonic;
    private final long thresholdNanos;
    private Instant lastWall;
    private long lastMono;

    public ClockWatch(Clock wall, Monotonic monotonic, Duration threshold) {
        this.wall = wall;
        this.monotonic = monotonic;
        this.thresholdNanos = threshold.toNanos();
        this.lastWall = wall.instant();
        this.lastMono = monotonic.nanos();
    }

    /** Compares the clocks since the last check; returns the jump, if there was one. */
    public synchronized Optional<Jump> check() {
        Instant now = wall.instant();
        long mono = monotonic.nanos();
        Instant expected = lastWall.plusNanos(mono - lastMono);
        Duration offset = Duration.between(expected, now);
        Instant before = lastWall;
        lastWall = now;
        lastMono = mono;
        if (Math.abs(offset.toNanos()) <= thresholdNanos) {
            return Optional.empty();
        }
        return Optional.of(new Jump(offset, before, now));
    }
}
