package dev.calor.app.registry;

import dev.calor.app.db.Database;
import dev.calor.app.metrics.AppMetrics;
import dev.calor.proto.CareCircleFiles;
import dev.calor.worker.carecircle.CareCircle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the registry file the broker and the worker reload: the whole registry, checked by the same
 * validator the worker loads it with, written to a temporary file and renamed over the old one so a
 * reader never sees half a file. Exports of all app instances sharing the database are serialised by an
 * advisory lock, so a slower instance can never put an older snapshot over a newer one.
 */
public final class RegistryExporter {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryExporter.class);
    private static final Logger EVENTS = LoggerFactory.getLogger("calor.event.registry-exported");
    private static final long EXPORT_LOCK = 0x43414c4f52L; // "CALOR"

    private final Database db;
    private final Path file;
    private final AppMetrics metrics;
    private volatile long lastVersion = -1;

    public RegistryExporter(Database db, Path file) {
        this(db, file, null);
    }

    /** @param metrics null: not counted (the operator's command line) */
    public RegistryExporter(Database db, Path file, AppMetrics metrics) {
        this.db = db;
        this.file = file;
        this.metrics = metrics;
    }

    public Path file() {
        return file;
    }

    public long lastVersion() {
        return lastVersion;
    }

    /** Exports the current registry. @return the registry version written */
    public long export() {
        long start = System.nanoTime();
        RegistrySnapshot.Versioned snapshot;
        try {
            snapshot = exportSnapshot();
        } catch (RuntimeException e) {
            if (metrics != null) {
                metrics.registryExports.labelValues("failed").inc();
            }
            throw e;
        }
        if (metrics != null) {
            metrics.registryExports.labelValues("written").inc();
            metrics.registryExportSeconds.observe((System.nanoTime() - start) / 1e9);
        }
        lastVersion = snapshot.version();
        EVENTS.info(
                "registry version {} exported to {}: {} patients, {} caregivers",
                snapshot.version(),
                file,
                snapshot.registry().getPatientsCount(),
                snapshot.registry().getCaregiversCount());
        return snapshot.version();
    }

    private RegistrySnapshot.Versioned exportSnapshot() {
        return db.query(c -> {
            // lock first, then take the snapshot, so it is at least as new as any export before it
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + EXPORT_LOCK + ")");
            }
            try {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                RegistrySnapshot.Versioned v = RegistrySnapshot.read(c);
                c.commit();
                CareCircle.of(v.registry(), "registry version " + v.version());
                write(CareCircleFiles.toJson(v.registry()));
                return v;
            } finally {
                c.rollback();
                c.setAutoCommit(true);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock(" + EXPORT_LOCK + ")");
                }
            }
        });
    }

    private void write(String json) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, json, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            LOG.error("cannot write the registry file {}: {}", file, e.getMessage());
            throw new UncheckedIOException(e);
        }
    }
}
