package dev.calor.contract.serial;

import java.util.Optional;

/** Frame types of protocol version 1. Bit 7 set: sent by the bridge to the patch. */
public enum FrameType {
    /** Patch to bridge: identity, firmware, capabilities, sample interval, supported versions. */
    HELLO(0x01),
    /** Patch to bridge: one reading, an HTS 0x2A1C value plus Calor flags. Acknowledged by ACK. */
    MEASUREMENT(0x02),
    /** Patch to bridge: battery level. */
    BATTERY(0x03),
    /** Patch to bridge: fault bits (detached, low battery, clock unset, sensor error). */
    STATUS(0x04),
    /** Bridge to patch: every reading up to a sequence number is stored; the patch may free it. */
    ACK(0x81),
    /** Bridge to patch: the current UTC time. */
    TIME_SET(0x82),
    /** Bridge to patch: a new sample interval. */
    SET_INTERVAL(0x83);

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** True for frames the bridge sends to the patch. */
    public boolean fromBridge() {
        return (code & 0x80) != 0;
    }

    public static Optional<FrameType> fromCode(int code) {
        for (FrameType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
