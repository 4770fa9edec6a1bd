package dev.calor.sim.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a recording made with {@code --record} and yields its {@code tx} chunks with their delay after the
 * previous one, so the exact bytes a patch sent can be played into a bridge again.
 */
public final class FrameReplayer {

    /** One chunk to write, {@code delay} after the previous one. */
    public record Chunk(Duration delay, byte[] bytes) {}

    private FrameReplayer() {}

    /** @throws IllegalArgumentException naming the first line that is not {@code <instant> tx|rx <hex>} */
    public static List<Chunk> read(Path recording) {
        List<String> lines;
        try {
            lines = Files.readAllLines(recording);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recording " + recording, e);
        }
        List<Chunk> chunks = new ArrayList<>();
        Instant previous = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split(" ");
            try {
                if (parts.length != 3 || !(parts[1].equals("tx") || parts[1].equals("rx"))) {
                    throw new IllegalArgumentException("expected '<instant> tx|rx <hex>'");
                }
                Instant at = Instant.parse(parts[0]);
                byte[] bytes = HexFormat.of().parseHex(parts[2]);
                if (parts[1].equals("tx")) {
                    Duration delay = previous == null ? Duration.ZERO : Duration.between(previous, at);
                    chunks.add(new Chunk(delay.isNegative() ? Duration.ZERO : delay, bytes));
                    previous = at;
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(recording + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return chunks;
    }
}
