package dev.calor.edgebridge.transport.ble;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bluez.Adapter1;
import org.bluez.Device1;
import org.bluez.GattCharacteristic1;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.IDisconnectCallback;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One private connection to bluetoothd's bus and the BlueZ calls the transport makes. Signals are handed to
 * {@link Signals} on dbus-java's threads; the transport re-posts them to its own thread.
 */
final class BluezSession implements AutoCloseable {

    static final String BLUEZ = "org.bluez";

    private static final Logger LOG = LoggerFactory.getLogger(BluezSession.class);

    /** What the transport hears from the bus. */
    interface Signals {
        void propertiesChanged(String path, String iface, Map<String, Variant<?>> changed);

        void interfacesAdded(String path, List<String> interfaces);

        void interfacesRemoved(String path, List<String> interfaces);

        void bluezOwnerChanged(String oldOwner, String newOwner);

        /** The bus connection broke (dbus-daemon gone); not called for {@link #close()}. */
        void busLost(String reason);
    }

    private final DBusConnection connection;
    private final List<AutoCloseable> handlers = new ArrayList<>();

    private BluezSession(DBusConnection connection) {
        this.connection = connection;
    }

    static BluezSession open(String busAddress, Signals signals) throws DBusException {
        DBusConnection connection = DBusConnectionBuilder.forAddress(busAddress)
                .withShared(false)
                .withDisconnectCallback(new IDisconnectCallback() {
                    @Override
                    public void disconnectOnError(IOException e) {
                        signals.busLost(String.valueOf(e.getMessage()));
                    }
                })
                .build();
        BluezSession session = new BluezSession(connection);
        try {
            session.handlers.add(connection.addSigHandler(
                    Properties.PropertiesChanged.class,
                    s -> signals.propertiesChanged(s.getPath(), s.getInterfaceName(), s.getPropertiesChanged())));
            session.handlers.add(connection.addSigHandler(
                    ObjectManager.InterfacesAdded.class,
                    s -> signals.interfacesAdded(
                            s.getSignalSource().getPath(),
                            List.copyOf(s.getInterfaces().keySet()))));
            session.handlers.add(connection.addSigHandler(
                    ObjectManager.InterfacesRemoved.class,
                    s -> signals.interfacesRemoved(s.getSignalSource().getPath(), s.getInterfaces())));
            session.handlers.add(connection.addSigHandler(DBus.NameOwnerChanged.class, s -> {
                if (BLUEZ.equals(s.name)) {
                    signals.bluezOwnerChanged(s.oldOwner, s.newOwner);
                }
            }));
        } catch (DBusException | RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    boolean connected() {
        return connection.isConnected();
    }

    Map<DBusPath, Map<String, Map<String, Variant<?>>>> managedObjects() throws DBusException {
        return connection.getRemoteObject(BLUEZ, "/", ObjectManager.class).GetManagedObjects();
    }

    void startDiscovery(String adapterPath) throws DBusException {
        connection.getRemoteObject(BLUEZ, adapterPath, Adapter1.class).StartDiscovery();
    }

    void stopDiscovery(String adapterPath) throws DBusException {
        connection.getRemoteObject(BLUEZ, adapterPath, Adapter1.class).StopDiscovery();
    }

    void connect(String devicePath) throws DBusException {
        connection.getRemoteObject(BLUEZ, devicePath, Device1.class).Connect();
    }

    void disconnect(String devicePath) throws DBusException {
        connection.getRemoteObject(BLUEZ, devicePath, Device1.class).Disconnect();
    }

    byte[] read(String characteristicPath) throws DBusException {
        return characteristic(characteristicPath).ReadValue(Map.of());
    }

    /** A write with response ({@code type: request}), so an ATT error reaches the caller. */
    void write(String characteristicPath, byte[] value) throws DBusException {
        characteristic(characteristicPath).WriteValue(value, Map.of("type", new Variant<>("request")));
    }

    void startNotify(String characteristicPath) throws DBusException {
        characteristic(characteristicPath).StartNotify();
    }

    private GattCharacteristic1 characteristic(String path) throws DBusException {
        return connection.getRemoteObject(BLUEZ, path, GattCharacteristic1.class);
    }

    @Override
    public void close() {
        for (AutoCloseable h : handlers) {
            try {
                h.close();
            } catch (Exception e) {
                LOG.debug("removing a signal handler failed: {}", e.getMessage());
            }
        }
        handlers.clear();
        connection.disconnect();
    }

    /**
     * Drops a connection whose bus is gone without talking to it: removing signal matches would wait for
     * replies that never come.
     */
    void abandon() {
        handlers.clear();
        try {
            connection.disconnect();
        } catch (RuntimeException e) {
            LOG.debug("disconnecting a broken connection failed: {}", e.getMessage());
        }
    }

    /** A D-Bus {@code ay} value: {@code byte[]} from method replies, {@code List<Byte>} from signals. */
    static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof List<?> list) {
            byte[] out = new byte[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = ((Number) list.get(i)).byteValue();
            }
            return out;
        }
        throw new IllegalArgumentException("not a byte array: " + (value == null ? null : value.getClass()));
    }
}
