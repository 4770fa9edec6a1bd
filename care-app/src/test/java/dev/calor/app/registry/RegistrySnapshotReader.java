package dev.calor.app.registry;

import dev.calor.app.db.Database;
import dev.calor.proto.v1.CareCircleRegistry;

/** Test access to the registry snapshot: the part of it that concerns one patient, as text. */
public final class RegistrySnapshotReader {

    private RegistrySnapshotReader() {}

    public static String patientPart(Database db, String patientId) {
        CareCircleRegistry r = db.inTransaction(c -> {
            return RegistrySnapshot.read(c).registry();
        });
        StringBuilder out = new StringBuilder();
        r.getPatientsList().stream()
                .filter(p -> p.getPatientId().equals(patientId))
                .forEach(out::append);
        r.getAssignmentsList().stream()
                .filter(a -> a.getPatientId().equals(patientId))
                .forEach(out::append);
        r.getCaregiversList().stream()
                .filter(g -> g.getPatientIdsList().contains(patientId))
                .forEach(out::append);
        return out.toString();
    }
}
