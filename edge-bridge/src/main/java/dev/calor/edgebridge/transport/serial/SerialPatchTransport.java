package dev.calor.edgebridge.transport.serial;

import com.fazecast.jSerialComm.SerialPort;
import dev.calor.contract.serial.Ack;
import dev.calor.contract.serial.Battery;
import dev.calor.contract.serial.Frame;
import dev.calor.contract.serial.FrameCodec;
import dev.calor.contract.serial.FrameDecodeException;
import dev.calor.contract.serial.FrameListener;
import dev.calor.contract.serial.FramePayload;
import dev.calor.contract.serial.FrameStreamDecoder;
import dev.calor.contract.serial.Hello;
import dev.calor.contract.serial.ProtocolVersion;
import dev.calor.contract.serial.SetInterval;
import dev.calor.contract.serial.Status;
import dev.calor.contract.serial.TimeSet;
import dev.calor.edgebridge.transport.LinkState;
import dev.calor.edgebridge.transport.PatchHello;
import dev.calor.edgebridge.transport.PatchListener;
import dev.calor.edgebridge.transport.PatchTransport;
import dev.calor.edgebridge.transport.RejectReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A patch on a serial port (USB CDC, UART, or a pty), speaking the Calor serial contract.
 *
 * <p>One reader thread opens the port and answers every HELLO with TIME_SET (when the patch has a clock) and
 * SET_INTERVAL (when configured and different). It hands every MEASUREMENT, BATTERY and STATUS to the
 * listener. Readings that arrive before any HELLO on this connection (the bridge was restarted while the
 * patch stayed connected; a patch repeats HELLO only while it has heard no bridge at all) are accepted for
 * the configured device: the port is bound to that patch in the configuration. A HELLO that names another
 * device stops everything from the port until the right patch says hello. Corrupted frames are reported and
 * dropped. When the port vanishes (USB unplug) the thread closes it and reopens the same path
 * with backoff until it returns.
 */
public final class SerialPatchTransport implements PatchTransport {

    private static final Logger LOG = LoggerFactory.getLogger(SerialPatchTransport.class);
    private static final int READ_TIMEOUT_MS = 200;
    private static final int WRITE_TIMEOUT_MS = 1_000;

    private final SerialSettings settings;
    private final Clock clock;
    private final BooleanSupplier clockTrusted;
    private final RandomGenerator random;
    private final Object lock = new Object();
    private final Object writeLock = new Object();
    private final AckWriter acks;

    private volatile PatchListener listener;
    private volatile LinkState linkState = LinkState.CONNECTING;
    private volatile SerialPort port;
    private volatile boolean closed;
    private volatile int patchBootEpoch;
    private volatile boolean identified;
    private volatile boolean wrongPatch;
    private boolean warnedUnannounced;
    private int intervalAskedInEpoch = -1;
    private boolean warnedInterval;
    private Thread reader;
    private long bridgeFrames;

    public SerialPatchTransport(SerialSettings settings, Clock clock) {
        this(settings, clock, () -> true);
    }

    /** @param clockTrusted whether the bridge's clock may set the patch's (TIME_SET is sent only then) */
    public SerialPatchTransport(SerialSettings settings, Clock clock, BooleanSupplier clockTrusted) {
        this(settings, clock, clockTrusted, new SplittableRandom());
    }

    public SerialPatchTransport(
            SerialSettings settings, Clock clock, BooleanSupplier clockTrusted, RandomGenerator random) {
        this.settings = settings;
        this.clock = clock;
        this.clockTrusted = clockTrusted;
        this.random = random;
        this.acks = new AckWriter(settings.deviceId(), (epoch, sequence) -> {
            if (!wrongPatch) {
                send(new Ack(sequence, epoch), epoch);
            }
        });
    }

    @Override
    public String deviceId() {
        return settings.deviceId();
    }

    @Override
    public String kind() {
        return "serial";
    }

    @Override
    public LinkState linkState() {
        return linkState;
    }

    @Override
    public void start(PatchListener patchListener) {
        synchronized (lock) {
            if (reader != null) {
                throw new IllegalStateException("serial transport of " + deviceId() + " already started");
            }
            this.listener = patchListener;
            reader = new Thread(this::run, "calor-serial-" + deviceId());
            reader.setDaemon(true);
            reader.start();
        }
    }

