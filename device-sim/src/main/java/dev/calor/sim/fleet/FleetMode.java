package dev.calor.sim.fleet;

/** What a fleet run does once its patches are configured. */
public enum FleetMode {
    /** Every patch stays connected and the fleet publishes at a steady total reading rate. */
    STEADY,
    /**
     * The hourly peak: every patch connects within a window, flushes a backlog of readings, waits for
     * the acknowledgements and disconnects.
     */
    PEAK,
    /** Every patch connects, then the whole fleet drops its connections and reconnects, several times. */
    STORM
}
