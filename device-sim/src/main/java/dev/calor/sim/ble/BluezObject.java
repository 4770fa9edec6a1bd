package dev.calor.sim.ble;

import java.util.Map;
import org.freedesktop.dbus.errors.PropertyReadOnly;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;

/**
 * An object the fake bluetoothd exports under {@code /org/bluez}: its path, its properties per interface,
 * and {@code org.freedesktop.DBus.Properties} over them. Property changes are announced with
 * {@code PropertiesChanged}, as bluetoothd does.
 */
abstract class BluezObject implements Properties {

    private final String path;
    private final PropertyBag properties = new PropertyBag();
    private volatile SignalSink signals = SignalSink.NONE;

    BluezObject(String path) {
        this.path = path;
    }

    @Override
    public String getObjectPath() {
        return path;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A> A Get(String iface, String name) {
        return (A) properties.get(iface, name);
    }

    @Override
    public <A> void Set(String iface, String name, A value) {
        throw new PropertyReadOnly(iface + "." + name + " is read-only");
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
        return properties.all(iface);
    }

    Map<String, Map<String, Variant<?>>> interfaces() {
        return properties.interfaces();
    }

    /** Sets a property without a signal (initial state, or state while not exported). */
    void init(String iface, String name, Variant<?> value) {
        properties.put(iface, name, value);
    }

    /** Sets a property and emits {@code PropertiesChanged}. */
    void change(String iface, String name, Variant<?> value) {
        properties.put(iface, name, value);
        signals.propertiesChanged(path, iface, Map.of(name, value));
    }

    Variant<?> property(String iface, String name) {
        return properties.get(iface, name);
    }

    boolean flag(String iface, String name) {
        Variant<?> v = properties.get(iface, name);
        return v != null && Boolean.TRUE.equals(v.getValue());
    }

    void attach(SignalSink sink) {
        this.signals = sink;
    }
}
