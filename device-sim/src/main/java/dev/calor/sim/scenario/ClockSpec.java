package dev.calor.sim.scenario;

/**
 * The patch's real-time clock. It runs in real (wall) time, never in accelerated scenario time.
 *
 * @param driftPpm how fast it runs, parts per million (default 0; +100 gains 0.36 s per hour)
 * @param setAtStart whether it holds the right time when the simulation starts (default true); when false the
 *     patch stamps no time until the bridge sends TIME_SET
 */
public record ClockSpec(Double driftPpm, Boolean setAtStart) {

    public static final ClockSpec DEFAULT = new ClockSpec(null, null);

    public ClockSpec {
        driftPpm = driftPpm == null ? 0.0 : driftPpm;
        setAtStart = setAtStart == null ? Boolean.TRUE : setAtStart;
    }
}
