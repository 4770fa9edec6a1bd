package dev.calor.app.registry;

import dev.calor.app.db.Database;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import dev.calor.proto.v1.DeviceAssignment;
import dev.calor.proto.v1.Patient;
import dev.calor.worker.carecircle.CareCircle;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Loads a care-circle JSON file into PostgreSQL in one transaction: patients, assignments, caregivers
 * (with channels, rank and quiet hours) and memberships are upserted; nothing that is not in the file is
 * deleted. Imported caregivers have no password and join their circles as {@code family}; an owner is
 * made with {@code ./calor app invite} (or by promoting a member). The file is checked by the worker's
 * validator first, so what cannot run is not imported.
 */
public final class RegistryImporter {

    private RegistryImporter() {}

    public record Summary(int patients, int assignments, int caregivers) {}

    public static Summary load(Database db, CareCircleRegistry r, String origin) {
        CareCircle.of(r, origin);
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO patient (patient_id, display_name, time_zone,"
                    + " thresholds, site_correction) VALUES (?,?,?,?::jsonb,?::jsonb) ON CONFLICT (patient_id) DO UPDATE SET"
                    + " display_name = excluded.display_name, time_zone = excluded.time_zone,"
                    + " thresholds = excluded.thresholds, site_correction = excluded.site_correction")) {
                for (Patient p : r.getPatientsList()) {
                    s.setString(1, p.getPatientId());
                    s.setString(2, p.getDisplayName().isEmpty() ? p.getPatientId() : p.getDisplayName());
                    s.setString(3, p.getTimeZone());
                    s.setString(4, Thresholds.toJson(p.getThresholds()));
                    s.setString(5, com.google.protobuf.util.JsonFormat.printer().print(p.getSiteCorrection()));
                    s.addBatch();
                }
                s.executeBatch();
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM device_assignment WHERE device_id = ?");
                    PreparedStatement ins =
                            c.prepareStatement("INSERT INTO device_assignment (device_id, patient_id, site,"
                                    + " valid_from, valid_until) VALUES (?,?,?,?,?)")) {
                for (String device : r.getAssignmentsList().stream()
                        .map(DeviceAssignment::getDeviceId)
                        .distinct()
                        .toList()) {
                    del.setString(1, device);
                    del.executeUpdate();
                }
                for (DeviceAssignment a : r.getAssignmentsList()) {
                    ins.setString(1, a.getDeviceId());
                    ins.setString(2, a.getPatientId());
                    ins.setString(3, site(a));
                    ins.setTimestamp(4, ts(a.getValidFrom()));
                    ins.setTimestamp(5, a.hasValidUntil() ? ts(a.getValidUntil()) : null);
                    ins.executeUpdate();
                }
            }
            for (Caregiver g : r.getCaregiversList()) {
                caregiver(c, g);
            }
            return new Summary(r.getPatientsCount(), r.getAssignmentsCount(), r.getCaregiversCount());
        });
    }

    private static void caregiver(java.sql.Connection c, Caregiver g) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO caregiver (caregiver_id, display_name, escalation_rank,"
                        + " quiet_start, quiet_end, quiet_time_zone) VALUES (?,?,?,?,?,?) ON CONFLICT (caregiver_id) DO UPDATE SET"
                        + " display_name = excluded.display_name, escalation_rank = excluded.escalation_rank,"
                        + " quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, quiet_time_zone = excluded.quiet_time_zone")) {
            s.setString(1, g.getCaregiverId());
            s.setString(2, g.getDisplayName().isEmpty() ? g.getCaregiverId() : g.getDisplayName());
            s.setInt(3, g.getEscalationRank());
            boolean quiet = g.hasQuietHours() && !g.getQuietHours().getStart().isEmpty();
            s.setString(4, quiet ? g.getQuietHours().getStart() : null);
            s.setString(5, quiet ? g.getQuietHours().getEnd() : null);
            s.setString(6, quiet ? g.getQuietHours().getTimeZone() : null);
            s.executeUpdate();
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM channel WHERE caregiver_id = ?")) {
            d.setString(1, g.getCaregiverId());
            d.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO channel (caregiver_id, position, kind, address,"
                + " signing_secret) VALUES (?,?,?,?,?)")) {
            List<Channel> channels = g.getChannelsList();
            for (int i = 0; i < channels.size(); i++) {
                Channel ch = channels.get(i);
                s.setString(1, g.getCaregiverId());
                s.setInt(2, i);
                switch (ch.getKindCase()) {
                    case EMAIL -> {
                        s.setString(3, "email");
                        s.setString(4, ch.getEmail().getAddress());
                        s.setString(5, "");
                    }
                    case WEBHOOK -> {
                        s.setString(3, "webhook");
                        s.setString(4, ch.getWebhook().getUrl());
                        s.setString(5, ch.getWebhook().getSigningSecret());
                    }
                    default -> {
                        s.setString(3, "app");
                        s.setString(
                                4,
                                ch.getMqtt().getUsername().equals(g.getCaregiverId())
                                        ? ""
                                        : ch.getMqtt().getUsername());
                        s.setString(5, "");
                    }
                }
                s.addBatch();
            }
            s.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO membership (patient_id, caregiver_id, role)"
                + " VALUES (?,?,'family') ON CONFLICT DO NOTHING")) {
            for (String pid : g.getPatientIdsList()) {
                s.setString(1, pid);
                s.setString(2, g.getCaregiverId());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static String site(DeviceAssignment a) {
        return a.getSite() == dev.calor.proto.v1.MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED
                ? "unspecified"
                : RegistrySnapshot.Sites.wire(a.getSite());
    }

    private static Timestamp ts(com.google.protobuf.Timestamp t) {
        return Timestamp.from(Instant.ofEpochSecond(t.getSeconds(), t.getNanos()));
    }
}
