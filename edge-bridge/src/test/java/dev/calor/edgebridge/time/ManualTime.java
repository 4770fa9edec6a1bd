package dev.calor.edgebridge.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A wall clock and a monotonic source driven by the test: elapse both, or step the wall clock alone. */
public final class ManualTime extends Clock implements Monotonic {

    private Instant wall;
    private long nanos;

    public ManualTime(Instant start) {
        this.wall = start;
    }

    /** Real time passes: both clocks advance. */
    public synchronized void elapse(Duration d) {
        wall = wall.plus(d);
        nanos += d.toNanos();
    }

    /** The wall clock is stepped (NTP, an operator); monotonic time does not move. */
    public synchronized void step(Duration d) {
        wall = wall.plus(d);
    }

    @Override
    public synchronized Instant instant() {
        return wall;
    }

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
