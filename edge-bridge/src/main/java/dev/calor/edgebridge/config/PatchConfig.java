package dev.calor.edgebridge.config;

import dev.calor.edgebridge.transport.ble.BleTransportSettings;
import dev.calor.edgebridge.transport.serial.SerialSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * One patch: its MQTT identity and exactly one transport.
 *
 * @param deviceId the patch's id, also its MQTT username
 * @param password its MQTT password
 * @param serial present for a serial patch
 * @param ble present for a BLE patch
 */
public record PatchConfig(
        String deviceId, String password, Optional<SerialSettings> serial, Optional<BleTransportSettings> ble) {

    public PatchConfig {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(password, "password");
        if (serial.isPresent() == ble.isPresent()) {
            throw new IllegalArgumentException("a patch has exactly one transport");
        }
    }

    public String transportKind() {
        return serial.isPresent() ? "serial" : "ble";
    }

    @Override
    public String toString() {
        return "PatchConfig[" + deviceId + ", " + transportKind() + "]"; // never print the password
    }
}
