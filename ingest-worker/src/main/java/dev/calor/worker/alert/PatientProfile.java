package dev.calor.worker.alert;

import java.time.ZoneId;

/** What the engine needs to know about a patient besides its state: its rules and its time zone for messages. */
public record PatientProfile(String patientId, AlertRules rules, ZoneId zone) {

    public static PatientProfile withDefaults(String patientId) {
        return new PatientProfile(patientId, AlertRules.defaults(), ZoneId.of("UTC"));
    }
}
