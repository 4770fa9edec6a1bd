package dev.calor.worker.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points InfluxDB refused for good, one JSON object per line (time, reason, line), so an operator can
 * fix and replay them. Each one is also logged on {@code calor.event.point-dead-lettered}.
 */
public final class DeadLetterLog {

    private static final Logger EVENTS = LoggerFactory.getLogger("calor.event.point-dead-lettered");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Clock clock;

    public DeadLetterLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public synchronized void add(String line, String reason) {
        EVENTS.warn("point refused by InfluxDB and dead-lettered to {}: reason={} line={}", file, reason, line);
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("time", clock.instant().toString());
        entry.put("reason", reason);
        entry.put("line", line);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(
                    file,
                    JSON.writeValueAsString(entry) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to dead-letter log " + file, e);
        }
    }

    public Path file() {
        return file;
    }
}
