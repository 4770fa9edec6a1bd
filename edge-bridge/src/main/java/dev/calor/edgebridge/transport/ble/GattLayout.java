package dev.calor.edgebridge.transport.ble;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;

/**
 * Reads BlueZ's object tree (ObjectManager.GetManagedObjects): which device object is the patch, whether it
 * is connected, and the object path of each characteristic by UUID. Pure.
 */
final class GattLayout {

    static final String DEVICE = "org.bluez.Device1";
    static final String CHARACTERISTIC = "org.bluez.GattCharacteristic1";

    private final Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects;

    GattLayout(Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects) {
        this.objects = objects;
    }

    /** The device under {@code adapterPath} with this address (preferred) or name. */
    Optional<String> findDevice(String adapterPath, Optional<String> address, Optional<String> name) {
        String prefix = adapterPath + "/";
        for (var entry : objects.entrySet()) {
            String path = entry.getKey().getPath();
            Map<String, Variant<?>> device = entry.getValue().get(DEVICE);
            if (device == null || !path.startsWith(prefix)) {
                continue;
            }
            if (address.isPresent()) {
                if (address.get().equalsIgnoreCase(string(device, "Address"))) {
                    return Optional.of(path);
                }
            } else if (name.isPresent() && name.get().equals(string(device, "Name"))) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    boolean deviceFlag(String devicePath, String property) {
        Map<String, Map<String, Variant<?>>> ifaces = objects.get(new DBusPath(devicePath));
        if (ifaces == null || ifaces.get(DEVICE) == null) {
            return false;
        }
        Variant<?> v = ifaces.get(DEVICE).get(property);
        return v != null && Boolean.TRUE.equals(v.getValue());
    }

    /** Characteristic object paths under the device, keyed by lower-case 128-bit UUID. */
    Map<String, String> characteristics(String devicePath) {
        Map<String, String> byUuid = new HashMap<>();
        String prefix = devicePath + "/";
        for (var entry : objects.entrySet()) {
            String path = entry.getKey().getPath();
            Map<String, Variant<?>> characteristic = entry.getValue().get(CHARACTERISTIC);
            if (characteristic != null && path.startsWith(prefix)) {
                String uuid = string(characteristic, "UUID");
                if (uuid != null) {
                    byUuid.putIfAbsent(uuid.toLowerCase(Locale.ROOT), path);
                }
            }
        }
        return byUuid;
    }

    /** Whether an InterfacesAdded / InterfacesRemoved interface list names a device. */
    static boolean namesDevice(List<String> interfaces) {
        return interfaces.contains(DEVICE);
    }

    private static String string(Map<String, Variant<?>> props, String key) {
        Variant<?> v = props.get(key);
        return v != null && v.getValue() instanceof String s ? s : null;
    }
}
