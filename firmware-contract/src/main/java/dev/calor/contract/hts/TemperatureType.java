package dev.calor.contract.hts;

import java.util.Optional;

/** Temperature Type characteristic 0x2A1D (and the optional type field of 0x2A1C). */
public enum TemperatureType {
    ARMPIT(1),
    BODY_GENERAL(2),
    EAR(3),
    FINGER(4),
    GASTROINTESTINAL_TRACT(5),
    MOUTH(6),
    RECTUM(7),
    TOE(8),
    TYMPANUM(9);

    private final int code;

    TemperatureType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<TemperatureType> fromCode(int code) {
        for (TemperatureType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * Decodes the one-byte 0x2A1D characteristic value.
     *
     * @throws HtsDecodeException when the value is not exactly one byte or names a reserved type
     */
    public static TemperatureType decode(byte[] value) {
        if (value.length != 1) {
            throw new HtsDecodeException(
                    value.length == 0 ? HtsDecodeException.Reason.TOO_SHORT : HtsDecodeException.Reason.TRAILING_BYTES,
                    "Temperature Type is one byte, got " + value.length);
        }
        int code = value[0] & 0xFF;
        return fromCode(code)
                .orElseThrow(() -> new HtsDecodeException(
                        HtsDecodeException.Reason.UNKNOWN_TEMPERATURE_TYPE, "reserved temperature type " + code));
    }

    public byte[] encode() {
        return new byte[] {(byte) code};
    }
}
