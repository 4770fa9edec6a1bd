package dev.calor.edgebridge.buffer;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the buffer can take readings now: its last write succeeded and its file system has at least
 * {@code min-free-space} left. The bridge is not ready ({@code /health} 503) otherwise: a patch whose
 * readings cannot be stored is not acknowledged and soon runs out of its own store.
 */
public final class BufferHealth {

    /** @param problem why the buffer is not writable; empty when it is */
    public record State(long freeBytes, Optional<String> problem) {
        public boolean writable() {
            return problem.isEmpty();
        }
    }

    private final ReadingBuffer buffer;
    private final Path directory;

    public BufferHealth(ReadingBuffer buffer) {
        this.buffer = buffer;
        Path file = buffer.settings().file().toAbsolutePath();
        this.directory = file.getParent() == null ? file : file.getParent();
    }

    public State state() {
        long free;
        try {
            FileStore store = Files.getFileStore(directory);
            free = store.getUsableSpace();
        } catch (IOException e) {
            return new State(-1, Optional.of("cannot read free space of " + directory + ": " + e.getMessage()));
        }
        Optional<String> failure = buffer.writeFailure().map(f -> "last write failed: " + f);
        if (failure.isPresent()) {
            return new State(free, failure);
        }
        long min = buffer.settings().minFreeBytes();
        if (free < min) {
            return new State(
                    free,
                    Optional.of("only " + free + " bytes free on " + directory + " (min-free-space " + min + ")"));
        }
        return new State(free, Optional.empty());
    }
}
