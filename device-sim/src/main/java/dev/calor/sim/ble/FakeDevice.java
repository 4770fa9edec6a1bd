package dev.calor.sim.ble;

import org.bluez.Device1;
import org.bluez.exceptions.BluezAlreadyConnectedException;
import org.bluez.exceptions.BluezFailedException;
import org.bluez.exceptions.BluezNotAvailableException;
import org.bluez.exceptions.BluezNotConnectedException;
import org.bluez.exceptions.BluezNotSupportedException;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;

/** {@code /org/bluez/hci0/dev_XX_…}: the patch as bluetoothd shows it. Connect succeeds only while in range. */
final class FakeDevice extends BluezObject implements Device1 {

    static final String IFACE = "org.bluez.Device1";

    /** What a connection attempt asks of the patch. */
    interface Behaviour {
        /** Whether the patch is in radio range (a connection can be made). */
        boolean inRange();

        void connected();

        void disconnected();
    }

    private final Behaviour behaviour;

    FakeDevice(String path, String adapterPath, String address, String name, String[] uuids, Behaviour behaviour) {
        super(path);
        this.behaviour = behaviour;
        init(IFACE, "Address", new Variant<>(address));
        init(IFACE, "AddressType", new Variant<>("random"));
        init(IFACE, "Name", new Variant<>(name));
        init(IFACE, "Alias", new Variant<>(name));
        init(IFACE, "Adapter", new Variant<>(new DBusPath(adapterPath)));
        init(IFACE, "Paired", new Variant<>(false));
        init(IFACE, "Trusted", new Variant<>(false));
        init(IFACE, "Blocked", new Variant<>(false));
        init(IFACE, "LegacyPairing", new Variant<>(false));
        init(IFACE, "Connected", new Variant<>(false));
        init(IFACE, "ServicesResolved", new Variant<>(false));
        init(IFACE, "UUIDs", new Variant<>(uuids));
        init(IFACE, "RSSI", new Variant<>((short) -60));
    }

    boolean connected() {
        return flag(IFACE, "Connected");
    }

    @Override
    public synchronized void Connect() throws BluezFailedException, BluezAlreadyConnectedException {
        if (connected()) {
            throw BluezErrors.error(BluezErrors.ALREADY_CONNECTED, "Already Connected");
        }
        if (!behaviour.inRange()) {
            // what bluetoothd answers when the LE connection attempt times out
            throw BluezErrors.error(BluezErrors.FAILED, "le-connection-abort-by-local");
        }
        change(IFACE, "Connected", new Variant<>(true));
        behaviour.connected();
        change(IFACE, "ServicesResolved", new Variant<>(true));
    }

    @Override
    public synchronized void Disconnect() throws BluezNotConnectedException {
        if (!connected()) {
            throw BluezErrors.error(BluezErrors.NOT_CONNECTED, "Not Connected");
        }
        dropLink();
    }

    /** The link is gone (out of range, or Disconnect): what bluetoothd announces. */
    synchronized void dropLink() {
        if (connected()) {
            change(IFACE, "ServicesResolved", new Variant<>(false));
            change(IFACE, "Connected", new Variant<>(false));
            behaviour.disconnected();
        }
    }

    void rssi(short dbm) {
        change(IFACE, "RSSI", new Variant<>(dbm));
    }

    @Override
    public void ConnectProfile(String uuid) throws BluezNotAvailableException {
        throw BluezErrors.error(BluezErrors.NOT_AVAILABLE, "profiles are not supported");
    }

    @Override
    public void DisconnectProfile(String uuid) throws BluezNotSupportedException {
        throw BluezErrors.error(BluezErrors.NOT_SUPPORTED, "profiles are not supported");
    }

    @Override
    public void Pair() throws BluezFailedException {
        throw BluezErrors.error(BluezErrors.FAILED, "pairing is not supported by this patch");
    }

    @Override
    public void CancelPairing() throws BluezFailedException {
        throw BluezErrors.error(BluezErrors.FAILED, "no pairing in progress");
    }
}
