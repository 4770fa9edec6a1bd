package dev.calor.sim.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One serial device path (a real port or a pty link) opened with jSerialComm at the contract's line settings,
 * 115200 baud 8N1 without flow control. It may vanish and come back: {@link #tryOpen()} is called again.
 */
final class SerialLink {

    static final int BAUD = 115_200;
    private static final int READ_TIMEOUT_MS = 200;
    private static final int WRITE_TIMEOUT_MS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(SerialLink.class);

    private final Path path;
    private volatile SerialPort port;

    SerialLink(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    boolean isOpen() {
        return port != null;
    }

    /** Opens the port if the path exists; true when open. */
    boolean tryOpen() {
        if (port != null) {
            return true;
        }
        if (!Files.exists(path)) {
            return false;
        }
        SerialPort p = SerialPort.getCommPort(path.toString());
        p.setComPortParameters(BAUD, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(
                SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_TIMEOUT_MS,
                WRITE_TIMEOUT_MS);
        if (!p.openPort()) {
            LOG.debug("cannot open {} (error {})", path, p.getLastErrorCode());
            return false;
        }
        port = p;
        return true;
    }

    /**
     * Reads what is available, waiting up to the read timeout.
     *
     * @return bytes read (0 on timeout), or -1 when the port is gone
     */
    int read(byte[] buf) {
        SerialPort p = port;
        if (p == null) {
            return -1;
        }
        int n = p.readBytes(buf, buf.length);
        if (n < 0 || (n == 0 && !Files.exists(path))) {
            return -1;
        }
        return n;
    }

    /** Writes everything or returns false (port gone or write timed out). */
    boolean write(byte[] bytes) {
        SerialPort p = port;
        if (p == null) {
            return false;
        }
        int n = p.writeBytes(bytes, bytes.length);
        return n == bytes.length;
    }

    void close() {
        SerialPort p = port;
        port = null;
        if (p != null) {
            p.closePort();
        }
    }
}
