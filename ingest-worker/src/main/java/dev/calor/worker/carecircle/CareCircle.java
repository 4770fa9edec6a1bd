package dev.calor.worker.carecircle;

import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import dev.calor.proto.v1.DeviceAssignment;
import dev.calor.worker.alert.AlertRules;
import dev.calor.worker.alert.PatientProfile;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, validated snapshot of the care circle: who wears which patch when, each patient's rules
 * and corrections, and the channels of each patient's caregivers.
 */
public final class CareCircle {

    private final Map<String, Patient> patients;
    private final Map<String, List<Assignment>> assignmentsByDevice;
    private final Map<String, List<CaregiverChannel>> channelsByPatient;
    private final Map<String, java.util.Set<String>> caregiversByPatient;

    private CareCircle(
            Map<String, Patient> patients,
            Map<String, List<Assignment>> assignmentsByDevice,
            Map<String, List<CaregiverChannel>> channelsByPatient,
            Map<String, java.util.Set<String>> caregiversByPatient) {
        this.patients = Map.copyOf(patients);
        this.assignmentsByDevice = Map.copyOf(assignmentsByDevice);
        this.channelsByPatient = Map.copyOf(channelsByPatient);
        this.caregiversByPatient = Map.copyOf(caregiversByPatient);
    }

    public static CareCircle empty() {
        return new CareCircle(Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** @throws CareCircleException listing every problem when the registry is invalid */
    public static CareCircle of(CareCircleRegistry r, String origin) {
        List<String> problems = CareCircleValidator.problems(r);
        if (!problems.isEmpty()) {
            throw new CareCircleException(origin, problems);
        }
        Map<String, Patient> patients = new HashMap<>();
        for (dev.calor.proto.v1.Patient p : r.getPatientsList()) {
            ZoneId zone = p.getTimeZone().isEmpty() ? ZoneId.of("UTC") : ZoneId.of(p.getTimeZone());
            PatientProfile profile = new PatientProfile(
                    p.getPatientId(), AlertRules.from(p.getThresholds()), zone, escalationTiers(r, p.getPatientId()));
            patients.put(
                    p.getPatientId(),
                    new Patient(
                            p.getPatientId(),
                            p.getDisplayName(),
                            profile,
                            SiteCorrections.from(p.getSiteCorrection())));
        }
        Map<String, List<Assignment>> byDevice = new HashMap<>();
        for (DeviceAssignment a : r.getAssignmentsList()) {
            long until = a.hasValidUntil() ? CareCircleValidator.nanos(a.getValidUntil()) : Long.MAX_VALUE;
            byDevice.computeIfAbsent(a.getDeviceId(), k -> new ArrayList<>())
                    .add(new Assignment(
                            a.getDeviceId(),
                            a.getPatientId(),
                            a.getSite(),
                            CareCircleValidator.nanos(a.getValidFrom()),
                            until));
        }
        byDevice.replaceAll((k, v) ->
                v.stream().sorted(Comparator.comparingLong(Assignment::fromNs)).toList());
        Map<String, List<CaregiverChannel>> channels = new HashMap<>();
        for (Caregiver c : r.getCaregiversList()) {
            List<CaregiverChannel> own = new ArrayList<>();
            for (int i = 0; i < c.getChannelsCount(); i++) {
                channel(c, i).ifPresent(own::add);
            }
            for (String pid : c.getPatientIdsList()) {
                channels.computeIfAbsent(pid, k -> new ArrayList<>()).addAll(own);
            }
        }
        Map<String, java.util.Set<String>> caregivers = new HashMap<>();
        for (Caregiver c : r.getCaregiversList()) {
            for (String pid : c.getPatientIdsList()) {
                caregivers.computeIfAbsent(pid, k -> new java.util.HashSet<>()).add(c.getCaregiverId());
            }
        }
        return new CareCircle(patients, byDevice, channels, caregivers);
    }

    /**
     * Escalation tiers beyond the first: one per further escalation rank among the patient's caregivers
     * who can be reached (have a channel), so the last escalation reaches everybody and no escalation
     * repeats it (0 when every caregiver is told at the raise).
     */
    static int escalationTiers(CareCircleRegistry r, String patientId) {
        long ranks = r.getCaregiversList().stream()
                .filter(c -> c.getPatientIdsList().contains(patientId) && c.getChannelsCount() > 0)
                .map(c -> c.getEscalationRank() == 0 ? Integer.MAX_VALUE : c.getEscalationRank())
                .distinct()
                .count();
        return (int) Math.max(0, ranks - 1);
    }

    /** The assignment of a device at a sample time, if the device was worn by a patient then. */
    public Optional<Assignment> assignmentAt(String deviceId, long sampleNs) {
        for (Assignment a : assignmentsByDevice.getOrDefault(deviceId, List.of())) {
            if (a.covers(sampleNs)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public Optional<Patient> patient(String patientId) {
        return Optional.ofNullable(patients.get(patientId));
    }

    public Map<String, Patient> patients() {
        return patients;
    }

    /** Every assignment in force at {@code ns} (NO_DATA watches these patches). */
    public List<Assignment> activeAt(long ns) {
        List<Assignment> active = new ArrayList<>();
        assignmentsByDevice
                .values()
                .forEach(list -> list.stream().filter(a -> a.covers(ns)).forEach(active::add));
        return active;
    }

    /** Whether the caregiver is in the patient's circle. */
    public boolean isCaregiverOf(String caregiverId, String patientId) {
        return caregiversByPatient.getOrDefault(patientId, java.util.Set.of()).contains(caregiverId);
    }

    private static Optional<CaregiverChannel> channel(Caregiver c, int i) {
        Channel ch = c.getChannels(i);
        String kind;
        String target;
        String secret = "";
        switch (ch.getKindCase()) {
            case MQTT -> {
                kind = CaregiverChannel.MQTT;
                target = ch.getMqtt().getUsername();
            }
            case WEBHOOK -> {
                kind = CaregiverChannel.WEBHOOK;
                target = ch.getWebhook().getUrl();
                secret = ch.getWebhook().getSigningSecret();
            }
            case EMAIL -> {
                kind = CaregiverChannel.EMAIL;
                target = ch.getEmail().getAddress();
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new CaregiverChannel(
                c.getCaregiverId(), i, kind, target, secret, c.getEscalationRank(), c.getQuietHours()));
    }

    public List<CaregiverChannel> channelsOf(String patientId) {
        return channelsByPatient.getOrDefault(patientId, List.of());
    }
}
