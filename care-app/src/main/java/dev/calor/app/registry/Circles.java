package dev.calor.app.registry;

import dev.calor.app.CareAppException;
import dev.calor.app.api.model.CircleModels.Member;
import dev.calor.app.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Care circles: who belongs to which patient's circle in which role. Every patient-scoped operation
 * starts with {@link #require}, so a caregiver outside the circle gets the same 404 as for a patient that
 * does not exist.
 */
public final class Circles {

    private final Database db;

    public Circles(Database db) {
        this.db = db;
    }

    public Optional<Role> roleOf(String caregiverId, String patientId) {
        return db.query(c -> roleOf(c, caregiverId, patientId));
    }

    static Optional<Role> roleOf(Connection c, String caregiverId, String patientId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT role FROM membership WHERE caregiver_id = ? AND patient_id = ?")) {
            s.setString(1, caregiverId);
            s.setString(2, patientId);
            ResultSet rs = s.executeQuery();
            return rs.next() ? Optional.of(Role.parse(rs.getString(1))) : Optional.empty();
        }
    }

    /** @throws CareAppException 404 unless the caregiver is in the patient's circle */
    public Role require(String caregiverId, String patientId) {
        return roleOf(caregiverId, patientId)
                .orElseThrow(() -> CareAppException.notFound("no patient '" + patientId + "' in your care circles"));
    }

    /** Patients of a caregiver's circles with the caregiver's role in each, by patient id. */
    public Map<String, Role> patientsOf(String caregiverId) {
        return db.query(c -> {
            Map<String, Role> out = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT patient_id, role FROM membership WHERE caregiver_id = ? ORDER BY patient_id")) {
                s.setString(1, caregiverId);
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    out.put(rs.getString(1), Role.parse(rs.getString(2)));
                }
            }
            return out;
        });
    }

    public List<Member> members(String patientId) {
        return db.query(c -> {
            List<Member> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT c.caregiver_id, c.display_name, m.role,"
                    + " c.escalation_rank FROM membership m JOIN caregiver c USING (caregiver_id)"
                    + " WHERE m.patient_id = ? ORDER BY c.escalation_rank = 0, c.escalation_rank, c.display_name")) {
                s.setString(1, patientId);
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    out.add(new Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
                }
            }
            return out;
        });
    }

    public void add(Connection c, String patientId, String caregiverId, Role role) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO membership (patient_id, caregiver_id, role)"
                + " VALUES (?,?,?) ON CONFLICT (patient_id, caregiver_id) DO UPDATE SET role = excluded.role")) {
            s.setString(1, patientId);
            s.setString(2, caregiverId);
            s.setString(3, role.wire());
            s.executeUpdate();
        }
    }

    /** Changes a member's role and/or escalation rank; the last owner cannot stop being one. */
    public Member update(String patientId, String caregiverId, Role role, Integer rank) {
        db.inTransaction(c -> {
            Role current = roleOf(c, caregiverId, patientId)
                    .orElseThrow(() -> CareAppException.notFound("no member '" + caregiverId + "' in this circle"));
            if (role != null && current == Role.OWNER && role != Role.OWNER) {
                requireAnotherOwner(c, patientId, caregiverId);
            }
            if (role != null) {
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE membership SET role = ? WHERE patient_id = ? AND caregiver_id = ?")) {
                    s.setString(1, role.wire());
                    s.setString(2, patientId);
                    s.setString(3, caregiverId);
                    s.executeUpdate();
                }
            }
            if (rank != null) {
                if (rank < 0 || rank > 100) {
                    throw CareAppException.invalid("escalationRank must be 0..100", List.of("escalationRank"));
                }
                try (PreparedStatement s =
                        c.prepareStatement("UPDATE caregiver SET escalation_rank = ? WHERE caregiver_id = ?")) {
                    s.setInt(1, rank);
                    s.setString(2, caregiverId);
                    s.executeUpdate();
                }
            }
            return null;
        });
        return members(patientId).stream()
                .filter(m -> m.caregiverId().equals(caregiverId))
                .findFirst()
                .orElseThrow();
    }

    public void remove(String patientId, String caregiverId) {
        db.inTransaction(c -> {
            Role current = roleOf(c, caregiverId, patientId)
                    .orElseThrow(() -> CareAppException.notFound("no member '" + caregiverId + "' in this circle"));
            if (current == Role.OWNER) {
                requireAnotherOwner(c, patientId, caregiverId);
            }
            try (PreparedStatement s =
                    c.prepareStatement("DELETE FROM membership WHERE patient_id = ? AND caregiver_id = ?")) {
                s.setString(1, patientId);
                s.setString(2, caregiverId);
                s.executeUpdate();
            }
            return null;
        });
    }

    private static void requireAnotherOwner(Connection c, String patientId, String caregiverId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM membership WHERE patient_id = ?"
                        + " AND role = 'owner' AND caregiver_id <> ? FOR UPDATE) owners")) {
            s.setString(1, patientId);
            s.setString(2, caregiverId);
            ResultSet rs = s.executeQuery();
            rs.next();
            if (rs.getInt(1) == 0) {
                throw CareAppException.conflict(
                        "a care circle needs at least one owner; make someone else owner first");
            }
        }
    }
}
