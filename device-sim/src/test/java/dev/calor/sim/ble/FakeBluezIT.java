package dev.calor.sim.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.calor.contract.gatt.GattUuids;
import dev.calor.contract.gatt.StoredRecord;
import dev.calor.testsupport.DbusDaemon;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bluez.Device1;
import org.bluez.GattCharacteristic1;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fake bluetoothd seen through a plain dbus-java client, as any BlueZ client would see it. */
@Timeout(60)
class FakeBluezIT {

    private static final byte[] MEASUREMENT = {0x00, 0x6f, 0x01, 0x00, (byte) 0xff};

    @TempDir
    Path dir;

    private DbusDaemon bus;
    private FakeBluez bluez;
    private FakeBluezPatch patch;
    private DBusConnection client;

    @BeforeEach
    void start() throws Exception {
        bus = DbusDaemon.start(dir);
        bluez = FakeBluez.start(bus.address());
        patch = bluez.attach(PatchProfile.of("patch-1", "C0:A1:00:00:00:01"));
        client = DBusConnectionBuilder.forAddress(bus.address())
                .withShared(false)
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (bluez != null) {
            bluez.close();
        }
        if (bus != null) {
            bus.close();
        }
    }

    @Test
    void objectManagerListsAdapterDeviceAndEveryCharacteristic() throws Exception {
        Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects = managedObjects();

        assertThat(objects.keySet()).extracting(DBusPath::getPath).contains("/org/bluez/hci0", patch.devicePath());
        assertThat(objects.get(new DBusPath(patch.devicePath()))
                        .get("org.bluez.Device1")
                        .get("Address")
                        .getValue())
                .isEqualTo("C0:A1:00:00:00:01");
        long characteristics = objects.values().stream()
                .filter(i -> i.containsKey("org.bluez.GattCharacteristic1"))
                .count();
        assertThat(characteristics).isEqualTo(10);
    }

    @Test
    void storedRecordIsNotifiedAsPropertiesChangedAfterStartNotify() throws Exception {
        List<Properties.PropertiesChanged> seen = new CopyOnWriteArrayList<>();
        client.addSigHandler(Properties.PropertiesChanged.class, seen::add);
        String recordPath = characteristicPath(GattUuids.STORED_RECORD);
        client.getRemoteObject(FakeBluez.BUS_NAME, patch.devicePath(), Device1.class)
                .Connect();
        client.getRemoteObject(FakeBluez.BUS_NAME, recordPath, GattCharacteristic1.class)
                .StartNotify();

        StoredRecord record = patch.measure(0, MEASUREMENT);

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.stream()
                .anyMatch(s -> s.getPath().equals(recordPath)
                        && s.getPropertiesChanged().containsKey("Value")));
        Object value = seen.stream()
                .filter(s -> s.getPath().equals(recordPath)
                        && s.getPropertiesChanged().containsKey("Value"))
                .findFirst()
                .orElseThrow()
                .getPropertiesChanged()
                .get("Value")
                .getValue();
        assertThat(bytes(value)).isEqualTo(record.encode());
    }

    @Test
    void connectFailsWhileOutOfRange() throws Exception {
        patch.goOutOfRange();
        Device1 device = client.getRemoteObject(FakeBluez.BUS_NAME, patch.devicePath(), Device1.class);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(device::Connect)
                .isInstanceOf(DBusExecutionException.class)
                .hasMessageContaining("org.bluez.Error.Failed: le-connection-abort-by-local"));
    }

    @Test
    void daemonRestartChangesTheOwnerOfOrgBluez() throws Exception {
        String before = bluez.ownerUniqueName();

        bluez.restartDaemon();

        assertThat(bluez.ownerUniqueName()).isNotEqualTo(before);
        assertThat(managedObjects().keySet()).extracting(DBusPath::getPath).contains(patch.devicePath());
    }

    private Map<DBusPath, Map<String, Map<String, Variant<?>>>> managedObjects() throws Exception {
        return client.getRemoteObject(FakeBluez.BUS_NAME, "/", ObjectManager.class)
                .GetManagedObjects();
    }

    private String characteristicPath(String uuid) throws Exception {
        return managedObjects().entrySet().stream()
                .filter(e -> e.getValue().containsKey("org.bluez.GattCharacteristic1")
                        && uuid.equals(e.getValue()
                                .get("org.bluez.GattCharacteristic1")
                                .get("UUID")
                                .getValue()))
                .map(e -> e.getKey().getPath())
                .findFirst()
                .orElseThrow();
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        List<?> list = (List<?>) value;
        byte[] out = new byte[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Byte) list.get(i);
        }
        return out;
    }
}
