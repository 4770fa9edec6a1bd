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

    /** Fever or graver (one fever-family episode moves between them; a rapid rise alone is not a fever). */
    boolean isFever() {
        return kind.equals("FEVER") || kind.equals("HIGH_FEVER") || kind.equals("HYPERPYREXIA");
    }
}
