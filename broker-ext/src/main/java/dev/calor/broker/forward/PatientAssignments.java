package dev.calor.broker.forward;

import com.google.protobuf.Timestamp;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.DeviceAssignment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which patient wore a device at a given sample time, from the care-circle registry's assignments. */
public final class PatientAssignments {

    private static final PatientAssignments EMPTY = new PatientAssignments(Map.of());

    private record Span(String patientId, long fromNs, long untilNs) {}

    private final Map<String, List<Span>> byDevice;

    private PatientAssignments(Map<String, List<Span>> byDevice) {
        this.byDevice = byDevice;
    }

    public static PatientAssignments empty() {
        return EMPTY;
    }

    public static PatientAssignments of(CareCircleRegistry registry) {
        Map<String, List<Span>> index = new HashMap<>();
        for (DeviceAssignment a : registry.getAssignmentsList()) {
            long from = a.hasValidFrom() ? nanos(a.getValidFrom()) : Long.MIN_VALUE;
            long until = a.hasValidUntil() ? nanos(a.getValidUntil()) : Long.MAX_VALUE;
            index.computeIfAbsent(a.getDeviceId(), d -> new ArrayList<>()).add(new Span(a.getPatientId(), from, until));
        }
        Map<String, List<Span>> frozen = new HashMap<>();
        index.forEach((device, spans) -> frozen.put(device, List.copyOf(spans)));
        return new PatientAssignments(Map.copyOf(frozen));
    }

    /** The patient wearing {@code deviceId} at {@code sampleTimeNs}, if the device was assigned then. */
    public Optional<String> patientAt(String deviceId, long sampleTimeNs) {
        for (Span s : byDevice.getOrDefault(deviceId, List.of())) {
            if (sampleTimeNs >= s.fromNs() && sampleTimeNs < s.untilNs()) {
                return Optional.of(s.patientId());
            }
        }
        return Optional.empty();
    }

    private static long nanos(Timestamp t) {
        return Math.addExact(Math.multiplyExact(t.getSeconds(), 1_000_000_000L), t.getNanos());
    }
}
