package dev.calor.edgebridge.buffer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The buffer's SQLite schema and connection settings.
 *
 * <p>Durability: WAL journal with {@code synchronous=FULL}, so a transaction is on stable storage (the WAL
 * is fsynced) when commit returns. A reading is acknowledged to the patch only after that, so a power cut
 * right after the ACK cannot lose it. {@code NORMAL} would be faster but may roll back the last commits on
 * power loss: those readings would already be freed on the patch.
 *
 * <p>A reading that left the buffer (forwarded or quarantined) keeps its row with {@code left_ns} set for
 * the dedup window, so a patch that resends it (its ACK was lost) is recognised as a duplicate.
 */
final class BufferSchema {

    static final int VERSION = 1;

    private BufferSchema() {}

    static void configure(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new SQLException("SQLite refused WAL journal mode");
                }
            }
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA temp_store=MEMORY");
            // Small page cache: the bridge must fit ten patches in a 64 MiB heap plus native memory.
            s.execute("PRAGMA cache_size=-2048");
        }
    }

    static void create(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS readings ("
                    + " id INTEGER PRIMARY KEY,"
                    + " device_id TEXT NOT NULL,"
                    + " boot_epoch INTEGER NOT NULL,"
                    + " sequence INTEGER NOT NULL,"
                    + " received_ns INTEGER NOT NULL,"
                    + " left_ns INTEGER,"
                    + " payload BLOB NOT NULL)");
            s.execute("CREATE UNIQUE INDEX IF NOT EXISTS readings_key ON readings (device_id, boot_epoch, sequence)");
            s.execute("CREATE INDEX IF NOT EXISTS readings_pending ON readings (device_id, boot_epoch, sequence)"
                    + " WHERE left_ns IS NULL");
            s.execute("CREATE INDEX IF NOT EXISTS readings_pending_age ON readings (received_ns)"
                    + " WHERE left_ns IS NULL");
            s.execute("CREATE TABLE IF NOT EXISTS quarantine ("
                    + " id INTEGER PRIMARY KEY,"
                    + " device_id TEXT NOT NULL,"
                    + " batch_id INTEGER NOT NULL,"
                    + " reason_code INTEGER NOT NULL,"
                    + " reason TEXT NOT NULL,"
                    + " readings INTEGER NOT NULL,"
                    + " quarantined_ns INTEGER NOT NULL,"
                    + " payload BLOB NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS ack_marks ("
                    + " device_id TEXT NOT NULL,"
                    + " boot_epoch INTEGER NOT NULL,"
                    + " sequence INTEGER NOT NULL,"
                    + " PRIMARY KEY (device_id, boot_epoch)) WITHOUT ROWID");
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version == 0) {
                s.execute("PRAGMA user_version=" + VERSION);
            } else if (version != VERSION) {
                throw new SQLException("buffer file has schema version " + version + ", this bridge reads " + VERSION);
            }
        }
    }
}
