package dev.calor.worker.carecircle;

import dev.calor.proto.CareCircleFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current care circle and reloads the file when its modification time or size changes. An
 * invalid new version is refused with every problem logged, and the last good one stays in force.
 */
public final class CareCircleWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CareCircleWatcher.class);
    private static final Logger EVENTS = LoggerFactory.getLogger("calor.event.care-circle-reloaded");

    private final Path file;
    private final AtomicReference<CareCircle> current = new AtomicReference<>();
    private volatile Stamp stamp;
    private volatile int rejectedReloads;

    private CareCircleWatcher(Path file, CareCircle first, Stamp stamp) {
        this.file = file;
        this.current.set(first);
        this.stamp = stamp;
    }

    /** Loads the file; an invalid file fails the start. */
    public static CareCircleWatcher load(Path file) {
        Stamp stamp = Stamp.of(file);
        return new CareCircleWatcher(file, read(file), stamp);
    }

    public CareCircle current() {
        return current.get();
    }

    public int rejectedReloads() {
        return rejectedReloads;
    }

    /** Reloads when the file changed. @return whether a new version was taken */
    public boolean checkForChange() {
        Stamp now = Stamp.of(file);
        if (Objects.equals(now, stamp)) {
            return false;
        }
        stamp = now;
        try {
            CareCircle next = read(file);
            current.set(next);
            EVENTS.info(
                    "care circle reloaded from {}: {} patients",
                    file,
                    next.patients().size());
            return true;
        } catch (RuntimeException e) {
            rejectedReloads++;
            LOG.error("care circle {} changed but is invalid; keeping the previous version: {}", file, e.getMessage());
            return false;
        }
    }

    private static CareCircle read(Path file) {
        try {
            return CareCircle.of(CareCircleFiles.read(file), file.toString());
        } catch (CareCircleException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CareCircleException(file.toString(), java.util.List.of(String.valueOf(e.getMessage())));
        }
    }

    private record Stamp(FileTime modified, long size) {
        static Stamp of(Path file) {
            try {
                return new Stamp(Files.getLastModifiedTime(file), Files.size(file));
            } catch (IOException e) {
                return new Stamp(FileTime.fromMillis(0), -1);
            }
        }
    }
}
