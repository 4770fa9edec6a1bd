package dev.calor.sim.ble;

import org.bluez.GattService1;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;

/** {@code …/serviceXXXX}: one primary GATT service of the patch. */
final class FakeGattService extends BluezObject implements GattService1 {

    static final String IFACE = "org.bluez.GattService1";

    FakeGattService(String path, String devicePath, String uuid) {
        super(path);
        init(IFACE, "UUID", new Variant<>(uuid));
        init(IFACE, "Device", new Variant<>(new DBusPath(devicePath)));
        init(IFACE, "Primary", new Variant<>(true));
        init(IFACE, "Includes", new Variant<>(new DBusPath[0], "ao"));
    }
}
