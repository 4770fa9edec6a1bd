package dev.calor.app.registry;

import dev.calor.app.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry file in step with PostgreSQL. Every write to a registry table fires a trigger that
 * bumps {@code registry_version} and sends {@code NOTIFY calor_registry} on commit, whichever app
 * instance made it; each instance listens on its own connection and re-exports on a notification. A
 * periodic check of the version covers notifications lost while the connection was down.
 */
public final class RegistryFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryFeed.class);
    private static final int POLL_MILLIS = 500;

    private final Database db;
    private final RegistryExporter exporter;
    private final Duration safetyInterval;
    private final Thread thread;
    private volatile boolean running = true;

    public RegistryFeed(Database db, RegistryExporter exporter, Duration safetyInterval) {
        this.db = db;
        this.exporter = exporter;
        this.safetyInterval = safetyInterval;
        this.thread = new Thread(this::run, "calor-registry-feed");
        this.thread.setDaemon(true);
    }

    /** Exports once (the file exists before the feed returns) and starts listening. */
    public RegistryFeed start() {
        exporter.export();
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            try (Connection c = db.dedicatedConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN calor_registry");
                }
                exportIfBehind();
                listen(c.unwrap(PGConnection.class));
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("registry feed interrupted ({}); reconnecting in 1 s", e.getMessage());
                    pause(1000);
                }
            }
        }
    }

    private void listen(PGConnection pg) throws SQLException {
        long nextSafetyCheck = System.nanoTime() + safetyInterval.toNanos();
        while (running) {
            PGNotification[] notes = pg.getNotifications(POLL_MILLIS);
            if (notes != null && notes.length > 0) {
                exporter.export();
            } else if (System.nanoTime() >= nextSafetyCheck) {
                exportIfBehind();
                nextSafetyCheck = System.nanoTime() + safetyInterval.toNanos();
            }
        }
    }

    private void exportIfBehind() {
        long version = db.query(c -> {
            try (Statement s = c.createStatement();
                    var rs = s.executeQuery("SELECT version FROM registry_version")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        if (version != exporter.lastVersion()) {
            exporter.export();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
