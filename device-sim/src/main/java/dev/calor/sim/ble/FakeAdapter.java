package dev.calor.sim.ble;

import java.util.Map;
import org.bluez.Adapter1;
import org.bluez.exceptions.BluezNotSupportedException;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;

/** {@code /org/bluez/hci0}: a powered adapter whose discovery makes advertising patches known. */
final class FakeAdapter extends BluezObject implements Adapter1 {

    static final String IFACE = "org.bluez.Adapter1";

    /** What the adapter asks of the fake bluetoothd. */
    interface Behaviour {
        void discoveryChanged(boolean discovering);

        void removeDevice(String devicePath);
    }

    private final Behaviour behaviour;

    FakeAdapter(String path, String address, Behaviour behaviour) {
        super(path);
        this.behaviour = behaviour;
        init(IFACE, "Address", new Variant<>(address));
        init(IFACE, "AddressType", new Variant<>("public"));
        init(IFACE, "Name", new Variant<>("calor-sim"));
        init(IFACE, "Alias", new Variant<>("calor-sim"));
        init(IFACE, "Powered", new Variant<>(true));
        init(IFACE, "Discoverable", new Variant<>(false));
        init(IFACE, "Pairable", new Variant<>(false));
        init(IFACE, "Discovering", new Variant<>(false));
        init(IFACE, "UUIDs", new Variant<>(new String[0]));
    }

    boolean discovering() {
        return flag(IFACE, "Discovering");
    }

    @Override
    public void StartDiscovery() {
        change(IFACE, "Discovering", new Variant<>(true));
        behaviour.discoveryChanged(true);
    }

    @Override
    public void StopDiscovery() {
        change(IFACE, "Discovering", new Variant<>(false));
        behaviour.discoveryChanged(false);
    }

    @Override
    public void RemoveDevice(DBusPath device) {
        behaviour.removeDevice(device.getPath());
    }

    @Override
    public void SetDiscoveryFilter(Map<String, Variant<?>> filter) {}

    @Override
    public String[] GetDiscoveryFilters() {
        return new String[] {"UUIDs", "RSSI", "Pathloss", "Transport", "DuplicateData", "Discoverable", "Pattern"};
    }

    @Override
    public DBusPath ConnectDevice(Map<String, Variant<?>> properties) throws BluezNotSupportedException {
        throw BluezErrors.error(BluezErrors.NOT_SUPPORTED, "ConnectDevice is not supported by this adapter");
    }
}
