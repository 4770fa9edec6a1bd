package dev.calor.worker.alert;

import dev.calor.proto.v1.AlertKind;

/**
 * One episode of one family of one patient: opened once (RAISED), its leading kind updated as the
 * condition gets graver or milder (UPDATED), reminded while nobody acknowledged it, escalated when it is
 * critical and unacknowledged, closed once (CLEARED). Times are nanoseconds since the epoch.
 *
 * @param open whether the episode is still going on
 * @param startNs event time of the raise; part of the episode id
 * @param kind the leading (gravest active) kind
 * @param updates UPDATED transitions so far (numbers their ids)
 * @param lastNotifiedNs event time of the last raise, update or reminder (reminder interval)
 * @param reminders reminders so far
 * @param acknowledgedBy caregiver who acknowledged the episode, empty while unacknowledged
 * @param criticalSinceNs worker time since which the episode is critical and unacknowledged, or NONE
 * @param escalations escalation tiers reached
 */
public record Episode(
        boolean open,
        long startNs,
        AlertKind kind,
        int updates,
        long lastNotifiedNs,
        int reminders,
        String acknowledgedBy,
        long criticalSinceNs,
        int escalations) {

    static Episode raised(long startNs, AlertKind kind, long atNs) {
        return new Episode(true, startNs, kind, 0, atNs, 0, "", RuleState.NONE, 0);
    }

    Episode updated(AlertKind newKind, long atNs) {
        return new Episode(
                true, startNs, newKind, updates + 1, atNs, reminders, acknowledgedBy, criticalSinceNs, escalations);
    }

    Episode reminded(long atNs) {
        return new Episode(
                true, startNs, kind, updates, atNs, reminders + 1, acknowledgedBy, criticalSinceNs, escalations);
    }

    Episode acknowledged(String caregiverId) {
        return new Episode(
                open, startNs, kind, updates, lastNotifiedNs, reminders, caregiverId, RuleState.NONE, escalations);
    }

    Episode critical(long sinceNs) {
        return new Episode(
                open, startNs, kind, updates, lastNotifiedNs, reminders, acknowledgedBy, sinceNs, escalations);
    }

    Episode escalated(long atNs) {
        return new Episode(
                open, startNs, kind, updates, lastNotifiedNs, reminders, acknowledgedBy, atNs, escalations + 1);
    }

    Episode closed() {
        return new Episode(
                false, startNs, kind, updates, lastNotifiedNs, reminders, acknowledgedBy, RuleState.NONE, escalations);
    }

    boolean isAcknowledged() {
        return !acknowledgedBy.isEmpty();
    }
}
