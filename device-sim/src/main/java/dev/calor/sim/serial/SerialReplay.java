package dev.calor.sim.serial;

import com.fazecast.jSerialComm.SerialPort;
import dev.calor.sim.record.FrameReplayer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Writes recorded chunks onto a serial path with their original spacing ({@code calor sim --replay}). */
public final class SerialReplay {

    /** Kept open after the last byte so the far end reads everything before the line hangs up. */
    private static final Duration LINGER = Duration.ofMillis(500);

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private SerialReplay() {}

    /** @return 0 when every chunk was written, 1 when a write failed, 2 when the port cannot be opened */
    public static int run(List<FrameReplayer.Chunk> chunks, Path serial, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        SerialPort port = SerialPort.getCommPort(serial.toString());
        port.setComPortParameters(SerialLink.BAUD, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setComPortTimeouts(SerialPort.TIMEOUT_WRITE_BLOCKING, 0, 1_000);
        if (!port.openPort()) {
            err.println("cannot open " + serial);
            return 2;
        }
        try {
            long bytes = 0;
            for (FrameReplayer.Chunk chunk : chunks) {
                Thread.sleep(chunk.delay().toMillis());
                if (port.writeBytes(chunk.bytes(), chunk.bytes().length) != chunk.bytes().length) {
                    err.println("write to " + serial + " failed after " + bytes + " bytes");
                    return 1;
                }
                bytes += chunk.bytes().length;
            }
            long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            while (port.bytesAwaitingWrite() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10); // closing the port would discard bytes not yet sent
            }
            Thread.sleep(LINGER.toMillis());
            out.println("replayed " + chunks.size() + " chunks, " + bytes + " bytes to " + serial);
            return 0;
        } finally {
            port.closePort();
        }
    }
}
