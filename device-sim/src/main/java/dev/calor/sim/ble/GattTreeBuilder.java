package dev.calor.sim.ble;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/** Lays out services and characteristics under a device path with BlueZ's naming ({@code service000a/char000b}). */
final class GattTreeBuilder {

    private final String devicePath;
    private final BooleanSupplier connected;
    private final List<BluezObject> services = new ArrayList<>();
    private final List<FakeCharacteristic> characteristics = new ArrayList<>();
    private final List<BluezObject> ordered = new ArrayList<>();
    private String currentService;
    private int handle = 0x0009;

    GattTreeBuilder(String devicePath, BooleanSupplier connected) {
        this.devicePath = devicePath;
        this.connected = connected;
    }

    void service(String uuid) {
        currentService = devicePath + "/service" + hex(++handle);
        FakeGattService service = new FakeGattService(currentService, devicePath, uuid);
        services.add(service);
        ordered.add(service);
    }

    FakeCharacteristic characteristic(
            String uuid, String flags, FakeCharacteristic.Reader reader, FakeCharacteristic.Writer writer) {
        handle += 2; // declaration and value handles
        FakeCharacteristic c = new FakeCharacteristic(
                currentService + "/char" + hex(handle),
                currentService,
                uuid,
                flags.split(","),
                connected,
                reader,
                writer);
        characteristics.add(c);
        ordered.add(c);
        return c;
    }

    /** The device first, then each service followed by its characteristics. */
    List<BluezObject> objects(FakeDevice device) {
        List<BluezObject> all = new ArrayList<>();
        all.add(device);
        all.addAll(ordered);
        return List.copyOf(all);
    }

    List<FakeCharacteristic> characteristics() {
        return List.copyOf(characteristics);
    }

    private static String hex(int h) {
        return String.format(Locale.ROOT, "%04x", h);
    }
}
