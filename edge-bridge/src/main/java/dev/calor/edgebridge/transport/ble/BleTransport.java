package dev.calor.edgebridge.transport.ble;

import dev.calor.contract.ContractException;
import dev.calor.contract.gatt.ControlPointCommand;
import dev.calor.contract.gatt.GattUuids;
import dev.calor.contract.gatt.SimpleValues;
import dev.calor.edgebridge.transport.LinkState;
import dev.calor.edgebridge.transport.Measurement;
import dev.calor.edgebridge.transport.PatchHello;
import dev.calor.edgebridge.transport.PatchListener;
import dev.calor.edgebridge.transport.PatchTransport;
import dev.calor.edgebridge.transport.RejectReason;
import dev.calor.proto.v1.MeasurementSite;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A patch over BLE through BlueZ's D-Bus API ({@code org.bluez}).
 *
 * <p>Connecting: find the device object by address or name (starting discovery when BlueZ does not know
 * it), {@code Device1.Connect}, wait for {@code ServicesResolved}, read Device Information (the serial number
 * must be the configured device id), Temperature Type, Store Status and Battery Level, write the configured
 * Measurement Interval, subscribe to Battery Level and to the Calor Stored Record (or, for a plain Health
 * Thermometer, to Temperature Measurement 0x2A1C), then write TRANSFER so the patch sends what it stored while
 * out of range. Each record is reported to the listener; {@link #acknowledge} writes a cumulative ACKNOWLEDGE to
 * the Record Control Point so the patch frees its flash.
 *
 * <p>Faults: link loss ({@code Connected} false) and any failed step reconnect with backoff; the device object
 * disappearing ({@code InterfacesRemoved}) restarts discovery; a new owner of {@code org.bluez} (bluetoothd
 * restarted) re-resolves every object path.
 *
 * <p>Threading: every D-Bus call, every state change and every listener callback runs on one thread per
 * transport; D-Bus signals are re-posted to it.
 */
public final class BleTransport implements PatchTransport, BluezSession.Signals {

    private static final Logger LOG = LoggerFactory.getLogger(BleTransport.class);
    private static final Logger LINK_EVENTS = LoggerFactory.getLogger("calor.event.patch-link");
    private static final Duration REDISCOVER_DELAY = Duration.ofMillis(50);
    private static final Duration BUS_CHECK = Duration.ofSeconds(1);

    private final BleTransportSettings settings;
    private final String busAddress;
    private final ScheduledExecutorService thread;
    private final RandomGenerator random;
    private final Clock clock;
    private final BleReadingDecoder decoder;
    private final AtomicReference<Ack> pendingAck = new AtomicReference<>();
    private final AtomicBoolean ackQueued = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();

    // confined to `thread`
    private PatchListener listener;
    private BluezSession session;
    private String devicePath;
    private Map<String, String> characteristics = Map.of();
    private boolean streamingRecords;
    private boolean awaitingServices;
    private boolean discovering;
    private MeasurementSite defaultSite = MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED;
    private long lastStandardSequence;
    private int attempt;
    private long servicesWait;
    private ScheduledFuture<?> nextAttempt;
    private volatile LinkState state = LinkState.CONNECTING;
    private volatile boolean closed;

    /**
     * @param env the process environment, for {@code DBUS_SYSTEM_BUS_ADDRESS}
     * @param thread a single-threaded scheduler the transport owns from now on (shut down by {@link #close})
     */
    public BleTransport(
            BleTransportSettings settings,
            Map<String, String> env,
            ScheduledExecutorService thread,
            RandomGenerator random,
            Clock clock) {
        this.settings = settings;
        this.busAddress = settings.resolveBusAddress(env);
        this.thread = thread;
        this.random = random;
        this.clock = clock;
        this.decoder = new BleReadingDecoder(settings.deviceId());
    }

    /** A transport with its own thread, the process environment, and the system clock. */
    public static BleTransport create(BleTransportSettings settings) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "calor-ble-" + settings.deviceId());
            t.setDaemon(true);
            return t;
        });
        return new BleTransport(settings, System.getenv(), thread, RandomGenerator.getDefault(), Clock.systemUTC());
    }

    @Override
    public String deviceId() {
        return settings.deviceId();
    }

    @Override
    public String kind() {
        return "ble";
    }

    @Override
    public LinkState linkState() {
        return state;
    }

    @Override
    public void start(PatchListener patchListener) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("BLE transport for " + settings.deviceId() + " already started");
        }
        thread.execute(() -> {
            listener = patchListener;
            LOG.info("BLE transport for {} starts: patch {}, bus {}", deviceId(), settings.target(), busAddress);
            connect();
        });
        // dbus-java does not always report a broken connection (it may see the socket closed first)
        thread.scheduleWithFixedDelay(
                this::checkBus, BUS_CHECK.toMillis(), BUS_CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void acknowledge(long bootEpoch, long sequence) {
        pendingAck.accumulateAndGet(new Ack(bootEpoch, sequence), Ack::later);
        if (ackQueued.compareAndSet(false, true)) {
            post(this::flushAck);
        }
    }

    @Override
    public void requestResend(long bootEpoch, long fromSequence) {
        post(() -> {
            if (closed || state != LinkState.ONLINE || !streamingRecords) {
                return;
            }
            try {
                LOG.info(
                        "patch {}: readings from seq {} of boot epoch {} missing; asking for a TRANSFER",
                        deviceId(),
                        fromSequence,
                        bootEpoch);
                session.write(
                        characteristics.get(GattUuids.RECORD_CONTROL_POINT),
                        new ControlPointCommand.Transfer().encode());
            } catch (DBusException | DBusExecutionException e) {
                LOG.info(
                        "patch {}: TRANSFER not written ({}); the gap time-out still applies",
                        deviceId(),
                        e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            thread.submit(this::shutdownLink).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("BLE transport for {} did not shut down cleanly: {}", deviceId(), e.toString());
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state = LinkState.CLOSED;
    }

    // ---- D-Bus signals (dbus-java threads) ----

    @Override
    public void propertiesChanged(String path, String iface, Map<String, Variant<?>> changed) {
        post(() -> onPropertiesChanged(path, iface, changed));
    }

    @Override
    public void interfacesAdded(String path, List<String> interfaces) {
        if (GattLayout.namesDevice(interfaces)) {
            post(() -> {
                if (devicePath == null && state != LinkState.ONLINE) {
                    LOG.debug("{}: a device appeared at {}, looking again", deviceId(), path);
                    retryIn(REDISCOVER_DELAY);
                }
            });
        }
    }

    @Override
    public void interfacesRemoved(String path, List<String> interfaces) {
        if (GattLayout.namesDevice(interfaces)) {
            post(() -> {
                if (path.equals(devicePath)) {
                    linkDown("device object removed by BlueZ");
                    devicePath = null;
                    retryIn(REDISCOVER_DELAY);
                }
            });
        }
    }

    @Override
    public void bluezOwnerChanged(String oldOwner, String newOwner) {
        post(() -> {
            devicePath = null;
            discovering = false;
            if (newOwner == null || newOwner.isEmpty()) {
                // no retry: bluetoothd's return (a new owner) retries at once; a dying bus reports busLost
                linkDown("bluetoothd left the bus");
            } else {
                linkDown("bluetoothd restarted (org.bluez now owned by " + newOwner + ")");
                attempt = 0;
                retryIn(REDISCOVER_DELAY);
            }
        });
    }

    @Override
    public void busLost(String reason) {
        post(() -> onBusLost(reason));
    }

    private void checkBus() {
        try {
            if (!closed && session != null && !session.connected()) {
                onBusLost("connection closed");
            }
        } catch (RuntimeException e) {
            LOG.warn("patch {}: bus check failed", deviceId(), e);
        }
    }

    private void onBusLost(String reason) {
        if (session == null) {
            return; // already handled
        }
        session.abandon();
        session = null;
        devicePath = null;
        discovering = false;
        if (linkDown("D-Bus connection lost: " + reason)) {
            scheduleRetry("D-Bus connection lost");
        } else {
            retryIn(settings.reconnect().delay(attempt++, random));
        }
    }

    // ---- state machine (transport thread) ----

    private void connect() {
        nextAttempt = null;
        if (closed || state == LinkState.ONLINE || awaitingServices) {
            return;
        }
        try {
            if (session == null || !session.connected()) {
                closeSession();
                session = BluezSession.open(busAddress, this);
            }
            GattLayout layout = new GattLayout(session.managedObjects());
            Optional<String> device = layout.findDevice(settings.adapterPath(), settings.address(), settings.name());
            if (device.isEmpty()) {
                devicePath = null;
                discover();
                scheduleRetry("patch " + settings.target() + " not known to BlueZ; discovering");
                return;
            }
            devicePath = device.get();
            if (!layout.deviceFlag(devicePath, "Connected")) {
                session.connect(devicePath);
                layout = new GattLayout(session.managedObjects());
            }
            if (layout.deviceFlag(devicePath, "ServicesResolved")) {
                setUp();
            } else {
                awaitingServices = true;
                long generation = ++servicesWait;
                thread.schedule(
                        () -> servicesTimeout(generation),
                        settings.servicesResolvedTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        } catch (DBusException | DBusExecutionException e) {
            failed("connecting to " + settings.target() + " failed: " + e.getMessage());
        }
    }

    /** Fires for one wait only: a later connection attempt has its own. */
    private void servicesTimeout(long generation) {
        if (awaitingServices && generation == servicesWait) {
            awaitingServices = false;
            failed("services of " + settings.target() + " not resolved within " + settings.servicesResolvedTimeout());
        }
    }

    private void setUp() {
        awaitingServices = false;
        try {
            PatchSetUp.Result patch = PatchSetUp.run(session, devicePath, settings);
            characteristics = patch.characteristics();
            streamingRecords = patch.streamingRecords();
            defaultSite = patch.defaultSite();
            deliver(() -> listener.onHello(
                    new PatchHello(deviceId(), patch.firmware(), patch.bootEpoch(), 0, patch.intervalSeconds())));
            patch.batteryPercent().ifPresent(p -> deliver(() -> listener.onBattery(deviceId(), p)));
            if (patch.firstHeld() >= 1) {
                deliver(() -> listener.onStoreStart(deviceId(), patch.bootEpoch(), patch.firstHeld()));
            }
            stopDiscovery();
            attempt = 0;
            state = LinkState.ONLINE;
            LINK_EVENTS.info(
                    "patch {} online over BLE ({}{})",
                    deviceId(),
                    devicePath,
                    streamingRecords ? ", stored-reading service" : ", plain Health Thermometer");
            deliver(() -> listener.onLinkState(deviceId(), LinkState.ONLINE, "connected to " + settings.target()));
            if (streamingRecords) {
                session.write(
                        characteristics.get(GattUuids.RECORD_CONTROL_POINT),
                        new ControlPointCommand.Transfer().encode());
            }
        } catch (PatchSetUp.Refused e) {
            reject(e.reason(), e.getMessage());
            disconnectQuietly();
            failed("refused patch at " + settings.target());
        } catch (DBusException | DBusExecutionException e) {
            failed("setting up " + settings.target() + " failed: " + e.getMessage());
        } catch (ContractException e) {
            reject(RejectReason.MALFORMED, "while setting up " + settings.target() + ": " + e.getMessage());
            disconnectQuietly();
            failed("malformed value from " + settings.target());
        }
    }

    private void onPropertiesChanged(String path, String iface, Map<String, Variant<?>> changed) {
        if (closed || devicePath == null) {
            return;
        }
        if (path.equals(devicePath) && GattLayout.DEVICE.equals(iface)) {
            Variant<?> connected = changed.get("Connected");
            if (connected != null && Boolean.FALSE.equals(connected.getValue())) {
                awaitingServices = false;
                if (linkDown("link lost")) {
                    scheduleRetry("link to " + settings.target() + " lost");
                }
            }
            Variant<?> resolved = changed.get("ServicesResolved");
            if (resolved != null && Boolean.TRUE.equals(resolved.getValue()) && awaitingServices) {
                setUp();
            }
            Variant<?> rssi = changed.get("RSSI");
            if (rssi != null && rssi.getValue() instanceof Number n && state == LinkState.ONLINE) {
                deliver(() -> listener.onSignalStrength(deviceId(), n.intValue()));
            }
            return;
        }
        Variant<?> value = changed.get("Value");
        if (value == null || state != LinkState.ONLINE) {
            return;
        }
        if (path.equals(characteristics.get(GattUuids.STORED_RECORD)) && streamingRecords) {
            measurement(() -> decoder.storedRecord(BluezSession.bytes(value.getValue()), defaultSite));
        } else if (path.equals(characteristics.get(GattUuids.TEMPERATURE_MEASUREMENT)) && !streamingRecords) {
            long fallback = Math.max(clock.instant().getEpochSecond(), lastStandardSequence + 1);
            measurement(() -> decoder.standardIndication(BluezSession.bytes(value.getValue()), defaultSite, fallback));
        } else if (path.equals(characteristics.get(GattUuids.BATTERY_LEVEL))) {
            try {
                int percent = SimpleValues.decodeBatteryLevel(BluezSession.bytes(value.getValue()));
                deliver(() -> listener.onBattery(deviceId(), percent));
            } catch (ContractException e) {
                reject(RejectReason.MALFORMED, "battery level: " + e.getMessage());
            }
        }
    }

    private void measurement(MeasurementDecoding decoding) {
        Measurement m;
        try {
            m = decoding.decode();
        } catch (ContractException | IllegalArgumentException e) {
            reject(RejectReason.MALFORMED, e.getMessage());
            return;
        }
        if (!streamingRecords) {
            lastStandardSequence = m.sequence();
        }
        deliver(() -> listener.onMeasurement(m));
    }

    private void flushAck() {
        ackQueued.set(false);
        Ack ack = pendingAck.getAndSet(null);
        if (ack == null || closed) {
            return;
        }
        if (state != LinkState.ONLINE || !streamingRecords) {
            LOG.debug("patch {}: acknowledgement {} dropped, link not streaming records", deviceId(), ack);
            return;
        }
        try {
            ControlPointCommand command =
                    new ControlPointCommand.Acknowledge((int) (ack.epoch() & 0xFFFF), ack.sequence());
            session.write(characteristics.get(GattUuids.RECORD_CONTROL_POINT), command.encode());
        } catch (DBusException | DBusExecutionException e) {
            LOG.info(
                    "patch {}: acknowledgement {} not written ({}); the patch will resend",
                    deviceId(),
                    ack,
                    e.getMessage());
        }
    }

    private void discover() {
        if (discovering || session == null) {
            return;
        }
        try {
            session.startDiscovery(settings.adapterPath());
            discovering = true;
            LOG.info("patch {}: discovery started on {}", deviceId(), settings.adapter());
        } catch (DBusException | DBusExecutionException e) {
            LOG.info("patch {}: discovery on {} not started: {}", deviceId(), settings.adapter(), e.getMessage());
        }
    }

    private void stopDiscovery() {
        if (!discovering) {
            return;
        }
        discovering = false;
        try {
            session.stopDiscovery(settings.adapterPath());
        } catch (DBusException | DBusExecutionException e) {
            LOG.debug("patch {}: stopping discovery failed: {}", deviceId(), e.getMessage());
        }
    }

    /** Marks the link down; returns whether it was up (or connecting) before. */
    private boolean linkDown(String detail) {
        characteristics = Map.of();
        streamingRecords = false;
        awaitingServices = false;
        pendingAck.set(null);
        LinkState before = state;
        if (before == LinkState.DISCONNECTED || before == LinkState.CLOSED) {
            return false;
        }
        state = LinkState.DISCONNECTED;
        LINK_EVENTS.info("patch {} link down: {}", deviceId(), detail);
        deliver(() -> listener.onLinkState(deviceId(), LinkState.DISCONNECTED, detail));
        return true;
    }

    private void failed(String detail) {
        linkDown(detail);
        if (session != null && !session.connected()) {
            closeSession();
        }
        scheduleRetry(detail);
    }

    private void scheduleRetry(String reason) {
        Duration delay = settings.reconnect().delay(attempt++, random);
        LOG.info("patch {}: {}; next attempt in {} ms", deviceId(), reason, delay.toMillis());
        retryIn(delay);
    }

    private void retryIn(Duration delay) {
        if (closed) {
            return;
        }
        if (nextAttempt != null) {
            nextAttempt.cancel(false);
        }
        nextAttempt = thread.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void shutdownLink() {
        if (nextAttempt != null) {
            nextAttempt.cancel(false);
        }
        if (state == LinkState.ONLINE) {
            disconnectQuietly();
        }
        stopDiscovery();
        closeSession();
        state = LinkState.CLOSED;
    }

    private void disconnectQuietly() {
        try {
            session.disconnect(devicePath);
        } catch (DBusException | DBusExecutionException e) {
            LOG.debug("patch {}: disconnect failed: {}", deviceId(), e.getMessage());
        }
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private void reject(RejectReason reason, String detail) {
        LOG.warn("patch {}: dropped BLE value ({}): {}", deviceId(), reason.label(), detail);
        deliver(() -> listener.onFrameRejected(deviceId(), reason, detail));
    }

    private void deliver(Runnable callback) {
        if (closed || listener == null) {
            return;
        }
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("patch {}: listener failed; carrying on", deviceId(), e);
        }
    }

    private void post(Runnable task) {
        if (closed) {
            return;
        }
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("patch {}: BLE transport task failed", deviceId(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("patch {}: transport closed, event dropped", deviceId());
        }
    }

    @FunctionalInterface
    private interface MeasurementDecoding {
        Measurement decode();
    }

    /** A cumulative acknowledgement; a later call replaces an earlier one of the same or an older epoch. */
    record Ack(long epoch, long sequence) {
        static Ack later(Ack current, Ack next) {
            if (current == null || next.epoch != current.epoch || next.sequence >= current.sequence) {
                return next;
            }
            return current;
        }
    }
}
