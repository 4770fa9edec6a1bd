package dev.calor.e2e.demo;

import dev.calor.testsupport.PrometheusServer;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * What a demo run showed.
 *
 * @param readingsStored readings of the demo patch in InfluxDB at the end; empty when InfluxDB did not answer
 * @param alerts every alert a caregiver received, as printed
 * @param operatorAlerts the Prometheus alerts that were pending or firing during the run ({@code --observe})
 * @param stoppedBecause why the run ended early (a component died), or null
 */
record DemoSummary(
        OptionalLong readingsStored,
        List<ReceivedAlert> alerts,
        List<PrometheusServer.Alert> operatorAlerts,
        String stoppedBecause) {

    static DemoSummary empty() {
        return new DemoSummary(OptionalLong.of(0), List.of(), List.of(), null);
    }

    /** The demo did its job: nothing died, readings stored, and a fever raised and then cleared. */
    boolean ok() {
        return stoppedBecause == null && readingsStored.orElse(0) > 0 && feverRaised() && feverCleared();
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

    /** The summary line: stored readings (or that InfluxDB was unreachable), caregiver alerts, fever. */
    String line() {
        String stored = readingsStored.isPresent()
                ? readingsStored.getAsLong() + " readings stored in InfluxDB"
                : "InfluxDB unreachable, stored readings unknown";
        return "Summary: " + stored + "; " + alerts.size() + " alerts delivered to the caregiver; fever raised: "
                + yesNo(feverRaised()) + ", fever cleared: " + yesNo(feverCleared());
    }

    /** Which operator alerts fired, and which were only pending (their {@code for} did not elapse). */
    String operatorLine() {
        List<String> fired = names("firing");
        List<String> pending =
                names("pending").stream().filter(p -> !fired.contains(p)).toList();
        if (fired.isEmpty() && pending.isEmpty()) {
            return "Operator alerts (Prometheus): none fired";
        }
        return "Operator alerts (Prometheus): fired: " + (fired.isEmpty() ? "none" : String.join(", ", fired))
                + (pending.isEmpty() ? "" : "; pending, not yet fired: " + String.join(", ", pending));
    }

    private List<String> names(String state) {
        return operatorAlerts.stream()
                .filter(a -> a.state().equals(state))
                .map(a -> a.name() + " (" + a.where() + ")")
                .distinct()
                .sorted()
                .collect(Collectors.toList());
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "NO";
    }
}
