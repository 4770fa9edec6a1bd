package dev.calor.worker.alert;

import dev.calor.proto.v1.AlertFamily;
import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertTransition;

/**
 * Alert ids are derived, never random: the same episode of the same patient gives the same id after a
 * redelivery or a restart, so the id is the idempotency key for InfluxDB, MQTT and webhook receivers.
 */
public final class AlertIds {

    private AlertIds() {}

    /** {@code patient:FAMILY:startNs}, shared by every transition of one episode. */
    public static String episode(String patientId, AlertFamily family, long startNs) {
        return patientId + ":" + Families.shortName(family) + ":" + startNs;
    }

    /**
     * {@code episode:RAISED}, {@code …:UPDATED-1}, {@code …:REMINDER-2}, {@code …:CLEARED},
     * {@code …:ACKNOWLEDGED}, {@code …:ESCALATED-1}.
     *
     * @param n the number of the update, reminder or escalation (ignored for the others)
     */
    public static String of(String episodeId, AlertTransition transition, int n) {
        String step =
                switch (transition) {
                    case ALERT_TRANSITION_RAISED -> "RAISED";
                    case ALERT_TRANSITION_CLEARED -> "CLEARED";
                    case ALERT_TRANSITION_ACKNOWLEDGED -> "ACKNOWLEDGED";
                    case ALERT_TRANSITION_UPDATED -> "UPDATED-" + n;
                    case ALERT_TRANSITION_REMINDER -> "REMINDER-" + n;
                    case ALERT_TRANSITION_ESCALATED -> "ESCALATED-" + n;
                    default -> throw new IllegalArgumentException("no id for transition " + transition);
                };
        return episodeId + ":" + step;
    }

    /** FEVER for ALERT_KIND_FEVER. */
    public static String shortName(AlertKind kind) {
        return kind.name().substring("ALERT_KIND_".length());
    }

    public static String shortName(AlertTransition transition) {
        return transition.name().substring("ALERT_TRANSITION_".length());
    }
}
