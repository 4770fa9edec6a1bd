package dev.calor.contract.gatt;

import java.util.Locale;

/**
 * GATT service and characteristic UUIDs of a Calor patch, as BlueZ spells them in the {@code UUID}
 * property of {@code org.bluez.GattService1} and {@code org.bluez.GattCharacteristic1}: full 128-bit,
 * lower case. Bluetooth SIG 16-bit assigned numbers are expanded with the Bluetooth base UUID.
 */
public final class GattUuids {

    /** The Bluetooth base UUID with the 16-bit alias left out: {@code 0000xxxx-0000-1000-8000-00805f9b34fb}. */
    private static final String SIG_BASE_SUFFIX = "-0000-1000-8000-00805f9b34fb";

    /** The Calor vendor base: {@code ca10xxxx-5e1f-4c7a-8d2e-6b3f9a0c4d17}. */
    private static final String CALOR_BASE_SUFFIX = "-5e1f-4c7a-8d2e-6b3f9a0c4d17";

    public static final String HEALTH_THERMOMETER_SERVICE = sig(0x1809);
    public static final String TEMPERATURE_MEASUREMENT = sig(0x2A1C);
    public static final String TEMPERATURE_TYPE = sig(0x2A1D);
    public static final String INTERMEDIATE_TEMPERATURE = sig(0x2A1E);
    public static final String MEASUREMENT_INTERVAL = sig(0x2A21);

    public static final String BATTERY_SERVICE = sig(0x180F);
    public static final String BATTERY_LEVEL = sig(0x2A19);

    public static final String DEVICE_INFORMATION_SERVICE = sig(0x180A);
    public static final String SERIAL_NUMBER_STRING = sig(0x2A25);
    public static final String FIRMWARE_REVISION_STRING = sig(0x2A26);
    public static final String MANUFACTURER_NAME_STRING = sig(0x2A29);

    /** Calor Stored Readings service: readings the patch keeps until the bridge acknowledges them. */
    public static final String STORED_READINGS_SERVICE = calor(0x0001);
    /** Notify: one {@link StoredRecord} per notification, live readings and transferred backlog alike. */
    public static final String STORED_RECORD = calor(0x0002);
    /** Write with response: a {@link ControlPointCommand} (transfer request, cumulative acknowledgement). */
    public static final String RECORD_CONTROL_POINT = calor(0x0003);
    /** Read: the {@link StoreStatus} of the patch's record store. */
    public static final String STORE_STATUS = calor(0x0004);

    private GattUuids() {}

    /** Expands a Bluetooth SIG 16-bit assigned number to its 128-bit form. */
    public static String sig(int alias16) {
        return alias(alias16) + SIG_BASE_SUFFIX;
    }

    static String calor(int alias16) {
        return "ca10" + String.format(Locale.ROOT, "%04x", alias16) + CALOR_BASE_SUFFIX;
    }

    private static String alias(int alias16) {
        if (alias16 < 0 || alias16 > 0xFFFF) {
            throw new IllegalArgumentException("not a 16-bit alias: " + alias16);
        }
        return String.format(Locale.ROOT, "0000%04x", alias16);
    }

    /** Whether two UUID strings name the same UUID (BlueZ uses lower case; peers may not). */
    public static boolean same(String a, String b) {
        return a != null && b != null && a.equalsIgnoreCase(b);
    }
}
