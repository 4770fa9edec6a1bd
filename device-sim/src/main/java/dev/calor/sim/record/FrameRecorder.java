package dev.calor.sim.record;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Keeps every byte chunk written to (tx) or read from (rx) the line, one line each:
 * {@code <ISO-8601 UTC time> tx|rx <hex>}. A tx line is exactly what went on the wire (after injected faults),
 * so a recording can be replayed into a bridge for a bug report.
 */
public final class FrameRecorder implements AutoCloseable {

    private final BufferedWriter out;
    private final Clock clock;
    private final HexFormat hex = HexFormat.of();

    public FrameRecorder(Path file, Clock clock) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            this.out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write recording " + file, e);
        }
        this.clock = clock;
    }

    public synchronized void sent(byte[] bytes) {
        line("tx", bytes);
    }

    public synchronized void received(byte[] bytes) {
        line("rx", bytes);
    }

    private void line(String direction, byte[] bytes) {
        try {
            out.write(clock.instant() + " " + direction + " " + hex.formatHex(bytes));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write recording", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
