package dev.calor.app.registry;

import dev.calor.app.CareAppException;
import dev.calor.app.api.model.CircleModels.Assignment;
import dev.calor.app.db.Database;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.MeasurementSite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which patch a patient wears when. A patch is on one patient at a time (an exclusion constraint in the
 * database, so two owners assigning the same patch at once cannot both succeed); replacing a patch ends
 * the old assignment and starts the new one in one transaction, with no gap and no overlap.
 */
public final class Devices {

    private final Database db;
    private final Clock clock;

    public Devices(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public List<Assignment> history(String patientId) {
        return db.query(c -> {
            List<Assignment> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT device_id, site, valid_from, valid_until"
                    + " FROM device_assignment WHERE patient_id = ? ORDER BY valid_from DESC")) {
                s.setString(1, patientId);
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    Timestamp until = rs.getTimestamp(4);
                    out.add(new Assignment(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getTimestamp(3).toInstant(),
                            until == null ? null : until.toInstant()));
                }
            }
            return out;
        });
    }

    public Assignment assign(String patientId, String deviceId, String site, Instant from) {
        Instant start = from == null ? clock.instant() : from;
        String s = site(site);
        requireDeviceId(deviceId);
        return db.inTransaction(c -> insert(c, patientId, deviceId, s, start));
    }

    /** Ends {@code oldDevice}'s current assignment to the patient at {@code at} and starts {@code newDevice}'s. */
    public Assignment replace(String patientId, String oldDevice, String newDevice, String site, Instant at) {
        Instant when = at == null ? clock.instant() : at;
        requireDeviceId(newDevice);
        return db.inTransaction(c -> {
            String oldSite = end(c, patientId, oldDevice, when);
            return insert(c, patientId, newDevice, site == null ? oldSite : site(site), when);
        });
    }

    public void end(String patientId, String deviceId) {
        db.inTransaction(c -> end(c, patientId, deviceId, clock.instant()));
    }

    private static String end(Connection c, String patientId, String deviceId, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE device_assignment SET valid_until = ?"
                        + " WHERE patient_id = ? AND device_id = ? AND valid_from < ? AND valid_until IS NULL RETURNING site")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, patientId);
            s.setString(3, deviceId);
            s.setTimestamp(4, Timestamp.from(at));
            ResultSet rs = s.executeQuery();
            if (!rs.next()) {
                throw CareAppException.notFound("patch '" + deviceId + "' is not worn by this patient now");
            }
            return rs.getString(1);
        }
    }

    private static Assignment insert(Connection c, String patientId, String deviceId, String site, Instant from)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO device_assignment (device_id, patient_id, site, valid_from) VALUES (?,?,?,?)")) {
            s.setString(1, deviceId);
            s.setString(2, patientId);
            s.setString(3, site);
            s.setTimestamp(4, Timestamp.from(from));
            s.executeUpdate();
        } catch (SQLException e) {
            if ("23P01".equals(e.getSQLState())) {
                throw CareAppException.conflict("patch '" + deviceId + "' is already worn by a patient at that time");
            }
            throw e;
        }
        return new Assignment(deviceId, site, from, null);
    }

    private static void requireDeviceId(String deviceId) {
        if (!Topics.isValidId(deviceId)) {
            throw CareAppException.invalid(
                    "deviceId must be 1-64 letters, digits, '.', '_' or '-'", List.of("deviceId"));
        }
    }

    private static String site(String site) {
        try {
            MeasurementSite m = RegistrySnapshot.Sites.parse(site == null ? "skin" : site);
            if (m == MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED) {
                throw new IllegalArgumentException();
            }
            return RegistrySnapshot.Sites.wire(m);
        } catch (IllegalArgumentException e) {
            throw CareAppException.invalid(
                    "site must be skin, axilla, core, oral, rectal or tympanic", List.of("site"));
        }
    }
}
