package dev.calor.sim.ble;

import java.util.LinkedHashMap;
import java.util.Map;
import org.freedesktop.dbus.types.Variant;

/** The D-Bus properties of one object, per interface. Thread-safe. */
final class PropertyBag {

    private final Map<String, Map<String, Variant<?>>> byInterface = new LinkedHashMap<>();

    synchronized void put(String iface, String name, Variant<?> value) {
        byInterface.computeIfAbsent(iface, k -> new LinkedHashMap<>()).put(name, value);
    }

    synchronized Variant<?> get(String iface, String name) {
        Map<String, Variant<?>> props = byInterface.get(iface);
        return props == null ? null : props.get(name);
    }

    synchronized Map<String, Variant<?>> all(String iface) {
        Map<String, Variant<?>> props = byInterface.get(iface);
        return props == null ? Map.of() : new LinkedHashMap<>(props);
    }

    /** Every interface with its properties, as ObjectManager.GetManagedObjects and InterfacesAdded carry them. */
    synchronized Map<String, Map<String, Variant<?>>> interfaces() {
        Map<String, Map<String, Variant<?>>> copy = new LinkedHashMap<>();
        byInterface.forEach((k, v) -> copy.put(k, new LinkedHashMap<>(v)));
        return copy;
    }
}
