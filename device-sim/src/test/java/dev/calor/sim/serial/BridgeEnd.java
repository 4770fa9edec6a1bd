package dev.calor.sim.serial;

import com.fazecast.jSerialComm.SerialPort;
import dev.calor.contract.serial.Frame;
import dev.calor.contract.serial.FrameCodec;
import dev.calor.contract.serial.FrameDecodeException;
import dev.calor.contract.serial.FrameListener;
import dev.calor.contract.serial.FramePayload;
import dev.calor.contract.serial.FrameStreamDecoder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The test playing bridge on the other end of the pty: decodes every frame the patch sends and can answer. */
final class BridgeEnd implements AutoCloseable {

    private final SerialPort port;
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final List<FrameDecodeException> errors = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean running = true;
    private long counter;

    BridgeEnd(Path path) {
        port = SerialPort.getCommPort(path.toString());
        port.setComPortParameters(115_200, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        if (!port.openPort()) {
            throw new IllegalStateException("cannot open " + path);
        }
        FrameStreamDecoder decoder = new FrameStreamDecoder(new FrameListener() {
            @Override
            public void onFrame(Frame frame) {
                frames.add(frame);
            }

            @Override
            public void onError(FrameDecodeException error) {
                errors.add(error);
            }
        });
        reader = new Thread(
                () -> {
                    byte[] buf = new byte[512];
                    while (running) {
                        int n = port.readBytes(buf, buf.length);
                        if (n < 0) {
                            return;
                        }
                        decoder.feed(buf, 0, n);
                    }
                },
                "bridge-end-reader");
        reader.setDaemon(true);
        reader.start();
    }

    List<Frame> frames() {
        return frames;
    }

    List<FrameDecodeException> errors() {
        return errors;
    }

    void send(FramePayload payload, int bootEpoch) {
        byte[] wire = FrameCodec.encode(Frame.of(payload, ++counter, bootEpoch));
        if (port.writeBytes(wire, wire.length) != wire.length) {
            throw new IllegalStateException("write failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(2_000);
        port.closePort();
    }
}
