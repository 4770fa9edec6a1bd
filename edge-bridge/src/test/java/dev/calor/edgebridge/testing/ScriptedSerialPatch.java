package dev.calor.edgebridge.testing;

import com.fazecast.jSerialComm.SerialPort;
import dev.calor.contract.hts.TemperatureMeasurement;
import dev.calor.contract.hts.TemperatureType;
import dev.calor.contract.hts.TemperatureUnit;
import dev.calor.contract.serial.BodySite;
import dev.calor.contract.serial.Frame;
import dev.calor.contract.serial.FrameCodec;
import dev.calor.contract.serial.FrameDecodeException;
import dev.calor.contract.serial.FrameListener;
import dev.calor.contract.serial.FramePayload;
import dev.calor.contract.serial.FrameStreamDecoder;
import dev.calor.contract.serial.Hello;
import dev.calor.contract.serial.Measurement;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The patch side of a pty, driven step by step by a test: writes exactly the frames (or bytes) the test
 * asks for and records the frames the bridge sends back. For the full patch behaviour use the simulator.
 */
public final class ScriptedSerialPatch implements AutoCloseable {

    private final SerialPort port;
    private final List<Frame> received = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean closed;
    private volatile boolean reading = true;
    private final Object readingGate = new Object();

    public ScriptedSerialPatch(Path patchSide) {
        port = SerialPort.getCommPort(patchSide.toString());
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        if (!port.openPort()) {
            throw new IllegalStateException("cannot open " + patchSide);
        }
        FrameStreamDecoder decoder = new FrameStreamDecoder(new FrameListener() {
            @Override
            public void onFrame(Frame frame) {
                received.add(frame);
            }

            @Override
            public void onError(FrameDecodeException error) {}
        });
        reader = new Thread(
                () -> {
                    byte[] buf = new byte[512];
                    while (!closed) {
                        if (!reading) {
                            awaitReading();
                            continue;
                        }
                        int n = port.readBytes(buf, buf.length);
                        if (n < 0) {
                            return;
                        }
                        decoder.feed(buf, 0, n);
                    }
                },
                "scripted-patch");
        reader.setDaemon(true);
        reader.start();
    }

    public static Hello hello(String deviceId, int intervalSeconds) {
        return new Hello(
                1,
                1,
                Hello.CAP_CLOCK | Hello.CAP_SET_INTERVAL | Hello.CAP_BATTERY | Hello.CAP_STORED_READINGS,
                intervalSeconds,
                1000,
                deviceId,
                "1.2.3");
    }

    public static Measurement measurement(double celsius, LocalDateTime utc) {
        return new Measurement(
                0,
                BodySite.SKIN,
                TemperatureMeasurement.of(celsius, TemperatureUnit.CELSIUS, utc, TemperatureType.BODY_GENERAL));
    }

    public void send(FramePayload payload, long sequence, int bootEpoch) {
        write(FrameCodec.encode(Frame.of(payload, sequence, bootEpoch)));
    }

    public void write(byte[] bytes) {
        int n = port.writeBytes(bytes, bytes.length);
        if (n != bytes.length) {
            throw new IllegalStateException("wrote " + n + " of " + bytes.length + " bytes");
        }
    }

    /** Stops reading from the line, as a patch busy elsewhere: the bridge's writes back up. */
    public void pauseReading() {
        reading = false;
    }

    public void resumeReading() {
        synchronized (readingGate) {
            reading = true;
            readingGate.notifyAll();
        }
    }

    /** Parks the reader until {@link #resumeReading} or {@link #close}. */
    private void awaitReading() {
        synchronized (readingGate) {
            while (!reading && !closed) {
                try {
                    readingGate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Frames the bridge sent, in order. */
    public List<Frame> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        synchronized (readingGate) {
            closed = true;
            readingGate.notifyAll();
        }
        port.closePort();
        try {
            reader.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
