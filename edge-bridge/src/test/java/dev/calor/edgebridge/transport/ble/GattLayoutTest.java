package dev.calor.edgebridge.transport.ble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.contract.gatt.GattUuids;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.Test;

class GattLayoutTest {

    private static final String DEV = "/org/bluez/hci0/dev_C0_A1_00_00_00_01";

    private final Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects = new LinkedHashMap<>();

    GattLayoutTest() {
        objects.put(new DBusPath("/org/bluez/hci0"), Map.of("org.bluez.Adapter1", Map.of()));
        objects.put(
                new DBusPath("/org/bluez/hci0/dev_11_22_33_44_55_66"),
                Map.of(
                        "org.bluez.Device1",
                        Map.of("Address", new Variant<>("11:22:33:44:55:66"), "Name", new Variant<>("Calor other"))));
        objects.put(
                new DBusPath(DEV),
                Map.of(
                        "org.bluez.Device1",
                        Map.of(
                                "Address", new Variant<>("C0:A1:00:00:00:01"),
                                "Name", new Variant<>("Calor p1"),
                                "Connected", new Variant<>(true))));
        objects.put(
                new DBusPath(DEV + "/service000a/char000c"),
                Map.of(
                        "org.bluez.GattCharacteristic1",
                        Map.of("UUID", new Variant<>("00002A1C-0000-1000-8000-00805F9B34FB"))));
        objects.put(
                new DBusPath("/org/bluez/hci0/dev_11_22_33_44_55_66/service000a/char000c"),
                Map.of("org.bluez.GattCharacteristic1", Map.of("UUID", new Variant<>(GattUuids.BATTERY_LEVEL))));
    }

    @Test
    void findsTheDeviceByAddressIgnoringCase() {
        assertThat(new GattLayout(objects)
                        .findDevice("/org/bluez/hci0", Optional.of("c0:a1:00:00:00:01"), Optional.empty()))
                .contains(DEV);
    }

    @Test
    void findsTheDeviceByNameWhenNoAddressIsGiven() {
        assertThat(new GattLayout(objects).findDevice("/org/bluez/hci0", Optional.empty(), Optional.of("Calor p1")))
                .contains(DEV);
    }

    @Test
    void ignoresDevicesOfOtherAdapters() {
        assertThat(new GattLayout(objects)
                        .findDevice("/org/bluez/hci1", Optional.of("C0:A1:00:00:00:01"), Optional.empty()))
                .isEmpty();
    }

    @Test
    void mapsOnlyTheDevicesOwnCharacteristicsByLowerCaseUuid() {
        assertThat(new GattLayout(objects).characteristics(DEV))
                .containsExactly(Map.entry(GattUuids.TEMPERATURE_MEASUREMENT, DEV + "/service000a/char000c"));
    }

    @Test
    void readsDeviceFlags() {
        GattLayout layout = new GattLayout(objects);

        assertThat(layout.deviceFlag(DEV, "Connected")).isTrue();
        assertThat(layout.deviceFlag(DEV, "ServicesResolved")).isFalse();
        assertThat(layout.deviceFlag("/nowhere", "Connected")).isFalse();
    }
}
