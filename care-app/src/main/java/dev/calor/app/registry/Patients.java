package dev.calor.app.registry;

import dev.calor.app.CareAppException;
import dev.calor.app.db.Database;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.AlertThresholds;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Patients: creation (the creator owns the circle), their names and zones, their thresholds. */
public final class Patients {

    /** What the app knows of a patient apart from readings and alerts. */
    public record PatientRow(String patientId, String displayName, String timeZone) {}

    private final Database db;
    private final Circles circles;

    public Patients(Database db, Circles circles) {
        this.db = db;
        this.circles = circles;
    }

    public Optional<PatientRow> find(String patientId) {
        return db.query(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT patient_id, display_name, time_zone FROM patient WHERE patient_id = ?")) {
                s.setString(1, patientId);
                ResultSet rs = s.executeQuery();
                return rs.next()
                        ? Optional.of(new PatientRow(rs.getString(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        });
    }

    /** Creates a patient whose circle has {@code ownerId} as its first owner. */
    public PatientRow create(String patientId, String displayName, String timeZone, String ownerId) {
        String id = patientId == null || patientId.isBlank()
                ? "P-" + UUID.randomUUID().toString().substring(0, 8)
                : patientId;
        if (!Topics.isValidId(id)) {
            throw CareAppException.invalid(
                    "patientId must be 1-64 letters, digits, '.', '_' or '-'", List.of("patientId"));
        }
        if (displayName == null || displayName.isBlank() || displayName.length() > 100) {
            throw CareAppException.invalid("displayName must be 1-100 characters", List.of("displayName"));
        }
        String zone = timeZone == null ? "" : timeZone;
        if (!zone.isEmpty()) {
            try {
                ZoneId.of(zone);
            } catch (RuntimeException e) {
                throw CareAppException.invalid(
                        "timeZone must be an IANA zone such as Europe/Berlin", List.of("timeZone"));
            }
        }
        db.inTransaction(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO patient (patient_id, display_name, time_zone) VALUES (?,?,?)")) {
                s.setString(1, id);
                s.setString(2, displayName.strip());
                s.setString(3, zone);
                s.executeUpdate();
            }
            circles.add(c, id, ownerId, Role.OWNER);
            return null;
        });
        return new PatientRow(id, displayName.strip(), zone);
    }

    public AlertThresholds thresholds(String patientId) {
        return db.query(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT thresholds::text FROM patient WHERE patient_id = ?")) {
                s.setString(1, patientId);
                ResultSet rs = s.executeQuery();
                if (!rs.next()) {
                    throw CareAppException.notFound("no patient '" + patientId + "'");
                }
                return RegistrySnapshot.thresholds(rs.getString(1));
            }
        });
    }

    public void setThresholds(String patientId, AlertThresholds t) {
        db.query(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE patient SET thresholds = ?::jsonb WHERE patient_id = ?")) {
                s.setString(1, Thresholds.toJson(t));
                s.setString(2, patientId);
                return s.executeUpdate();
            }
        });
    }
}
