package dev.calor.sim.ble;

import java.util.Map;
import org.freedesktop.dbus.types.Variant;

/** Where exported objects announce property changes: the bus connection, or nowhere while not exported. */
interface SignalSink {

    SignalSink NONE = (path, iface, changed) -> {};

    void propertiesChanged(String path, String iface, Map<String, Variant<?>> changed);
}
