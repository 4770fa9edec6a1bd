package dev.calor.sim.ble;

import dev.calor.contract.gatt.ControlPointCommand;
import dev.calor.contract.gatt.GattPayloadException;
import dev.calor.contract.gatt.GattUuids;
import dev.calor.contract.gatt.SimpleValues;
import dev.calor.contract.gatt.StoredRecord;
import dev.calor.contract.hts.HtsTemperatureMeasurementCodec;
import dev.calor.contract.hts.TemperatureMeasurement;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated Calor patch behind a {@link FakeBluez}: the Health Thermometer, Battery, Device Information
 * and Calor Stored Readings services, with the behaviour of the firmware (see firmware-contract CONTRACT.md,
 * "Calor stored-reading service"):
 *
 * <ul>
 *   <li>every measurement is stored under the next sequence number, then notified as a Stored Record and
 *       indicated on Temperature Measurement 0x2A1C, to whichever is subscribed on a live link;
 *   <li>a TRANSFER written to the Record Control Point notifies every record still held, oldest first;
 *   <li>an ACKNOWLEDGE frees the acknowledged record and everything stored before it;
 *   <li>out of range: the link drops and connecting fails, records accumulate (the oldest is overwritten
 *       when the store is full).
 * </ul>
 *
 * Thread-safe: a scenario drives it from any thread; pushes happen in call order on the patch's own thread.
 */
public final class FakeBluezPatch {

    /** Sequences start at 1 in every boot epoch, as on the serial link; 0 means "nothing acknowledged yet". */
    public static final long FIRST_SEQUENCE = 1;

    private static final Logger LOG = LoggerFactory.getLogger(FakeBluezPatch.class);

    private final FakeBluez bluez;
    private final PatchProfile profile;
    private final String devicePath;
    private final FakeDevice device;
    private final List<BluezObject> objects;
    private final FakeCharacteristic temperatureMeasurement;
    private final FakeCharacteristic batteryLevel;
    private final FakeCharacteristic storedRecord;
    private final List<FakeCharacteristic> characteristics;
    private final RecordStore store;
    private final ExecutorService radio;

    private volatile boolean inRange = true;
    private volatile boolean known;
    private final AtomicInteger appearances = new AtomicInteger();
    private volatile int batteryPercent;
    private volatile int intervalSeconds;
    private long acknowledged;
    private long lastAcknowledgedSequence;
    private long transfers;

