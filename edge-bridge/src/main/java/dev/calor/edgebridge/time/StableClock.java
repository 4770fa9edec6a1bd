package dev.calor.edgebridge.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A {@link Clock} that reads the wall clock once, at start, and from then on advances with a {@link Monotonic}
 * source only. A wall-clock jump (NTP step, manual change) does not move it, so expiry, dedup windows, gap
 * time-outs and ages measured with it stay right. Across a restart it is re-anchored to the wall clock of the
 * new process; stored instants taken with it are therefore off by at most the jumps of the previous run.
 */
public final class StableClock extends Clock {

    private final Instant anchor;
    private final long anchorNanos;
    private final Monotonic monotonic;

    public StableClock(Clock wall, Monotonic monotonic) {
        this.monotonic = Objects.requireNonNull(monotonic, "monotonic");
        this.anchorNanos = monotonic.nanos();
        this.anchor = wall.instant();
    }

    private StableClock(Instant anchor, long anchorNanos, Monotonic monotonic) {
        this.anchor = anchor;
        this.anchorNanos = anchorNanos;
        this.monotonic = monotonic;
    }

    @Override
    public Instant instant() {
        return anchor.plusNanos(monotonic.nanos() - anchorNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new StableClock(anchor, anchorNanos, monotonic);
    }
}
