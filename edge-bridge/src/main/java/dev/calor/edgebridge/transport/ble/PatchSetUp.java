package dev.calor.edgebridge.transport.ble;

import dev.calor.contract.gatt.GattUuids;
import dev.calor.contract.gatt.SimpleValues;
import dev.calor.contract.gatt.StoreStatus;
import dev.calor.contract.hts.TemperatureType;
import dev.calor.edgebridge.transport.RejectReason;
import dev.calor.proto.v1.MeasurementSite;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GATT conversation once BlueZ has resolved a patch's services: check its identity, read what it is, write
 * the configured interval, subscribe to battery and to readings. TRANSFER is left to the caller, after it has
 * reported the link online.
 *
 * @throws dev.calor.contract.ContractException (from {@link #run}) when the patch returns a malformed value
 */
final class PatchSetUp {

    private static final Logger LOG = LoggerFactory.getLogger(PatchSetUp.class);

    /**
     * What set-up learned.
     *
     * @param characteristics object paths by lower-case UUID
     * @param bootEpoch from Store Status, -1 for a plain thermometer
     * @param intervalSeconds the Measurement Interval now in force, 0 when the patch has none
     * @param defaultSite from Temperature Type; skin when the patch has none (HTS has no skin type)
     * @param streamingRecords true when readings come as Calor Stored Records, false for plain 0x2A1C
     * @param firstHeld where the patch's store of {@code bootEpoch} starts at most (Store Status: next sequence
     *     minus records held, which may include older epochs, so the bound is low, never high); -1 unknown
     */
    record Result(
            Map<String, String> characteristics,
            String firmware,
            long bootEpoch,
            int intervalSeconds,
            OptionalInt batteryPercent,
            MeasurementSite defaultSite,
            boolean streamingRecords,
            long firstHeld) {}

    /** The device answers but is not a patch this transport may use. */
    static final class Refused extends Exception {
        private final RejectReason reason;

        Refused(RejectReason reason, String message) {
            super(message);
            this.reason = reason;
        }

        RejectReason reason() {
            return reason;
        }
    }

    private final BluezSession session;
    private final BleTransportSettings settings;
    private final Map<String, String> characteristics;

    private PatchSetUp(BluezSession session, BleTransportSettings settings, Map<String, String> characteristics) {
        this.session = session;
        this.settings = settings;
        this.characteristics = characteristics;
    }

    static Result run(BluezSession session, String devicePath, BleTransportSettings settings)
            throws DBusException, Refused {
        Map<String, String> characteristics = new GattLayout(session.managedObjects()).characteristics(devicePath);
        return new PatchSetUp(session, settings, characteristics).run();
    }

    private Result run() throws DBusException, Refused {
        Optional<String> serial = read(GattUuids.SERIAL_NUMBER_STRING).map(SimpleValues::decodeString);
        if (serial.isPresent() && !serial.get().equals(settings.deviceId())) {
            throw new Refused(
                    RejectReason.INVALID,
                    "patch at " + settings.target() + " reports serial number '" + serial.get()
                            + "', configured device id is '" + settings.deviceId() + "'");
        }
        boolean streamingRecords = characteristics.containsKey(GattUuids.STORED_RECORD)
                && characteristics.containsKey(GattUuids.RECORD_CONTROL_POINT);
        if (!streamingRecords && !characteristics.containsKey(GattUuids.TEMPERATURE_MEASUREMENT)) {
            throw new Refused(RejectReason.UNSUPPORTED, "patch at " + settings.target() + " has no Health Thermometer");
        }
        String firmware = read(GattUuids.FIRMWARE_REVISION_STRING)
                .map(SimpleValues::decodeString)
                .orElse("");
        MeasurementSite site = read(GattUuids.TEMPERATURE_TYPE)
                .map(v -> dev.calor.edgebridge.transport.ContractMapping.site(TemperatureType.decode(v)))
                .orElse(MeasurementSite.MEASUREMENT_SITE_SKIN);
        Optional<StoreStatus> store = read(GattUuids.STORE_STATUS).map(StoreStatus::decode);
        long epoch = store.map(s -> (long) s.bootEpoch()).orElse(-1L);
        long firstHeld = store.map(s -> s.nextSequence() - s.storedCount())
                .filter(f -> f >= 1)
                .orElse(-1L);
        int interval = configureInterval();
        OptionalInt battery = OptionalInt.empty();
        Optional<byte[]> level = read(GattUuids.BATTERY_LEVEL);
        if (level.isPresent()) {
            battery = OptionalInt.of(SimpleValues.decodeBatteryLevel(level.get()));
            session.startNotify(characteristics.get(GattUuids.BATTERY_LEVEL));
        }
        session.startNotify(
                characteristics.get(streamingRecords ? GattUuids.STORED_RECORD : GattUuids.TEMPERATURE_MEASUREMENT));
        return new Result(
                Map.copyOf(characteristics), firmware, epoch, interval, battery, site, streamingRecords, firstHeld);
    }

    private int configureInterval() throws DBusException {
        String path = characteristics.get(GattUuids.MEASUREMENT_INTERVAL);
        if (path == null) {
            return 0;
        }
        int current = SimpleValues.decodeMeasurementInterval(session.read(path));
        int wanted = settings.measurementIntervalSeconds();
        if (wanted == 0 || wanted == current) {
            return current;
        }
        try {
            session.write(path, SimpleValues.encodeMeasurementInterval(wanted));
            LOG.info("patch {}: measurement interval {} s -> {} s", settings.deviceId(), current, wanted);
            return wanted;
        } catch (DBusException | DBusExecutionException e) {
            LOG.warn("patch {} refused measurement interval {} s: {}", settings.deviceId(), wanted, e.getMessage());
            return current;
        }
    }

    private Optional<byte[]> read(String uuid) throws DBusException {
        String path = characteristics.get(uuid);
        return path == null ? Optional.empty() : Optional.of(session.read(path));
    }
}
