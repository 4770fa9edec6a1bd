package dev.calor.e2e.fault;

import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertTransition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The alerts a caregiver (or the alert stream every broker node relays) received, in order, with when each
 * arrived. A RAISED seen twice for one alert id, or for one (kind, episode start), is a double alert.
 */
final class AlertLog {

    private final List<Alert> received = new CopyOnWriteArrayList<>();
    private final Map<String, java.time.Instant> receivedAt = new java.util.concurrent.ConcurrentHashMap<>();

    void add(Alert alert) {
        receivedAt.putIfAbsent(alert.getAlertId(), java.time.Instant.now());
        received.add(alert);
    }

    /** Every alert of the patient, in order of arrival. */
    List<Alert> of(String patientId) {
        return received.stream().filter(a -> a.getPatientId().equals(patientId)).toList();
    }

    /**
     * When the caregiver first learnt of a fever (FEVER or graver) of the patient: the RAISED or UPDATED
     * transition that took a fever-family episode there.
     */
    java.util.Optional<java.time.Instant> feverReceivedAt(String patientId) {
        return received.stream()
                .filter(a -> a.getPatientId().equals(patientId))
                .filter(a -> a.getTransition() == AlertTransition.ALERT_TRANSITION_RAISED
                        || a.getTransition() == AlertTransition.ALERT_TRANSITION_UPDATED)
                .filter(a -> a.getKind() == dev.calor.proto.v1.AlertKind.ALERT_KIND_FEVER
                        || a.getKind() == dev.calor.proto.v1.AlertKind.ALERT_KIND_HIGH_FEVER
                        || a.getKind() == dev.calor.proto.v1.AlertKind.ALERT_KIND_HYPERPYREXIA)
                .map(a -> receivedAt.get(a.getAlertId()))
                .min(java.util.Comparator.naturalOrder());
    }

    List<Alert> raised(String patientId) {
        return received.stream()
                .filter(a -> a.getPatientId().equals(patientId))
                .filter(a -> a.getTransition() == AlertTransition.ALERT_TRANSITION_RAISED)
                .toList();
    }

    /** Kinds of the patient's RAISED alerts, short names in order of first appearance. */
    String kinds(String patientId) {
        return raised(patientId).stream()
                .map(alert -> alert.getKind().name().replace("ALERT_KIND_", ""))
                .distinct()
                .collect(java.util.stream.Collectors.joining(", "));
    }

    long cleared(String patientId) {
        return received.stream()
                .filter(a -> a.getPatientId().equals(patientId))
                .filter(a -> a.getTransition() == AlertTransition.ALERT_TRANSITION_CLEARED)
                .count();
    }

    /** RAISED alerts of the patient beyond the first per alert id or per (kind, episode start). */
    long doubles(String patientId) {
        Map<String, Integer> byId = new HashMap<>();
        Map<String, Integer> byEpisode = new HashMap<>();
        long doubles = 0;
        for (Alert alert : raised(patientId)) {
            boolean sameId = byId.merge(alert.getAlertId(), 1, Integer::sum) > 1;
            boolean sameEpisode =
                    byEpisode.merge(alert.getKind() + "@" + alert.getEpisodeStartUnixNs(), 1, Integer::sum) > 1;
            if (sameId || sameEpisode) {
                doubles++;
            }
        }
        return doubles;
    }

    /** The patient's RAISED alerts, one line each, for a failure message. */
    String describe(String patientId) {
        StringBuilder text = new StringBuilder();
        for (Alert alert : raised(patientId)) {
            text.append(alert.getAlertId())
                    .append(' ')
                    .append(alert.getKind())
                    .append(" episode ")
                    .append(alert.getEpisodeStartUnixNs())
                    .append(" emitted ")
                    .append(alert.getEmittedTimeUnixNs())
                    .append('\n');
        }
        return text.toString();
    }
}
