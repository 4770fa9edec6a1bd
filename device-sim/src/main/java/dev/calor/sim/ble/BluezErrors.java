package dev.calor.sim.ble;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/** D-Bus error replies carrying the names bluetoothd uses ({@code org.bluez.Error.*}). */
final class BluezErrors {

    static final String FAILED = "org.bluez.Error.Failed";
    static final String NOT_CONNECTED = "org.bluez.Error.NotConnected";
    static final String ALREADY_CONNECTED = "org.bluez.Error.AlreadyConnected";
    static final String NOT_SUPPORTED = "org.bluez.Error.NotSupported";
    static final String NOT_PERMITTED = "org.bluez.Error.NotPermitted";
    static final String NOT_AVAILABLE = "org.bluez.Error.NotAvailable";

    private BluezErrors() {}

    /**
     * An error reply. dbus-java names error replies after the exception class, so the bluetoothd error name
     * leads the message instead, as {@code bluetoothctl} prints it.
     */
    static DBusExecutionException error(String name, String message) {
        return new DBusExecutionException(name + ": " + message);
    }

    static DBusExecutionException failed(String message) {
        return error(FAILED, message);
    }
}
