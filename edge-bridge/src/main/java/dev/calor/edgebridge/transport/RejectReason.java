package dev.calor.edgebridge.transport;

/** Why a received frame or payload was dropped. A bounded set, used as a metrics label. */
public enum RejectReason {
    /** Framing or checksum damage (bad COBS, CRC mismatch). */
    CORRUPTED,
    /** Structurally wrong: wrong length, truncated, oversized. */
    MALFORMED,
    /** Unknown frame type or unsupported contract version. */
    UNSUPPORTED,
    /** Well formed but carrying an impossible value (e.g. a device id other than the configured one). */
    INVALID;

    /** Lower-case label for metrics and logs. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
