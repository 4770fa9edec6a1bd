package dev.calor.worker.alert;

import java.time.ZoneId;

/**
 * What the engine needs to know about a patient besides its state: its rules, its time zone for
 * messages, and how many escalation tiers its circle has beyond the first (0: nobody to escalate to).
 */
public record PatientProfile(String patientId, AlertRules rules, ZoneId zone, int escalationTiers) {

    public PatientProfile(String patientId, AlertRules rules, ZoneId zone) {
        this(patientId, rules, zone, 1);
    }

    public static PatientProfile withDefaults(String patientId) {
        return new PatientProfile(patientId, AlertRules.defaults(), ZoneId.of("UTC"));
    }
}
