package dev.calor.edgebridge.tool;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.calor.edgebridge.time.TimeConversions;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Read-only access to a buffer file for operators: safe beside a running bridge (SQLite WAL readers never
 * block the writer, and the file is opened read-only).
 */
final class BufferFileReader implements AutoCloseable {

    record DeviceSummary(String device, long pending, long bytes, long quarantinedBatches, long quarantinedReadings) {}

    record PendingReading(String device, long bootEpoch, long sequence, long receivedNs, Reading reading) {}

    record Quarantined(
            long id,
            String device,
            long batchId,
            int reasonCode,
            String reason,
            int readings,
            long atNs,
            byte[] payload) {
        List<Reading> parsedReadings() throws InvalidProtocolBufferException {
            return ReadingBatch.parseFrom(payload).getReadingsList();
        }
    }

    private final Connection connection;

    BufferFileReader(Path file) throws SQLException {
        Properties props = new Properties();
        props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        this.connection = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro", props);
    }

    String quickCheck() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
            return rs.next() ? rs.getString(1) : "no answer";
        }
    }

    List<DeviceSummary> summary() throws SQLException {
        List<DeviceSummary> result = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT d.device_id,"
                        + " (SELECT count(*) FROM readings r WHERE r.device_id = d.device_id AND r.left_ns IS NULL),"
                        + " (SELECT coalesce(sum(length(payload)), 0) FROM readings r"
                        + "   WHERE r.device_id = d.device_id AND r.left_ns IS NULL),"
                        + " (SELECT count(*) FROM quarantine q WHERE q.device_id = d.device_id),"
                        + " (SELECT coalesce(sum(readings), 0) FROM quarantine q WHERE q.device_id = d.device_id)"
                        + " FROM (SELECT device_id FROM readings UNION SELECT device_id FROM quarantine) d"
                        + " ORDER BY d.device_id")) {
            while (rs.next()) {
                result.add(
                        new DeviceSummary(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
            }
        }
        return result;
    }

    void pending(Optional<String> device, long limit, Consumer<PendingReading> out)
            throws SQLException, InvalidProtocolBufferException {
        try (PreparedStatement s =
                connection.prepareStatement("SELECT device_id, boot_epoch, sequence, received_ns, payload"
                        + " FROM readings WHERE left_ns IS NULL AND (? IS NULL OR device_id = ?)"
                        + " ORDER BY device_id, boot_epoch, sequence LIMIT ?")) {
            s.setString(1, device.orElse(null));
            s.setString(2, device.orElse(null));
            s.setLong(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.accept(new PendingReading(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            Reading.parseFrom(rs.getBytes(5))));
                }
            }
        }
    }

    List<Quarantined> quarantined(Optional<String> device) throws SQLException {
        List<Quarantined> result = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT id, device_id, batch_id, reason_code, reason,"
                        + " readings, quarantined_ns, payload FROM quarantine WHERE (? IS NULL OR device_id = ?) ORDER BY id")) {
            s.setString(1, device.orElse(null));
            s.setString(2, device.orElse(null));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(new Quarantined(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getLong(3),
                            rs.getInt(4),
                            rs.getString(5),
                            rs.getInt(6),
                            rs.getLong(7),
                            rs.getBytes(8)));
                }
            }
        }
        return result;
    }

    static String iso(long unixNanos) {
        return TimeConversions.ofNanos(unixNanos).toString();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
