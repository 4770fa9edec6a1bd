package dev.calor.worker.state;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.calor.proto.v1.Alert;
import dev.calor.worker.alert.PatientAlertState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The worker's durable memory, one SQLite file: each patient's alert state, every alert ever emitted
 * (keyed by its stable id) and the outbox of deliveries still to make. A commit stores states, alerts
 * and their deliveries in one transaction (synchronous=FULL), so after a crash the worker resumes
 * exactly where its last acknowledged batch left it: no alert fired twice, none forgotten. States are
 * stored in {@link StateFormat} (table {@code alert_state}); the JSON table {@code patient_state} of
 * earlier versions is converted when the store is opened, then dropped.
 */
public final class AlertStore implements AutoCloseable {

    private final Connection db;

    private AlertStore(Connection db) {
        this.db = db;
    }

    public static AlertStore open(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("CREATE TABLE IF NOT EXISTS alert_state (patient_id TEXT PRIMARY KEY, state BLOB NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS alert (alert_id TEXT PRIMARY KEY, patient_id TEXT NOT NULL,"
                        + " emitted_ns INTEGER NOT NULL, body BLOB NOT NULL)");
                addColumn(s, "alert", "episode_id TEXT NOT NULL DEFAULT ''");
                addColumn(s, "alert", "transition TEXT NOT NULL DEFAULT ''");
                s.execute("CREATE INDEX IF NOT EXISTS alert_episode ON alert (patient_id, episode_id)");
                s.execute("CREATE INDEX IF NOT EXISTS alert_emitted ON alert (emitted_ns)");
                s.execute("CREATE TABLE IF NOT EXISTS delivery (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " idempotency_key TEXT NOT NULL UNIQUE, alert_id TEXT NOT NULL, channel TEXT NOT NULL,"
                        + " target TEXT NOT NULL, secret TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
                        + " next_attempt_ns INTEGER NOT NULL, created_ns INTEGER NOT NULL,"
                        + " state TEXT NOT NULL DEFAULT 'pending', last_error TEXT)");
                s.execute("CREATE INDEX IF NOT EXISTS delivery_due ON delivery (state, next_attempt_ns)");
                s.execute("CREATE INDEX IF NOT EXISTS delivery_target ON delivery (channel, target, state, id)");
            }
            c.setAutoCommit(false);
            migrateJsonStates(c);
            return new AlertStore(c);
        } catch (Exception e) {
            throw new StateStoreException("cannot open alert state store " + file, e);
        }
    }

    public synchronized Map<String, PatientAlertState> loadStates() {
        Map<String, PatientAlertState> states = new HashMap<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT patient_id, state FROM alert_state")) {
            while (rs.next()) {
                states.put(rs.getString(1), StateFormat.decode(rs.getBytes(2), PatientAlertState.class));
            }
            db.commit();
            return states;
        } catch (Exception e) {
            throw new StateStoreException("cannot load alert states", e);
        }
    }

    /**
     * Stores the given states and alerts, and queues each new alert's deliveries, atomically. An alert
     * whose id is already stored is neither stored nor delivered again.
     *
     * @return the alerts that were new
     */
    public synchronized List<Alert> commit(
            Collection<PatientAlertState> states,
            List<Alert> alerts,
            Function<Alert, List<Delivery>> fanOut,
            long nowNs) {
        List<Alert> fresh = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("INSERT INTO alert_state (patient_id, state) VALUES (?, ?)"
                        + " ON CONFLICT(patient_id) DO UPDATE SET state = excluded.state");
                PreparedStatement al = db.prepareStatement(
                        "INSERT OR IGNORE INTO alert (alert_id, patient_id, emitted_ns, body, episode_id, transition)"
                                + " VALUES (?, ?, ?, ?, ?, ?)");
                PreparedStatement dl = db.prepareStatement("INSERT OR IGNORE INTO delivery (idempotency_key, alert_id,"
                        + " channel, target, secret, next_attempt_ns, created_ns) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (PatientAlertState s : states) {
                st.setString(1, s.patientId());
                st.setBytes(2, StateFormat.encode(s));
                st.addBatch();
            }
            st.executeBatch();
            for (Alert a : alerts) {
                al.setString(1, a.getAlertId());
                al.setString(2, a.getPatientId());
                al.setLong(3, a.getEmittedTimeUnixNs());
                al.setBytes(4, a.toByteArray());
                al.setString(5, a.getEpisodeId());
                al.setString(6, a.getTransition().name());
                if (al.executeUpdate() == 0) {
                    continue;
                }
                fresh.add(a);
                for (Delivery d : fanOut.apply(a)) {
                    dl.setString(1, d.idempotencyKey());
                    dl.setString(2, d.alertId());
                    dl.setString(3, d.channel());
                    dl.setString(4, d.target());
                    dl.setString(5, d.secret());
                    dl.setLong(6, nowNs);
                    dl.setLong(7, nowNs);
                    dl.executeUpdate();
                }
            }
            db.commit();
            return fresh;
        } catch (SQLException | IOException e) {
            rollbackQuietly();
            throw new StateStoreException("cannot commit alert state", e);
        }
    }

    /**
     * Deliveries due at {@code nowNs}, oldest first; a delivery waits while an older one to the same
     * channel and target is still pending, so a caregiver never sees a clear before its raise.
     */
    public synchronized List<PendingDelivery> due(long nowNs, int limit, String channel) {
        List<PendingDelivery> due = new ArrayList<>();
        try (PreparedStatement q =
                db.prepareStatement("SELECT d.id, d.idempotency_key, d.alert_id, d.channel, d.target,"
                        + " d.secret, d.attempts, d.created_ns, a.body FROM delivery d JOIN alert a ON a.alert_id = d.alert_id"
                        + " WHERE d.state = 'pending' AND d.channel = ? AND d.next_attempt_ns <= ? AND NOT EXISTS (SELECT 1 FROM delivery e"
                        + " WHERE e.state = 'pending' AND e.channel = d.channel AND e.target = d.target AND e.id < d.id)"
                        + " ORDER BY d.id LIMIT ?")) {
            q.setString(1, channel);
            q.setLong(2, nowNs);
            q.setInt(3, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Delivery d = new Delivery(
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
                    due.add(new PendingDelivery(
                            rs.getLong(1), d, Alert.parseFrom(rs.getBytes(9)), rs.getInt(7), rs.getLong(8)));
                }
            }
            db.commit();
            return due;
        } catch (SQLException | InvalidProtocolBufferException e) {
            rollbackQuietly();
            throw new StateStoreException("cannot read the delivery outbox", e);
        }
    }

    /** The latest transition of every open (not cleared) episode of the patient, oldest episode first. */
    public synchronized List<Alert> openEpisodes(String patientId) {
        List<Alert> open = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT a.body FROM alert a WHERE a.patient_id = ?"
                + " AND a.episode_id <> '' AND a.rowid = (SELECT max(b.rowid) FROM alert b"
                + " WHERE b.patient_id = a.patient_id AND b.episode_id = a.episode_id)"
                + " AND a.transition <> 'ALERT_TRANSITION_CLEARED' ORDER BY a.rowid")) {
            q.setString(1, patientId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    open.add(Alert.parseFrom(rs.getBytes(1)));
                }
            }
            db.commit();
            return open;
        } catch (SQLException | InvalidProtocolBufferException e) {
            rollbackQuietly();
            throw new StateStoreException("cannot read the open episodes of " + patientId, e);
        }
    }

    /**
     * Bounds the tables: finished deliveries older than {@code keepDeliveriesNs}, and alerts older than
     * {@code keepAlertsNs} whose episode is cleared and that no pending delivery needs, are deleted; then,
     * should more than {@code maxAlerts} remain, the oldest of those prunable ones go too.
     *
     * @return rows deleted
     */
    public synchronized int prune(long nowNs, long keepDeliveriesNs, long keepAlertsNs, int maxAlerts) {
        String prunable =
                " NOT EXISTS (SELECT 1 FROM delivery d WHERE d.alert_id = alert.alert_id AND d.state = 'pending')"
                        + " AND (alert.episode_id = '' OR EXISTS (SELECT 1 FROM alert c WHERE c.patient_id = alert.patient_id"
                        + " AND c.episode_id = alert.episode_id AND c.transition = 'ALERT_TRANSITION_CLEARED'))";
        try (PreparedStatement d =
                        db.prepareStatement("DELETE FROM delivery WHERE state <> 'pending' AND created_ns < ?");
                PreparedStatement a = db.prepareStatement("DELETE FROM alert WHERE emitted_ns < ? AND" + prunable);
                PreparedStatement cap =
                        db.prepareStatement("DELETE FROM alert WHERE alert_id IN (SELECT alert_id FROM alert" + " WHERE"
                                + prunable + " ORDER BY emitted_ns LIMIT max(0, (SELECT count(*) FROM alert) - ?))")) {
            d.setLong(1, nowNs - keepDeliveriesNs);
            a.setLong(1, nowNs - keepAlertsNs);
            cap.setInt(1, maxAlerts);
            int n = d.executeUpdate() + a.executeUpdate() + cap.executeUpdate();
            db.commit();
            return n;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new StateStoreException("cannot prune the alert store", e);
        }
    }

    /** Alerts stored. */
    public synchronized long countAlerts() {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM alert")) {
            rs.next();
            long n = rs.getLong(1);
            db.commit();
            return n;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new StateStoreException("cannot count alerts", e);
        }
    }

    /** Converts the JSON states of a store written by an earlier version, in one transaction. */
    private static void migrateJsonStates(Connection c) throws SQLException, IOException {
        try (Statement s = c.createStatement();
                ResultSet t = s.executeQuery(
                        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'patient_state'")) {
            t.next();
            if (t.getInt(1) == 0) {
                c.commit();
                return;
            }
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT patient_id, state_json FROM patient_state");
                PreparedStatement ins =
                        c.prepareStatement("INSERT OR IGNORE INTO alert_state (patient_id, state) VALUES (?, ?)")) {
            while (rs.next()) {
                ins.setString(1, rs.getString(1));
                ins.setBytes(2, StateFormat.encode(StateFormat.decode(rs.getBytes(2), PatientAlertState.class)));
                ins.addBatch();
            }
            ins.executeBatch();
            s.execute("DROP TABLE patient_state");
            c.commit();
        } catch (SQLException | IOException e) {
            c.rollback();
            throw e;
        }
    }

    private static void addColumn(Statement s, String table, String column) throws SQLException {
        try {
            s.execute("ALTER TABLE " + table + " ADD COLUMN " + column);
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("duplicate column")) {
                throw e;
            }
        }
    }

    public synchronized void delivered(long id) {
        update("UPDATE delivery SET state = 'done', attempts = attempts + 1 WHERE id = ?", id, null, 0);
    }

    public synchronized void retryAt(long id, long nextAttemptNs, String error) {
        update(
                "UPDATE delivery SET attempts = attempts + 1, last_error = ?, next_attempt_ns = ? WHERE id = ?",
                id,
                error,
                nextAttemptNs);
    }

    public synchronized void abandoned(long id, String error) {
        update(
                "UPDATE delivery SET state = 'abandoned', attempts = attempts + 1, last_error = ?, next_attempt_ns = ?"
                        + " WHERE id = ?",
                id,
                error,
                0);
    }

    /** What waits in one channel's queue: pending deliveries and the creation time of the oldest (0 if none). */
    public record QueueDepth(long pending, long oldestCreatedNs) {}

    public synchronized QueueDepth queueDepth(String channel) {
        try (PreparedStatement q = db.prepareStatement(
                "SELECT count(*), coalesce(min(created_ns), 0) FROM delivery WHERE state = 'pending' AND channel = ?")) {
            q.setString(1, channel);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                QueueDepth d = new QueueDepth(rs.getLong(1), rs.getLong(2));
                db.commit();
                return d;
            }
        } catch (SQLException e) {
            rollbackQuietly();
            throw new StateStoreException("cannot measure the " + channel + " delivery queue", e);
        }
    }

    /** Deliveries in the given state ('pending', 'done', 'abandoned'). */
    public synchronized long countDeliveries(String state) {
        try (PreparedStatement q = db.prepareStatement("SELECT count(*) FROM delivery WHERE state = ?")) {
            q.setString(1, state);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                long n = rs.getLong(1);
                db.commit();
                return n;
            }
        } catch (SQLException e) {
            rollbackQuietly();
            throw new StateStoreException("cannot count deliveries", e);
        }
    }

    private void update(String sql, long id, String error, long ns) {
        try (PreparedStatement u = db.prepareStatement(sql)) {
            if (error == null) {
                u.setLong(1, id);
            } else {
                u.setString(1, error);
                u.setLong(2, ns);
                u.setLong(3, id);
            }
            u.executeUpdate();
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new StateStoreException("cannot update delivery " + id, e);
        }
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next call reports it
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new StateStoreException("cannot close alert state store", e);
        }
    }
}
