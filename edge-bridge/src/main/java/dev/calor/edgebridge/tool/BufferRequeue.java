package dev.calor.edgebridge.tool;

import dev.calor.proto.v1.Reading;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Moves quarantined batches back to pending (after the cause was fixed, e.g. the broker's limits): their
 * readings are pending again under their original key and the bridge publishes them at its next start. Run on
 * a stopped bridge only; the caller holds the buffer lock.
 */
final class BufferRequeue {

    private BufferRequeue() {}

    /** @return readings made pending again */
    static long requeue(Path file, List<BufferFileReader.Quarantined> batches, long nowNs) throws Exception {
        long count = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            c.setAutoCommit(false);
            try (PreparedStatement revive = c.prepareStatement("UPDATE readings SET left_ns = NULL"
                            + " WHERE device_id = ? AND boot_epoch = ? AND sequence = ?");
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO readings"
                                    + " (device_id, boot_epoch, sequence, received_ns, left_ns, payload) VALUES (?, ?, ?, ?, NULL, ?)");
                    PreparedStatement delete = c.prepareStatement("DELETE FROM quarantine WHERE id = ?")) {
                for (BufferFileReader.Quarantined q : batches) {
                    for (Reading r : q.parsedReadings()) {
                        long epoch = Integer.toUnsignedLong(r.getBootEpoch());
                        long seq = Integer.toUnsignedLong(r.getSequence());
                        revive.setString(1, q.device());
                        revive.setLong(2, epoch);
                        revive.setLong(3, seq);
                        if (revive.executeUpdate() == 0) {
                            insert.setString(1, q.device());
                            insert.setLong(2, epoch);
                            insert.setLong(3, seq);
                            insert.setLong(4, nowNs);
                            insert.setBytes(5, r.toByteArray());
                            insert.executeUpdate();
                        }
                        count++;
                    }
                    delete.setLong(1, q.id());
                    delete.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return count;
    }
}
