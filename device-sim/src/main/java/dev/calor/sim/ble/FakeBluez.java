package dev.calor.sim.ble;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for bluetoothd on a D-Bus bus: owns {@code org.bluez}, exports the ObjectManager at {@code /},
 * the adapter {@code /org/bluez/hci0} and one device object tree per attached {@link FakeBluezPatch}, all
 * through the real {@code org.bluez.*} interfaces, so a BlueZ client runs against it unchanged.
 *
 * <p>Faults a real deployment sees: {@link #restartDaemon()} (bluetoothd restarts: the owner of
 * {@code org.bluez} changes and every object is re-created disconnected), and per patch going out of range
 * or disappearing (see {@link FakeBluezPatch}).
 */
public final class FakeBluez implements AutoCloseable {

    public static final String BUS_NAME = "org.bluez";
    public static final String ADAPTER_PATH = "/org/bluez/hci0";

    private static final Logger LOG = LoggerFactory.getLogger(FakeBluez.class);

    private final String busAddress;
    private final FakeAdapter adapter;
    private final FakeObjectManager objectManager;
    private final List<FakeBluezPatch> patches = new CopyOnWriteArrayList<>();
    private final SignalSink sink = this::emitPropertiesChanged;
    private volatile DBusConnection connection;

    private FakeBluez(String busAddress) {
        this.busAddress = busAddress;
        this.adapter = new FakeAdapter(ADAPTER_PATH, "00:1A:7D:DA:71:13", new AdapterBehaviour());
        this.objectManager = new FakeObjectManager(this::exportedObjects);
    }

    /**
     * Connects to the bus at {@code busAddress} (e.g. {@code unix:path=/tmp/…/bus}) and takes the name
     * {@code org.bluez}.
     *
     * @throws BleSimException when the bus cannot be reached or the name is taken
     */
    public static FakeBluez start(String busAddress) {
        FakeBluez bluez = new FakeBluez(busAddress);
        bluez.connectAndExport();
        return bluez;
    }

    /** Adds a patch; it is known to bluetoothd at once (as a previously seen device). */
    public FakeBluezPatch attach(PatchProfile profile) {
        return attach(new FakeBluezPatch(this, profile, true));
    }

    /**
     * Adds a plain Health Thermometer (no Calor stored-reading service): readings are only indicated on 0x2A1C,
     * nothing is acknowledged. Its store still counts readings, for tests.
     */
    public FakeBluezPatch attachPlainThermometer(PatchProfile profile) {
        return attach(new FakeBluezPatch(this, profile, false));
    }

    private FakeBluezPatch attach(FakeBluezPatch patch) {
        patches.add(patch);
        appear(patch);
        return patch;
    }

    /**
     * bluetoothd restarts: its bus connection closes (the name {@code org.bluez} is released), every device
     * link is lost, and a new process takes the name and exports the known objects again, disconnected.
     */
    public synchronized void restartDaemon() {
        LOG.info("simulating a bluetoothd restart on {}", busAddress);
        for (FakeBluezPatch patch : patches) {
            patch.daemonDied();
        }
        closeConnection();
        connectAndExport();
    }

    /** The unique bus name of the current owner of {@code org.bluez}. */
    public String ownerUniqueName() {
        return connection.getUniqueName();
    }

    public String busAddress() {
        return busAddress;
    }

    public boolean discovering() {
        return adapter.discovering();
    }

    @Override
    public synchronized void close() {
        for (FakeBluezPatch patch : patches) {
            patch.shutdown();
        }
        closeConnection();
    }

    synchronized void appear(FakeBluezPatch patch) {
        if (patch.known()) {
            return;
        }
        patch.known(true);
        List<BluezObject> objects = patch.objects();
        for (BluezObject o : objects) {
            export(o);
        }
        for (BluezObject o : objects) {
            emitBuilt(() -> new ObjectManager.InterfacesAdded("/", new DBusPath(o.getObjectPath()), o.interfaces()));
        }
        LOG.info(
                "device {} ({}) appeared",
                patch.profile().address(),
                patch.profile().deviceId());
    }

