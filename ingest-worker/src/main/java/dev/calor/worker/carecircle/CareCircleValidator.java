package dev.calor.worker.carecircle;

import com.google.protobuf.Timestamp;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.AlertThresholds;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import dev.calor.proto.v1.DeviceAssignment;
import dev.calor.proto.v1.Patient;
import java.net.URI;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks a registry as a whole and lists every problem, so an operator fixes the file in one pass. */
public final class CareCircleValidator {

    private static final java.util.regex.Pattern EMAIL =
            java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private CareCircleValidator() {}

    public static List<String> problems(CareCircleRegistry r) {
        List<String> p = new ArrayList<>();
        if (r.getSchemaVersion() != 0 && !SchemaVersions.isSupported(r.getSchemaVersion())) {
            p.add("schemaVersion " + r.getSchemaVersion() + " is not supported");
        }
        Set<String> patients = new HashSet<>();
        for (int i = 0; i < r.getPatientsCount(); i++) {
            Patient patient = r.getPatients(i);
            String where = "patients[" + i + "]";
            if (!Topics.isValidId(patient.getPatientId())) {
                p.add(where + ".patientId '" + patient.getPatientId() + "' is not a valid id");
            } else if (!patients.add(patient.getPatientId())) {
                p.add(where + ".patientId '" + patient.getPatientId() + "' appears twice");
            }
            if (!patient.getTimeZone().isEmpty()) {
                try {
                    ZoneId.of(patient.getTimeZone());
                } catch (RuntimeException e) {
                    p.add(where + ".timeZone '" + patient.getTimeZone() + "' is not an IANA zone");
                }
            }
            thresholds(patient.getThresholds(), where + ".thresholds", p);
            SiteCorrections.check(patient.getSiteCorrection(), where + ".siteCorrection", p);
        }
        for (int i = 0; i < r.getAssignmentsCount(); i++) {
            DeviceAssignment a = r.getAssignments(i);
            String where = "assignments[" + i + "]";
            if (!Topics.isValidId(a.getDeviceId())) {
                p.add(where + ".deviceId '" + a.getDeviceId() + "' is not a valid id");
            }
            if (!patients.contains(a.getPatientId())) {
                p.add(where + ".patientId '" + a.getPatientId() + "' is not a patient of this file");
            }
            if (!a.hasValidFrom()) {
                p.add(where + ".validFrom is missing");
            } else if (a.hasValidUntil() && nanos(a.getValidUntil()) <= nanos(a.getValidFrom())) {
                p.add(where + ".validUntil is not after validFrom");
            }
        }
        overlaps(r, p);
        Set<String> caregivers = new HashSet<>();
        for (int i = 0; i < r.getCaregiversCount(); i++) {
            Caregiver c = r.getCaregivers(i);
            String where = "caregivers[" + i + "]";
            if (!Topics.isValidId(c.getCaregiverId())) {
                p.add(where + ".caregiverId '" + c.getCaregiverId() + "' is not a valid id");
            } else if (!caregivers.add(c.getCaregiverId())) {
                p.add(where + ".caregiverId '" + c.getCaregiverId() + "' appears twice");
            }
            for (String pid : c.getPatientIdsList()) {
                if (!patients.contains(pid)) {
                    p.add(where + ".patientIds names '" + pid + "', not a patient of this file");
                }
            }
            for (int j = 0; j < c.getChannelsCount(); j++) {
                channel(c.getChannels(j), where + ".channels[" + j + "]", p);
            }
        }
        return p;
    }

    private static void channel(Channel ch, String where, List<String> p) {
        switch (ch.getKindCase()) {
            case MQTT -> {
                if (ch.getMqtt().getUsername().isBlank()) {
                    p.add(where + ".mqtt.username is empty");
                }
            }
            case WEBHOOK -> {
                String url = ch.getWebhook().getUrl();
                try {
                    URI u = URI.create(url);
                    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                        p.add(where + ".webhook.url '" + url + "' is not an http(s) URL");
                    }
                } catch (IllegalArgumentException e) {
                    p.add(where + ".webhook.url '" + url + "' is not a URL");
                }
            }
            case EMAIL -> {
                String address = ch.getEmail().getAddress();
                if (!EMAIL.matcher(address).matches()) {
                    p.add(where + ".email.address '" + address + "' is not an e-mail address");
                }
            }
            default -> p.add(where + " names neither mqtt, webhook nor email");
        }
    }

    private static void overlaps(CareCircleRegistry r, List<String> p) {
        Map<String, List<DeviceAssignment>> byDevice = r.getAssignmentsList().stream()
                .filter(DeviceAssignment::hasValidFrom)
                .collect(Collectors.groupingBy(DeviceAssignment::getDeviceId));
        byDevice.forEach((device, list) -> {
            List<DeviceAssignment> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingLong(a -> nanos(a.getValidFrom())));
            for (int i = 1; i < sorted.size(); i++) {
                DeviceAssignment prev = sorted.get(i - 1);
                long prevUntil = prev.hasValidUntil() ? nanos(prev.getValidUntil()) : Long.MAX_VALUE;
                if (nanos(sorted.get(i).getValidFrom()) < prevUntil) {
                    p.add("device '" + device + "' is assigned to '" + prev.getPatientId() + "' and '"
                            + sorted.get(i).getPatientId() + "' at the same time");
                }
            }
        });
    }

    private static void thresholds(AlertThresholds t, String where, List<String> p) {
        SafeThresholds.check(t, where, p);
    }

    static long nanos(Timestamp t) {
        return t.getSeconds() * 1_000_000_000L + t.getNanos();
    }
}