    @Override
    public void acknowledge(long bootEpoch, long sequence) {
        if (wrongPatch) {
            return;
        }
        acks.acknowledge((int) bootEpoch, sequence);
    }

    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
            t = reader;
        }
        if (t != null) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        acks.close();
        setLink(LinkState.CLOSED, "transport closed");
    }

    private void run() {
        int attempt = 0;
        boolean everOpened = false;
        while (!closed) {
            SerialPort opened = open();
            if (opened == null) {
                if (everOpened && linkState != LinkState.DISCONNECTED) {
                    setLink(LinkState.DISCONNECTED, "port " + settings.port() + " is gone");
                }
                pause(settings.reconnect().delay(attempt++, random));
                continue;
            }
            everOpened = true;
            attempt = 0;
            String why;
            try {
                why = readUntilGone(opened);
            } catch (RuntimeException e) {
                LOG.error("serial reader of {} failed; reopening {}", deviceId(), settings.port(), e);
                why = "reader failed: " + e;
            }
            closePort(opened);
            if (!closed) {
                setLink(LinkState.DISCONNECTED, why);
            }
        }
    }

    private SerialPort open() {
        Path path = settings.port();
        if (!Files.exists(path)) {
            return null;
        }
        SerialPort candidate = SerialPort.getCommPort(path.toString());
        candidate.setComPortParameters(
                settings.baudRate(), settings.dataBits(), stopBits(settings.stopBits()), parity(settings.parity()));
        candidate.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        candidate.setComPortTimeouts(
                SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_TIMEOUT_MS,
                WRITE_TIMEOUT_MS);
        if (!candidate.openPort()) {
            LOG.debug("cannot open {} (error {})", path, candidate.getLastErrorCode());
            return null;
        }
        identified = false;
        wrongPatch = false;
        warnedUnannounced = false;
        intervalAskedInEpoch = -1;
        warnedInterval = false;
        port = candidate;
        setLink(LinkState.CONNECTING, "port " + path + " open, waiting for HELLO");
        return candidate;
    }

    /** Reads until the port fails or vanishes, or the transport closes; returns why it stopped. */
    private String readUntilGone(SerialPort opened) {
        FrameStreamDecoder decoder = new FrameStreamDecoder(new FrameListener() {
            @Override
            public void onFrame(Frame frame) {
                try {
                    handle(frame);
                } catch (RuntimeException e) {
                    LOG.error("frame {} from {} could not be handled; dropped", frame.type(), deviceId(), e);
                    reject(RejectReason.MALFORMED, "frame could not be handled: " + e);
                }
            }

            @Override
            public void onError(FrameDecodeException error) {
                reject(SerialFrames.reasonOf(error.reason()), error.getMessage());
            }
        });
        byte[] buf = new byte[1024];
        Object identity = fileKey();
        while (!closed) {
            int n = opened.readBytes(buf, buf.length);
            if (n < 0) {
                return "read failed on " + settings.port() + " (error " + opened.getLastErrorCode() + ")";
            }
            if (n > 0) {
                decoder.feed(buf, 0, n);
            } else if (!Files.exists(settings.port()) || !java.util.Objects.equals(identity, fileKey())) {
                return "port " + settings.port() + " vanished";
            }
        }
        return "transport closed";
    }

    private void handle(Frame frame) {
        FramePayload payload = frame.decodePayload();
        if (payload instanceof Hello hello) {
            onHello(frame, hello);
        } else if (wrongPatch) {
            reject(RejectReason.INVALID, frame.type() + " from a patch that is not " + deviceId());
        } else if (payload instanceof dev.calor.contract.serial.Measurement m) {
            if (!identified && !warnedUnannounced) {
                warnedUnannounced = true;
                LOG.warn(
                        "readings on {} before any HELLO; taking them as {} (the port is configured for it)",
                        settings.port(),
                        deviceId());
            }
            patchBootEpoch = frame.bootEpoch();
            listener.onMeasurement(SerialFrames.measurement(deviceId(), frame, m));
        } else if (payload instanceof Battery battery) {
            listener.onBattery(deviceId(), battery.percent());
        } else if (payload instanceof Status status) {
            listener.onFaultStatus(deviceId(), status.faults());
            // header sequence = newest reading taken in this epoch; the patch holds `unacknowledged` readings
            long firstHeld = frame.sequence() - status.unacknowledged() + 1;
            if (frame.sequence() != 0 && firstHeld >= 1) {
                listener.onStoreStart(deviceId(), frame.bootEpoch(), firstHeld);
            }
        } else {
            reject(RejectReason.UNSUPPORTED, frame.type() + " is a bridge frame; a patch must not send it");
        }
    }

    private void onHello(Frame frame, Hello hello) {
        if (!hello.deviceId().equals(deviceId())) {
            identified = false;
            wrongPatch = true;
            reject(
                    RejectReason.INVALID,
                    "HELLO from '" + hello.deviceId() + "' on the port configured for '" + deviceId() + "'");
            return;
        }
        int version = ProtocolVersion.negotiate(hello.minVersion(), hello.maxVersion());
        if (version < 0) {
            identified = false;
            reject(RejectReason.UNSUPPORTED, "patch speaks protocol " + hello.minVersion() + ".." + hello.maxVersion());
            return;
        }
        patchBootEpoch = frame.bootEpoch();
        identified = true;
        wrongPatch = false;
        listener.onHello(new PatchHello(
                hello.deviceId(), hello.firmwareVersion(), frame.bootEpoch(), version, hello.sampleIntervalS()));
        if ((hello.capabilities() & Hello.CAP_CLOCK) != 0) {
            if (clockTrusted.getAsBoolean()) {
                send(TimeSet.of(clock.instant()), frame.bootEpoch());
            } else {
                LOG.warn("not setting the clock of {}: the bridge clock is not known to be synchronised", deviceId());
            }
        }
        if (settings.sampleInterval().isPresent()
                && settings.sampleInterval().getAsInt() != hello.sampleIntervalS()
                && (hello.capabilities() & Hello.CAP_SET_INTERVAL) != 0) {
            if (intervalAskedInEpoch != frame.bootEpoch()) {
                intervalAskedInEpoch = frame.bootEpoch();
                send(new SetInterval(settings.sampleInterval().getAsInt()), frame.bootEpoch());
            } else if (!warnedInterval) {
                // The patch answered SET_INTERVAL with another interval (it clamps it): asking again at
                // every HELLO would loop (each SET_INTERVAL is answered with a HELLO).
                warnedInterval = true;
                LOG.warn(
                        "patch {} keeps a sample interval of {} s instead of the configured {} s; not asking again"
                                + " until it reboots or the port reopens",
                        deviceId(),
                        hello.sampleIntervalS(),
                        settings.sampleInterval().getAsInt());
            }
        }
        if (linkState != LinkState.ONLINE) {
            setLink(LinkState.ONLINE, "HELLO from " + hello.deviceId() + " firmware " + hello.firmwareVersion());
        }
    }

    private void send(FramePayload payload, int bootEpoch) {
        SerialPort p = port;
        if (p == null) {
            return;
        }
        synchronized (writeLock) {
            byte[] bytes = FrameCodec.encode(Frame.of(payload, ++bridgeFrames & Frame.SEQUENCE_MAX, bootEpoch));
            int written = p.writeBytes(bytes, bytes.length);
            if (written != bytes.length) {
                LOG.debug(
                        "short write of {} to {}: {} of {} bytes",
                        payload.type(),
                        settings.port(),
                        written,
                        bytes.length);
            }
        }
    }

    private void reject(RejectReason reason, String detail) {
        listener.onFrameRejected(deviceId(), reason, detail);
    }

    private void setLink(LinkState state, String detail) {
        linkState = state;
        PatchListener l = listener;
        if (l != null) {
            l.onLinkState(deviceId(), state, detail);
        }
    }

    private void closePort(SerialPort opened) {
        synchronized (writeLock) {
            port = null;
            identified = false;
            wrongPatch = false;
            opened.closePort();
        }
    }

    /** The identity of the file behind the configured path, so a replugged device on the same link is noticed. */
    private Object fileKey() {
        try {
            return Files.readAttributes(settings.port(), java.nio.file.attribute.BasicFileAttributes.class)
                    .fileKey();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private void pause(Duration delay) {
        synchronized (lock) {
            if (!closed) {
                try {
                    lock.wait(Math.max(1, delay.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
        }
    }

    private static int stopBits(int bits) {
        return bits == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
    }

    private static int parity(SerialSettings.Parity parity) {
        return switch (parity) {
            case NONE -> SerialPort.NO_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
        };
    }
}
