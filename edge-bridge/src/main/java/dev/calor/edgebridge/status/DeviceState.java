package dev.calor.edgebridge.status;

import dev.calor.edgebridge.transport.LinkState;
import java.util.OptionalInt;

/**
 * What the bridge knows about one patch, as an immutable snapshot.
 *
 * @param deviceId the patch
 * @param link the transport's link state
 * @param battery percent, empty until reported
 * @param rssiDbm signal strength (BLE), empty when unknown
 * @param faultFlags bitwise OR of {@code DeviceFault} values
 * @param firmwareVersion from the hello, empty until seen
 * @param sampleIntervalSeconds the interval the patch runs at, 0 when unknown
 */
public record DeviceState(
        String deviceId,
        LinkState link,
        OptionalInt battery,
        OptionalInt rssiDbm,
        int faultFlags,
        String firmwareVersion,
        int sampleIntervalSeconds) {

    public static DeviceState initial(String deviceId) {
        return new DeviceState(deviceId, LinkState.CONNECTING, OptionalInt.empty(), OptionalInt.empty(), 0, "", 0);
    }

    public DeviceState withLink(LinkState value) {
        return new DeviceState(deviceId, value, battery, rssiDbm, faultFlags, firmwareVersion, sampleIntervalSeconds);
    }

    public DeviceState withBattery(int percent) {
        return new DeviceState(
                deviceId, link, OptionalInt.of(percent), rssiDbm, faultFlags, firmwareVersion, sampleIntervalSeconds);
    }

    public DeviceState withRssi(int dbm) {
        return new DeviceState(
                deviceId, link, battery, OptionalInt.of(dbm), faultFlags, firmwareVersion, sampleIntervalSeconds);
    }

    public DeviceState withFaults(int flags) {
        return new DeviceState(deviceId, link, battery, rssiDbm, flags, firmwareVersion, sampleIntervalSeconds);
    }

    public DeviceState withFirmware(String version, int intervalSeconds) {
        return new DeviceState(deviceId, link, battery, rssiDbm, faultFlags, version, intervalSeconds);
    }
}
