package dev.calor.e2e.demo;

import dev.calor.proto.v1.Alert;

/** An alert as a caregiver received it. */
record ReceivedAlert(String kind, String transition, String message, boolean retained) {

    static ReceivedAlert of(Alert alert, boolean retained) {
        return new ReceivedAlert(
                alert.getKind().name().replace("ALERT_KIND_", ""),
                alert.getTransition().name().replace("ALERT_TRANSITION_", ""),
                alert.getMessage(),
                retained);
    }

    boolean isFever() {
        return kind.equals("FEVER");
    }
}
