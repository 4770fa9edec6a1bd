package dev.calor.worker.delivery;

import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertSeverity;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.worker.alert.Episode;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.carecircle.CareCircle;
import dev.calor.worker.carecircle.CaregiverChannel;
import dev.calor.worker.state.Delivery;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who gets an alert. {@link #addressed} decides the caregivers a transition is addressed to and records
 * them in {@code recipient_caregiver_ids}; {@link #of} turns an addressed alert into one delivery per
 * channel queue: the patient's MQTT alert topic and its retained state topic (the broker lets only that
 * patient's caregivers subscribe), the {@code alerts} series, and each per-caregiver channel (webhook,
 * e-mail, …) of the recipients.
 *
 * <p>Tiers follow {@code Caregiver.escalation_rank}: an episode reaches the lowest rank first; each
 * ESCALATED transition adds the next rank, the last one everybody. A non-critical reminder is not
 * addressed to caregivers in their quiet hours; nothing else ever is held back. Each delivery has an
 * idempotency key of its own, derived from the alert id.
 */
public final class AlertFanOut {

    private AlertFanOut() {}

    /**
     * The alert with {@code recipient_caregiver_ids} set: the caregivers of the tiers the episode has
     * reached (by rank and escalation level), minus those whose quiet hours hold back this transition, in
     * escalation order. Empty when it reaches nobody in person (every caregiver in quiet hours).
     */
    public static Alert addressed(Alert a, CareCircle careCircle, Optional<PatientAlertState> state) {
        List<List<CaregiverChannel>> tiers = tiers(careCircle.channelsOf(a.getPatientId()));
        int reached = reachedTiers(a, state, tiers.size());
        ZoneId zone = careCircle
                .patient(a.getPatientId())
                .map(p -> p.profile().zone())
                .orElse(ZoneId.of("UTC"));
        Instant at = Instant.ofEpochSecond(0, a.getEmittedTimeUnixNs());
        boolean holdable = a.getTransition() == AlertTransition.ALERT_TRANSITION_REMINDER
                && a.getSeverity() != AlertSeverity.ALERT_SEVERITY_CRITICAL;
        Set<String> recipients = new LinkedHashSet<>();
        for (int t = 0; t < reached; t++) {
            for (CaregiverChannel c : tiers.get(t)) {
                if (!(holdable && QuietTime.isQuiet(c.quietHours(), zone, at))) {
                    recipients.add(c.caregiverId());
                }
            }
        }
        return a.toBuilder()
                .clearRecipientCaregiverIds()
                .addAllRecipientCaregiverIds(recipients)
                .build();
    }

    /** The deliveries of an alert already {@link #addressed addressed}. */
    public static List<Delivery> of(Alert a, CareCircle careCircle) {
        String id = a.getAlertId();
        List<Delivery> out = new ArrayList<>();
        out.add(new Delivery(id + "/mqtt", id, Delivery.MQTT, Topics.alerts(a.getPatientId()), ""));
        out.add(new Delivery(id + "/state", id, Delivery.STATE, Topics.alertState(a.getPatientId()), ""));
        out.add(new Delivery(id + "/influx", id, Delivery.INFLUX, "alerts", ""));
        Set<String> recipients = Set.copyOf(a.getRecipientCaregiverIdsList());
        for (List<CaregiverChannel> tier : tiers(careCircle.channelsOf(a.getPatientId()))) {
            for (CaregiverChannel c : tier) {
                if (c.kind().equals(CaregiverChannel.MQTT) || !recipients.contains(c.caregiverId())) {
                    continue; // MQTT caregivers read the patient's topic
                }
                out.add(new Delivery(
                        id + "/" + c.caregiverId() + "/" + c.index(), id, c.kind(), c.target(), c.secret()));
            }
        }
        return out;
    }

    /** How many tiers, lowest rank first, this transition goes to. */
    private static int reachedTiers(Alert a, Optional<PatientAlertState> state, int tiers) {
        int escalations = a.getTransition() == AlertTransition.ALERT_TRANSITION_ESCALATED
                ? a.getEscalationLevel()
                : state.map(s -> s.episodes().get(a.getFamily()))
                        .filter(e -> e.startNs() == a.getEpisodeStartUnixNs())
                        .map(Episode::escalations)
                        .orElse(0);
        return escalations >= tiers ? tiers : escalations + 1;
    }

    /** The patient's caregiver channels grouped by escalation rank, lowest first, unranked last. */
    static List<List<CaregiverChannel>> tiers(List<CaregiverChannel> channels) {
        TreeMap<Integer, List<CaregiverChannel>> byRank = new TreeMap<>();
        channels.forEach(c ->
                byRank.computeIfAbsent(c.sortRank(), k -> new ArrayList<>()).add(c));
        return new ArrayList<>(byRank.values());
    }
}
