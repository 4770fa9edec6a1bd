package dev.calor.sim.ble;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.types.Variant;

/** {@code /}: bluetoothd's object manager, the only way a client learns which objects exist. */
final class FakeObjectManager implements ObjectManager {

    private final Supplier<Iterable<BluezObject>> objects;

    FakeObjectManager(Supplier<Iterable<BluezObject>> objects) {
        this.objects = objects;
    }

    @Override
    public String getObjectPath() {
        return "/";
    }

    @Override
    public Map<DBusPath, Map<String, Map<String, Variant<?>>>> GetManagedObjects() {
        Map<DBusPath, Map<String, Map<String, Variant<?>>>> result = new LinkedHashMap<>();
        for (BluezObject o : objects.get()) {
            result.put(new DBusPath(o.getObjectPath()), o.interfaces());
        }
        return result;
    }
}
