package dev.calor.sim.ble;

import dev.calor.contract.gatt.SimpleValues;
import dev.calor.contract.hts.TemperatureType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a simulated BLE patch looks like from the bridge: identity, GATT content and flash size.
 *
 * @param deviceId the Device Information serial number, which is the Calor device id
 * @param address the BLE address, {@code XX:XX:XX:XX:XX:XX}
 * @param name the advertised name (Device1 Name)
 * @param firmwareRevision the Device Information firmware revision
 * @param bootEpoch low 16 bits of the boot counter, carried in every stored record
 * @param intervalSeconds the initial Measurement Interval, within the valid range
 * @param batteryPercent the initial Battery Level
 * @param storeCapacity how many unacknowledged readings the patch keeps before overwriting the oldest
 * @param temperatureType the Temperature Type 0x2A1D the patch reports; empty for a skin patch (HTS has no
 *     skin type), which then exposes no 0x2A1D and omits the type from its measurements
 */
public record PatchProfile(
        String deviceId,
        String address,
        String name,
        String firmwareRevision,
        int bootEpoch,
        int intervalSeconds,
        int batteryPercent,
        int storeCapacity,
        Optional<TemperatureType> temperatureType) {

    public static final String DEFAULT_FIRMWARE = "calor-sim 1.0.0";
    public static final int DEFAULT_INTERVAL_SECONDS = 60;
    public static final int DEFAULT_BATTERY_PERCENT = 95;
    /** A few days of one-minute readings, as a small patch's flash would hold. */
    public static final int DEFAULT_STORE_CAPACITY = 4096;

    private static final Pattern ADDRESS = Pattern.compile("([0-9A-F]{2}:){5}[0-9A-F]{2}");

    public PatchProfile {
        List<String> errors = new ArrayList<>();
        if (deviceId == null || deviceId.isBlank()) {
            errors.add("deviceId must not be blank");
        }
        if (address == null || !ADDRESS.matcher(address).matches()) {
            errors.add("address must look like C0:A1:00:00:00:01 (upper-case hex), was " + address);
        }
        if (name == null || name.isBlank()) {
            errors.add("name must not be blank");
        }
        if (bootEpoch < 0 || bootEpoch > 0xFFFF) {
            errors.add("bootEpoch must be 0..65535, was " + bootEpoch);
        }
        if (intervalSeconds < SimpleValues.MIN_INTERVAL_SECONDS
                || intervalSeconds > SimpleValues.MAX_INTERVAL_SECONDS) {
            errors.add("intervalSeconds must be 1..3600, was " + intervalSeconds);
        }
        if (batteryPercent < 0 || batteryPercent > 100) {
            errors.add("batteryPercent must be 0..100, was " + batteryPercent);
        }
        if (storeCapacity < 1) {
            errors.add("storeCapacity must be positive, was " + storeCapacity);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid BLE patch profile: " + String.join("; ", errors));
        }
        firmwareRevision = Objects.requireNonNullElse(firmwareRevision, DEFAULT_FIRMWARE);
        Objects.requireNonNull(temperatureType, "temperatureType");
    }

    /** A patch with the given id and address, named {@code Calor <id>}, with defaults for the rest. */
    public static PatchProfile of(String deviceId, String address) {
        return new PatchProfile(
                deviceId,
                address,
                "Calor " + deviceId,
                DEFAULT_FIRMWARE,
                1,
                DEFAULT_INTERVAL_SECONDS,
                DEFAULT_BATTERY_PERCENT,
                DEFAULT_STORE_CAPACITY,
                Optional.of(TemperatureType.ARMPIT));
    }

    public PatchProfile withBootEpoch(int epoch) {
        return new PatchProfile(
                deviceId,
                address,
                name,
                firmwareRevision,
                epoch,
                intervalSeconds,
                batteryPercent,
                storeCapacity,
                temperatureType);
    }

    public PatchProfile withStoreCapacity(int capacity) {
        return new PatchProfile(
                deviceId,
                address,
                name,
                firmwareRevision,
                bootEpoch,
                intervalSeconds,
                batteryPercent,
                capacity,
                temperatureType);
    }

    public PatchProfile withTemperatureType(Optional<TemperatureType> type) {
        return new PatchProfile(
                deviceId,
                address,
                name,
                firmwareRevision,
                bootEpoch,
                intervalSeconds,
                batteryPercent,
                storeCapacity,
                type);
    }

    public PatchProfile withFirmwareRevision(String revision) {
        return new PatchProfile(
                deviceId,
                address,
                name,
                revision,
                bootEpoch,
                intervalSeconds,
                batteryPercent,
                storeCapacity,
                temperatureType);
    }

    public PatchProfile withIntervalSeconds(int seconds) {
        return new PatchProfile(
                deviceId,
                address,
                name,
                firmwareRevision,
                bootEpoch,
                seconds,
                batteryPercent,
                storeCapacity,
                temperatureType);
    }

    public PatchProfile withName(String newName) {
        return new PatchProfile(
                deviceId,
                address,
                newName,
                firmwareRevision,
                bootEpoch,
                intervalSeconds,
                batteryPercent,
                storeCapacity,
                temperatureType);
    }
}
