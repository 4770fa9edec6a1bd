package dev.calor.worker.carecircle;

import dev.calor.worker.alert.PatientProfile;

/** A patient with resolved alert rules and site corrections. */
public record Patient(String patientId, String displayName, PatientProfile profile, SiteCorrections corrections) {}
