package dev.calor.broker.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A bounded, durable folder of dead letters, one JSON file per letter named {@code <millis>-<seq>.json}
 * (so names sort by time), written atomically (temp file + rename). Bounded by total size (the oldest go
 * first) and by age. Letters asked to be re-injected are moved to {@code reinject/}, where the running
 * broker picks them up ({@link #takeReinjections}).
 */
public final class DeadLetterStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final long maxBytes;
    private final Duration maxAge;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    public DeadLetterStore(Path dir, long maxBytes, Duration maxAge, Clock clock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.maxAge = maxAge;
        this.clock = clock;
        try {
            Files.createDirectories(dir.resolve("reinject"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the dead-letter store " + dir, e);
        }
    }

    /** Keeps a letter; returns its id. Prunes to the bounds afterwards. */
    public synchronized String add(DeadLetter letter) {
        String id = clock.millis() + "-" + String.format("%06d", sequence.incrementAndGet() % 1_000_000);
        write(dir.resolve(id + SUFFIX), letter.withId(id));
        prune();
        return id;
    }

    /** Every letter, oldest first. */
    public synchronized List<DeadLetter> list() {
        List<DeadLetter> letters = new ArrayList<>();
        for (Path f : files(dir)) {
            read(f).ifPresent(letters::add);
        }
        return letters;
    }

    /** Moves the letters to the re-injection folder; returns the ids that were found. */
    public synchronized List<String> requestReinjection(List<String> ids) {
        List<String> moved = new ArrayList<>();
        for (String id : ids) {
            Path f = dir.resolve(id + SUFFIX);
            if (Files.exists(f)) {
                try {
                    Files.move(f, dir.resolve("reinject").resolve(id + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
                    moved.add(id);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot move dead letter " + id, e);
                }
            }
        }
        return moved;
    }

    /** Removes and returns the letters waiting for re-injection. */
    public synchronized List<DeadLetter> takeReinjections() {
        List<DeadLetter> letters = new ArrayList<>();
        for (Path f : files(dir.resolve("reinject"))) {
            Optional<DeadLetter> letter = read(f);
            if (letter.isEmpty()) {
                continue; // unreadable: left where it is for an operator to look at
            }
            letters.add(letter.get());
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + f, e);
            }
        }
        return letters;
    }

    /** Removes letters beyond the age bound, then the oldest until the size bound holds. */
    public synchronized void prune() {
        Instant oldest = clock.instant().minus(maxAge);
        List<Path> files = files(dir);
        long total = 0;
        for (Path f : files) {
            total += size(f);
        }
        for (Path f : files) {
            boolean tooOld = millisOf(f) < oldest.toEpochMilli();
            if (!tooOld && total <= maxBytes) {
                break;
            }
            total -= size(f);
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + f, e);
            }
        }
    }

    private static List<Path> files(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static long millisOf(Path f) {
        String name = f.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.indexOf('-')));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    private void write(Path file, DeadLetter l) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", l.id());
        n.put("device-id", l.deviceId());
        n.put("client-id", l.clientId());
        n.put("topic", l.topic());
        n.put("reason", l.reason());
        n.put("detail", l.detail());
        n.put("received-at", l.receivedAt().toString());
        n.put("payload-bytes", l.payloadBytes());
        n.put("truncated", l.truncated());
        n.put("payload", Base64.getEncoder().encodeToString(l.payload()));
        try {
            Path tmp = Files.createTempFile(dir, ".letter", ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(n));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write dead letter " + file, e);
        }
    }

    private static Optional<DeadLetter> read(Path file) {
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(file));
            return Optional.of(new DeadLetter(
                    n.path("id").asText(),
                    n.path("device-id").asText(),
                    n.path("client-id").asText(),
                    n.path("topic").asText(),
                    n.path("reason").asText(),
                    n.path("detail").asText(),
                    Instant.parse(n.path("received-at").asText()),
                    n.path("payload-bytes").asInt(),
                    n.path("truncated").asBoolean(),
                    Base64.getDecoder().decode(n.path("payload").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
