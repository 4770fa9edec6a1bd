package dev.calor.worker.alert;

import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertTransition;

/**
 * Alert ids are derived, never random: the same episode of the same patient gives the same id after a
 * redelivery or a restart, so the id is the idempotency key for InfluxDB, MQTT and webhook receivers.
 */
public final class AlertIds {

    private AlertIds() {}

    /** {@code patient:KIND:episodeStartNs:RAISED}, {@code …:REMINDER-2}, {@code …:CLEARED}. */
    public static String of(
            String patientId, AlertKind kind, long episodeStartNs, AlertTransition transition, int reminder) {
        String step =
                switch (transition) {
                    case ALERT_TRANSITION_RAISED -> "RAISED";
                    case ALERT_TRANSITION_CLEARED -> "CLEARED";
                    case ALERT_TRANSITION_REMINDER -> "REMINDER-" + reminder;
                    default -> throw new IllegalArgumentException("no id for transition " + transition);
                };
        return patientId + ":" + shortName(kind) + ":" + episodeStartNs + ":" + step;
    }

    /** FEVER for ALERT_KIND_FEVER. */
    public static String shortName(AlertKind kind) {
        return kind.name().substring("ALERT_KIND_".length());
    }

    public static String shortName(AlertTransition transition) {
        return transition.name().substring("ALERT_TRANSITION_".length());
    }
}
