package dev.calor.edgebridge.transport;

import java.util.Objects;

/**
 * The identity a patch announces when a link comes up.
 *
 * @param deviceId the id the patch reports (the bridge checks it against the configured one)
 * @param firmwareVersion free text, empty when unknown
 * @param bootEpoch the patch's current boot epoch, or -1 when the link does not tell it (BLE)
 * @param protocolVersion the contract version the patch speaks, 0 when not applicable
 * @param sampleIntervalSeconds the sampling interval the patch reports, 0 when unknown
 */
public record PatchHello(
        String deviceId, String firmwareVersion, long bootEpoch, int protocolVersion, int sampleIntervalSeconds) {

    public PatchHello {
        Objects.requireNonNull(deviceId, "deviceId");
        firmwareVersion = firmwareVersion == null ? "" : firmwareVersion;
    }
}
