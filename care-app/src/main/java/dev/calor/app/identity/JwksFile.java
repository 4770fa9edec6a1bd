package dev.calor.app.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the public key set to the file the broker verifies caregiver tokens with (RFC 7517), atomically
 * (temp file + rename), whenever it changes; also rotates keys on schedule, so a new key is published
 * well before it signs.
 */
public final class JwksFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JwksFile.class);
    private static final long CHECK_SECONDS = 10;

    private final SigningKeys keys;
    private final Path file;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "calor-jwks");
        t.setDaemon(true);
        return t;
    });
    private volatile String written = "";

    public JwksFile(SigningKeys keys, Path file) {
        this.keys = keys;
        this.file = file;
    }

    public JwksFile start() {
        refresh();
        scheduler.scheduleWithFixedDelay(this::refresh, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    /** Rotates when due and rewrites the file if the key set changed. */
    public void refresh() {
        try {
            keys.signingKey();
            String json = keys.publicKeys().toString();
            if (!json.equals(written)) {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
                Files.writeString(tmp, json, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                written = json;
                LOG.info("key set written to {}", file);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot refresh the key set file {}: {}", file, e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
