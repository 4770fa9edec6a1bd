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

    boolean feverRaised() {
        return alerts.stream().anyMatch(a -> a.isFever() && a.transition().equals("RAISED"));
    }

    boolean feverCleared() {
        return alerts.stream().anyMatch(a -> a.isFever() && a.transition().equals("CLEARED"));
    }
}
