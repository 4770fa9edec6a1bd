package dev.calor.sim.ble;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bluez.GattCharacteristic1;
import org.bluez.datatypes.TwoTuple;
import org.bluez.exceptions.BluezFailedException;
import org.bluez.exceptions.BluezNotPermittedException;
import org.bluez.exceptions.BluezNotSupportedException;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.FileDescriptor;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.Variant;

/**
 * {@code …/serviceXXXX/charYYYY}: one characteristic. Reads and writes go to the patch; values pushed by the
 * patch reach subscribers as {@code PropertiesChanged} of {@code Value}, only while connected and after
 * {@code StartNotify} (bluetoothd confirms indications itself, so both look the same on D-Bus).
 */
final class FakeCharacteristic extends BluezObject implements GattCharacteristic1 {

    static final String IFACE = "org.bluez.GattCharacteristic1";

    /** Produces the current value for a read. */
    interface Reader {
        byte[] read();
    }

    /** Accepts a written value, or refuses it as the peripheral would (an ATT error). */
    interface Writer {
        void write(byte[] value);
    }

    private final BooleanSupplier connected;
    private final Reader reader;
    private final Writer writer;
    private final boolean canNotify;

    FakeCharacteristic(
            String path,
            String servicePath,
            String uuid,
            String[] flags,
            BooleanSupplier connected,
            Reader reader,
            Writer writer) {
        super(path);
        this.connected = connected;
        this.reader = reader;
        this.writer = writer;
        this.canNotify = containsAny(flags, "notify", "indicate");
        init(IFACE, "UUID", new Variant<>(uuid));
        init(IFACE, "Service", new Variant<>(new DBusPath(servicePath)));
        init(IFACE, "Value", new Variant<>(new byte[0]));
        init(IFACE, "Notifying", new Variant<>(false));
        init(IFACE, "Flags", new Variant<>(flags));
        init(IFACE, "MTU", new Variant<>(new UInt16(23)));
    }

    private static boolean containsAny(String[] flags, String... wanted) {
        for (String f : flags) {
            for (String w : wanted) {
                if (f.equals(w)) {
                    return true;
                }
            }
        }
        return false;
    }

    String uuid() {
        return (String) property(IFACE, "UUID").getValue();
    }

    boolean notifying() {
        return flag(IFACE, "Notifying");
    }

    /** Pushes a value (notification or indication). Returns whether a subscriber could receive it. */
    boolean push(byte[] value) {
        if (!connected.getAsBoolean() || !notifying()) {
            return false;
        }
        change(IFACE, "Value", new Variant<>(value.clone()));
        return true;
    }

    /** Subscriptions end with the link, as the peripheral's CCCD state is per connection. */
    void linkDropped() {
        if (notifying()) {
            change(IFACE, "Notifying", new Variant<>(false));
        }
    }

    @Override
    public byte[] ReadValue(Map<String, Variant<?>> options) throws BluezFailedException, BluezNotPermittedException {
        requireConnected();
        if (reader == null) {
            throw BluezErrors.error(BluezErrors.NOT_PERMITTED, "Read not permitted");
        }
        byte[] value = reader.read();
        init(IFACE, "Value", new Variant<>(value.clone()));
        return value;
    }

    @Override
    public void WriteValue(byte[] value, Map<String, Variant<?>> options)
            throws BluezFailedException, BluezNotPermittedException {
        requireConnected();
        if (writer == null) {
            throw BluezErrors.error(BluezErrors.NOT_PERMITTED, "Write not permitted");
        }
        writer.write(value);
    }

    @Override
    public void StartNotify() throws BluezFailedException, BluezNotSupportedException {
        requireConnected();
        if (!canNotify) {
            throw BluezErrors.error(BluezErrors.NOT_SUPPORTED, "Operation is not supported");
        }
        if (!notifying()) {
            change(IFACE, "Notifying", new Variant<>(true));
        }
    }

    @Override
    public void StopNotify() throws BluezFailedException {
        if (notifying()) {
            change(IFACE, "Notifying", new Variant<>(false));
        }
    }

    @Override
    public void Confirm() {
        // bluetoothd confirms indications itself; nothing for a client to do
    }

    @Override
    public TwoTuple<FileDescriptor, UInt16> AcquireWrite(Map<String, Variant<?>> options)
            throws BluezNotSupportedException {
        throw BluezErrors.error(BluezErrors.NOT_SUPPORTED, "AcquireWrite is not supported");
    }

    @Override
    public TwoTuple<FileDescriptor, UInt16> AcquireNotify(Map<String, Variant<?>> options)
            throws BluezNotSupportedException {
        throw BluezErrors.error(BluezErrors.NOT_SUPPORTED, "AcquireNotify is not supported");
    }

    private void requireConnected() {
        if (!connected.getAsBoolean()) {
            throw BluezErrors.error(BluezErrors.FAILED, "Not connected");
        }
    }
}