    synchronized void forget(FakeBluezPatch patch) {
        if (!patch.known()) {
            return;
        }
        patch.known(false);
        List<BluezObject> objects = new ArrayList<>(patch.objects());
        Collections.reverse(objects);
        for (BluezObject o : objects) {
            emitBuilt(() -> new ObjectManager.InterfacesRemoved(
                    "/",
                    new DBusPath(o.getObjectPath()),
                    List.copyOf(o.interfaces().keySet())));
            o.attach(SignalSink.NONE);
            connection.unExportObject(o.getObjectPath());
        }
        LOG.info(
                "device {} ({}) removed",
                patch.profile().address(),
                patch.profile().deviceId());
    }

    private void connectAndExport() {
        try {
            DBusConnection c = DBusConnectionBuilder.forAddress(busAddress)
                    .withShared(false)
                    .build();
            c.requestBusName(BUS_NAME);
            connection = c;
            c.exportObject("/", objectManager);
            export(adapter);
            for (FakeBluezPatch patch : patches) {
                if (patch.known()) {
                    patch.objects().forEach(this::export);
                }
            }
            LOG.info("fake bluetoothd owns {} on {} as {}", BUS_NAME, busAddress, c.getUniqueName());
        } catch (DBusException e) {
            throw new BleSimException("cannot serve " + BUS_NAME + " on " + busAddress + ": " + e.getMessage(), e);
        }
    }

    private void export(BluezObject object) {
        try {
            connection.exportObject(object.getObjectPath(), object);
            object.attach(sink);
        } catch (DBusException e) {
            throw new BleSimException("cannot export " + object.getObjectPath() + ": " + e.getMessage(), e);
        }
    }

    private void closeConnection() {
        DBusConnection c = connection;
        if (c == null) {
            return;
        }
        adapter.attach(SignalSink.NONE);
        for (FakeBluezPatch patch : patches) {
            patch.objects().forEach(o -> o.attach(SignalSink.NONE));
        }
        try {
            c.releaseBusName(BUS_NAME);
        } catch (DBusException | RuntimeException e) {
            LOG.debug("releasing {} failed: {}", BUS_NAME, e.getMessage());
        }
        c.disconnect();
    }

    private Iterable<BluezObject> exportedObjects() {
        List<BluezObject> all = new ArrayList<>();
        all.add(adapter);
        for (FakeBluezPatch patch : patches) {
            if (patch.known()) {
                all.addAll(patch.objects());
            }
        }
        return all;
    }

    private void emitPropertiesChanged(String path, String iface, Map<String, Variant<?>> changed) {
        try {
            emit(new Properties.PropertiesChanged(path, iface, changed, List.of()));
        } catch (DBusException e) {
            LOG.warn("cannot build PropertiesChanged for {}: {}", path, e.getMessage());
        }
    }

    private void emit(org.freedesktop.dbus.messages.DBusSignal signal) {
        DBusConnection c = connection;
        if (c != null && c.isConnected()) {
            c.sendMessage(signal);
        }
    }

    private void emitBuilt(ObjectManagerSignal signal) {
        try {
            emit(signal.build());
        } catch (DBusException e) {
            LOG.warn("cannot build ObjectManager signal: {}", e.getMessage());
        }
    }

    /** Defers the checked constructor of the ObjectManager signals to one place. */
    @FunctionalInterface
    private interface ObjectManagerSignal {
        org.freedesktop.dbus.messages.DBusSignal build() throws DBusException;
    }

    private final class AdapterBehaviour implements FakeAdapter.Behaviour {
        @Override
        public void discoveryChanged(boolean discovering) {
            if (discovering) {
                for (FakeBluezPatch patch : patches) {
                    if (!patch.known() && patch.inRange()) {
                        appear(patch);
                    }
                }
            }
        }

        @Override
        public void removeDevice(String devicePath) {
            for (FakeBluezPatch patch : patches) {
                if (patch.devicePath().equals(devicePath)) {
                    patch.device().dropLink();
                    forget(patch);
                }
            }
        }
    }
}
