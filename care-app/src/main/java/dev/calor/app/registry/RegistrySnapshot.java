package dev.calor.app.registry;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.v1.AlertThresholds;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import dev.calor.proto.v1.DeviceAssignment;
import dev.calor.proto.v1.EmailChannel;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.MqttChannel;
import dev.calor.proto.v1.Patient;
import dev.calor.proto.v1.QuietHours;
import dev.calor.proto.v1.SiteCorrection;
import dev.calor.proto.v1.WebhookChannel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the whole registry from PostgreSQL as one consistent {@link CareCircleRegistry} (one
 * repeatable-read transaction), with the registry version it corresponds to.
 */
public final class RegistrySnapshot {

    private RegistrySnapshot() {}

    public record Versioned(long version, CareCircleRegistry registry) {}

    static Versioned read(Connection c) throws SQLException {
        long version;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM registry_version")) {
            rs.next();
            version = rs.getLong(1);
        }
        CareCircleRegistry.Builder r = CareCircleRegistry.newBuilder().setSchemaVersion(SchemaVersions.CURRENT);
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT patient_id, display_name, time_zone, thresholds::text,"
                        + " site_correction::text FROM patient ORDER BY patient_id")) {
            while (rs.next()) {
                r.addPatients(Patient.newBuilder()
                        .setPatientId(rs.getString(1))
                        .setDisplayName(rs.getString(2))
                        .setTimeZone(rs.getString(3))
                        .setThresholds(thresholds(rs.getString(4)))
                        .setSiteCorrection(siteCorrection(rs.getString(5))));
            }
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT device_id, patient_id, site, valid_from, valid_until"
                        + " FROM device_assignment ORDER BY device_id, valid_from")) {
            while (rs.next()) {
                DeviceAssignment.Builder a = DeviceAssignment.newBuilder()
                        .setDeviceId(rs.getString(1))
                        .setPatientId(rs.getString(2))
                        .setSite(Sites.parse(rs.getString(3)))
                        .setValidFrom(timestamp(rs.getTimestamp(4).toInstant()));
                if (rs.getTimestamp(5) != null) {
                    a.setValidUntil(timestamp(rs.getTimestamp(5).toInstant()));
                }
                r.addAssignments(a);
            }
        }
        Map<String, Caregiver.Builder> caregivers = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT caregiver_id, display_name, escalation_rank, quiet_start,"
                        + " quiet_end, quiet_time_zone FROM caregiver ORDER BY caregiver_id")) {
            while (rs.next()) {
                Caregiver.Builder b = Caregiver.newBuilder()
                        .setCaregiverId(rs.getString(1))
                        .setDisplayName(rs.getString(2))
                        .setEscalationRank(rs.getInt(3));
                if (rs.getString(4) != null) {
                    b.setQuietHours(QuietHours.newBuilder()
                            .setStart(rs.getString(4))
                            .setEnd(rs.getString(5))
                            .setTimeZone(rs.getString(6) == null ? "" : rs.getString(6)));
                }
                caregivers.put(rs.getString(1), b);
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                        "SELECT caregiver_id, patient_id FROM membership ORDER BY caregiver_id, patient_id");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                caregivers.get(rs.getString(1)).addPatientIds(rs.getString(2));
            }
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT caregiver_id, kind, address, signing_secret FROM channel"
                        + " ORDER BY caregiver_id, position")) {
            while (rs.next()) {
                Caregiver.Builder b = caregivers.get(rs.getString(1));
                b.addChannels(channel(b.getCaregiverId(), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        caregivers.values().forEach(r::addCaregivers);
        return new Versioned(version, r.build());
    }

    private static Channel channel(String caregiverId, String kind, String address, String secret) {
        return switch (kind) {
            case "email" ->
                Channel.newBuilder()
                        .setEmail(EmailChannel.newBuilder().setAddress(address))
                        .build();
            case "webhook" ->
                Channel.newBuilder()
                        .setWebhook(WebhookChannel.newBuilder().setUrl(address).setSigningSecret(secret))
                        .build();
            default ->
                Channel.newBuilder()
                        .setMqtt(MqttChannel.newBuilder().setUsername(address.isEmpty() ? caregiverId : address))
                        .build();
        };
    }

    static AlertThresholds thresholds(String json) {
        AlertThresholds.Builder b = AlertThresholds.newBuilder();
        merge(json, b);
        return b.build();
    }

    static SiteCorrection siteCorrection(String json) {
        SiteCorrection.Builder b = SiteCorrection.newBuilder();
        merge(json, b);
        return b.build();
    }

    private static void merge(String json, com.google.protobuf.Message.Builder b) {
        try {
            JsonFormat.parser().merge(json, b);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored " + b.getDescriptorForType().getName() + " is invalid", e);
        }
    }

    static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder()
                .setSeconds(t.getEpochSecond())
                .setNanos(t.getNano())
                .build();
    }

    /** Site names as the API and the database spell them. */
    public static final class Sites {
        private Sites() {}

        public static MeasurementSite parse(String site) {
            return MeasurementSite.valueOf("MEASUREMENT_SITE_" + site.toUpperCase(java.util.Locale.ROOT));
        }

        public static String wire(MeasurementSite site) {
            return site.name().substring("MEASUREMENT_SITE_".length()).toLowerCase(java.util.Locale.ROOT);
        }
    }
}
