package dev.calor.sim.physiology;

import dev.calor.sim.scenario.BatterySpec;
import java.time.Duration;

/** Battery charge as a pure function of scenario time: linear drain from the start level. */
public final class Battery {

    private final BatterySpec spec;

    public Battery(BatterySpec spec) {
        this.spec = spec;
    }

    public int percentAt(Duration t) {
        double hours = t.toNanos() / 3_600_000_000_000.0;
        double level = spec.startPercent() - spec.drainPercentPerHour() * hours;
        return (int) Math.max(0, Math.min(100, Math.floor(level)));
    }

    public boolean lowAt(Duration t) {
        return percentAt(t) <= spec.lowPercent();
    }
}
