package dev.calor.sim.patch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The patch's real-time clock: set by TIME_SET (or at power-on), then runs from the host clock at
 * {@code 1 + driftPpm / 1e6} times its rate. Lost on a reboot with clock loss. Always wall time, never
 * scenario time.
 */
public final class DeviceClock {

    private final Clock host;
    private final double rate;
    private Instant setTo;
    private Instant setAtHost;

    public DeviceClock(Clock host, double driftPpm) {
        this.host = host;
        this.rate = 1.0 + driftPpm / 1_000_000.0;
    }

    public void set(Instant utc) {
        setTo = utc;
        setAtHost = host.instant();
    }

    public void lose() {
        setTo = null;
        setAtHost = null;
    }

    public boolean isSet() {
        return setTo != null;
    }

    public Optional<Instant> now() {
        if (setTo == null) {
            return Optional.empty();
        }
        long elapsed = Duration.between(setAtHost, host.instant()).toNanos();
        return Optional.of(setTo.plusNanos(Math.round(elapsed * rate)));
    }
}