    /**
     * @param storedReadingService false for a plain Health Thermometer: no Calor service, readings only as
     *     0x2A1C indications, nothing kept for later
     */
    FakeBluezPatch(FakeBluez bluez, PatchProfile profile, boolean storedReadingService) {
        this.bluez = bluez;
        this.profile = profile;
        this.store = new RecordStore(profile.storeCapacity(), profile.bootEpoch(), FIRST_SEQUENCE);
        this.batteryPercent = profile.batteryPercent();
        this.intervalSeconds = profile.intervalSeconds();
        this.radio = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "calor-sim-ble-" + profile.deviceId());
            t.setDaemon(true);
            return t;
        });
        this.devicePath = FakeBluez.ADAPTER_PATH + "/dev_" + profile.address().replace(':', '_');
        this.device = new FakeDevice(
                devicePath,
                FakeBluez.ADAPTER_PATH,
                profile.address(),
                profile.name(),
                storedReadingService
                        ? new String[] {
                            GattUuids.HEALTH_THERMOMETER_SERVICE,
                            GattUuids.BATTERY_SERVICE,
                            GattUuids.DEVICE_INFORMATION_SERVICE,
                            GattUuids.STORED_READINGS_SERVICE
                        }
                        : new String[] {
                            GattUuids.HEALTH_THERMOMETER_SERVICE,
                            GattUuids.BATTERY_SERVICE,
                            GattUuids.DEVICE_INFORMATION_SERVICE
                        },
                new DeviceBehaviour());

        GattTreeBuilder tree = new GattTreeBuilder(devicePath, device::connected);
        tree.service(GattUuids.HEALTH_THERMOMETER_SERVICE);
        this.temperatureMeasurement = tree.characteristic(GattUuids.TEMPERATURE_MEASUREMENT, "indicate", null, null);
        profile.temperatureType()
                .ifPresent(type -> tree.characteristic(GattUuids.TEMPERATURE_TYPE, "read", type::encode, null));
        tree.characteristic(
                GattUuids.MEASUREMENT_INTERVAL,
                "read,write,indicate",
                () -> SimpleValues.encodeMeasurementInterval(intervalSeconds),
                this::writeInterval);
        tree.service(GattUuids.BATTERY_SERVICE);
        this.batteryLevel = tree.characteristic(
                GattUuids.BATTERY_LEVEL, "read,notify", () -> SimpleValues.encodeBatteryLevel(batteryPercent), null);
        tree.service(GattUuids.DEVICE_INFORMATION_SERVICE);
        tree.characteristic(
                GattUuids.SERIAL_NUMBER_STRING, "read", () -> SimpleValues.encodeString(profile.deviceId()), null);
        tree.characteristic(
                GattUuids.FIRMWARE_REVISION_STRING,
                "read",
                () -> SimpleValues.encodeString(profile.firmwareRevision()),
                null);
        tree.characteristic(GattUuids.MANUFACTURER_NAME_STRING, "read", () -> SimpleValues.encodeString("Calor"), null);
        if (storedReadingService) {
            tree.service(GattUuids.STORED_READINGS_SERVICE);
            this.storedRecord = tree.characteristic(GattUuids.STORED_RECORD, "notify", null, null);
            tree.characteristic(GattUuids.RECORD_CONTROL_POINT, "write", null, this::writeControlPoint);
            tree.characteristic(GattUuids.STORE_STATUS, "read", this::readStoreStatus, null);
        } else {
            this.storedRecord = null;
        }

        this.objects = tree.objects(device);
        this.characteristics = tree.characteristics();
    }

    /**
     * The patch takes a measurement: it is stored, then pushed to subscribers if the link is up. Returns the
     * record (with its sequence number).
     */
    public StoredRecord measure(TemperatureMeasurement measurement) {
        return measure(0, measurement);
    }

    /**
     * As {@link #measure(TemperatureMeasurement)}, with Calor flags (the serial MEASUREMENT bits: detached,
     * warming up, low battery, clock unset, sensor error).
     */
    public StoredRecord measure(int flags, TemperatureMeasurement measurement) {
        return measure(flags, HtsTemperatureMeasurementCodec.encode(measurement));
    }

    /** As {@link #measure(int, TemperatureMeasurement)}, with the 0x2A1C bytes given (e.g. a corrupt value). */
    public StoredRecord measure(int flags, byte[] measurementValue) {
        StoredRecord record;
        synchronized (this) {
            record = store.append(flags, measurementValue);
        }
        radio.execute(() -> {
            if (storedRecord != null) {
                storedRecord.push(record.encode());
            }
            temperatureMeasurement.push(record.measurement());
        });
        return record;
    }

    /** The battery level changes; subscribers are notified. */
    public void battery(int percent) {
        byte[] value = SimpleValues.encodeBatteryLevel(percent);
        batteryPercent = percent;
        radio.execute(() -> batteryLevel.push(value));
    }

    /** The patch leaves radio range: the link drops, connection attempts fail, readings accumulate. */
    public void goOutOfRange() {
        inRange = false;
        radio.execute(device::dropLink);
    }

    /** The patch is back in range: the bridge can connect again (and, if it was forgotten, discover it). */
    public void comeBackInRange() {
        inRange = true;
        if (!known && bluez.discovering()) {
            radio.execute(() -> bluez.appear(this));
        }
    }

    /**
     * bluetoothd forgets the device (InterfacesRemoved for the device and its GATT objects), as after
     * {@code RemoveDevice} or a cache purge. It comes back when discovery runs while it is in range.
     */
    public void disappear() {
        radio.execute(() -> {
            device.dropLink();
            bluez.forget(this);
        });
    }

    /** Readings stored and not yet acknowledged. */
    public synchronized int storedCount() {
        return store.size();
    }

    /** Records freed by acknowledgements since start. */
    public synchronized long acknowledgedCount() {
        return acknowledged;
    }

    /** The sequence of the newest record an acknowledgement freed; 0 before the first. */
    public synchronized long lastAcknowledgedSequence() {
        return lastAcknowledgedSequence;
    }

    /** TRANSFER requests received since start. */
    public synchronized long transferCount() {
        return transfers;
    }

    public synchronized int overwrittenCount() {
        return store.overwritten();
    }

    public int intervalSeconds() {
        return intervalSeconds;
    }

    public boolean connected() {
        return device.connected();
    }

    /** Whether a client subscribed to the Stored Record characteristic on the current link. */
    public boolean streaming() {
        return storedRecord != null && storedRecord.notifying();
    }

    public PatchProfile profile() {
        return profile;
    }

    public String devicePath() {
        return devicePath;
    }

    boolean inRange() {
        return inRange;
    }

    boolean known() {
        return known;
    }

    void known(boolean value) {
        known = value;
        if (value) {
            appearances.incrementAndGet();
        }
    }

    /** How many times bluetoothd learned about this device (1 at attach, +1 per rediscovery after removal). */
    public int appearances() {
        return appearances.get();
    }

    FakeDevice device() {
        return device;
    }

    List<BluezObject> objects() {
        return objects;
    }

    /** bluetoothd died: no signals, the link and every subscription are gone. */
    void daemonDied() {
        device.init(FakeDevice.IFACE, "Connected", new org.freedesktop.dbus.types.Variant<>(false));
        device.init(FakeDevice.IFACE, "ServicesResolved", new org.freedesktop.dbus.types.Variant<>(false));
        for (FakeCharacteristic c : characteristics) {
            c.init(FakeCharacteristic.IFACE, "Notifying", new org.freedesktop.dbus.types.Variant<>(false));
        }
    }

    void shutdown() {
        radio.shutdownNow();
        try {
            radio.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeInterval(byte[] value) {
        int seconds;
        try {
            seconds = SimpleValues.decodeMeasurementInterval(value);
            SimpleValues.requireIntervalInRange(seconds);
        } catch (GattPayloadException e) {
            // ATT error 0xFF "Out of Range", as HTS specifies for the Measurement Interval
            throw BluezErrors.error(
                    BluezErrors.FAILED, "Operation failed with ATT error: 0xff (" + e.getMessage() + ")");
        }
        intervalSeconds = seconds;
        LOG.info("patch {} measurement interval set to {} s", profile.deviceId(), seconds);
    }

    private void writeControlPoint(byte[] value) {
        ControlPointCommand command;
        try {
            command = ControlPointCommand.decode(value);
        } catch (GattPayloadException e) {
            throw BluezErrors.error(
                    BluezErrors.FAILED, "Operation failed with ATT error: 0x80 (" + e.getMessage() + ")");
        }
        if (command instanceof ControlPointCommand.Acknowledge ack) {
            synchronized (this) {
                int freed = store.acknowledge(ack.bootEpoch(), ack.sequence());
                acknowledged += freed;
                if (freed > 0) {
                    lastAcknowledgedSequence = ack.sequence();
                }
            }
        } else {
            List<StoredRecord> backlog;
            synchronized (this) {
                transfers++;
                backlog = store.snapshot();
            }
            LOG.info("patch {} transfers {} stored readings", profile.deviceId(), backlog.size());
            radio.execute(() -> backlog.forEach(r -> storedRecord.push(r.encode())));
        }
    }

    private synchronized byte[] readStoreStatus() {
        return store.status().encode();
    }

    private final class DeviceBehaviour implements FakeDevice.Behaviour {
        @Override
        public boolean inRange() {
            return inRange;
        }

        @Override
        public void connected() {
            LOG.info("patch {} connected", profile.deviceId());
        }

        @Override
        public void disconnected() {
            characteristics.forEach(FakeCharacteristic::linkDropped);
            LOG.info("patch {} disconnected", profile.deviceId());
        }
    }
}
