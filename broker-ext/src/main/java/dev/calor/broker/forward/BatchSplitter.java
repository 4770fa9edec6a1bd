package dev.calor.broker.forward;

import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keys an accepted batch by patient, resolved per reading at its sample time. A batch whose readings all
 * belong to one patient (the usual case) stays one record with the batch unchanged; a batch spanning a
 * patch hand-over becomes one record per patient, in reading order, so each patient's readings stay in
 * that patient's partition. Pure.
 */
public final class BatchSplitter {

    private BatchSplitter() {}

    public static List<KeyedBatch> split(ReadingBatch batch, PatientAssignments assignments) {
        String device = batch.getDeviceId();
        Map<String, List<Reading>> byKey = new LinkedHashMap<>();
        Map<String, Boolean> assigned = new LinkedHashMap<>();
        for (Reading r : batch.getReadingsList()) {
            Optional<String> patient = assignments.patientAt(device, r.getSampleTimeUnixNs());
            String key = patient.orElse(device);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            assigned.put(key, patient.isPresent());
        }
        if (byKey.isEmpty()) {
            return List.of(new KeyedBatch(device, false, batch));
        }
        if (byKey.size() == 1) {
            String key = byKey.keySet().iterator().next();
            return List.of(new KeyedBatch(key, assigned.get(key), batch));
        }
        List<KeyedBatch> parts = new ArrayList<>(byKey.size());
        byKey.forEach((key, readings) -> parts.add(new KeyedBatch(
                key,
                assigned.get(key),
                batch.toBuilder().clearReadings().addAllReadings(readings).build())));
        return List.copyOf(parts);
    }
}
