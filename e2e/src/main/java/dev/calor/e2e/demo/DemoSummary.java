package dev.calor.e2e.demo;

import java.util.List;

/**
 * What a demo run showed.
 *
 * @param readingsStored readings of the demo patch in InfluxDB at the end
 * @param alerts every alert a caregiver received, as printed
 */
record DemoSummary(long readingsStored, List<ReceivedAlert> alerts) {

    /** The demo did its job: readings stored, and a fever raised and then cleared. */
    boolean ok() {
        return readingsStored > 0 && feverRaised() && feverCleared();
    }

    /** A fever-family episode was raised at fever level, or raised as a rapid rise and updated to it. */
    boolean feverRaised() {
        return alerts.stream()
                .anyMatch(a -> a.isFever()
                        && (a.transition().equals("RAISED") || a.transition().equals("UPDATED")));
    }

    boolean feverCleared() {
        return alerts.stream()
                .anyMatch(a -> a.transition().equals("CLEARED")
                        && (a.isFever() || a.kind().equals("RAPID_RISE")));
    }
}
