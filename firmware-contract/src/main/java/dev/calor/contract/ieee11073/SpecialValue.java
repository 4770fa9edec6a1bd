package dev.calor.contract.ieee11073;

/** The reserved encodings of IEEE 11073-20601 FLOAT and SFLOAT (exponent 0, mantissa as below). */
public enum SpecialValue {
    /** Not a Number: FLOAT 0x007FFFFF, SFLOAT 0x07FF. */
    NAN(0x007FFFFF, 0x07FF),
    /** Not at this resolution: FLOAT 0x00800000, SFLOAT 0x0800. */
    NRES(0x00800000, 0x0800),
    /** Positive infinity: FLOAT 0x007FFFFE, SFLOAT 0x07FE. */
    POSITIVE_INFINITY(0x007FFFFE, 0x07FE),
    /** Negative infinity: FLOAT 0x00800002, SFLOAT 0x0802. */
    NEGATIVE_INFINITY(0x00800002, 0x0802),
    /** Reserved for future use: FLOAT 0x00800001, SFLOAT 0x0801. */
    RESERVED(0x00800001, 0x0801);

    private final int floatBits;
    private final int sfloatBits;

    SpecialValue(int floatBits, int sfloatBits) {
        this.floatBits = floatBits;
        this.sfloatBits = sfloatBits;
    }

    /** The 32-bit FLOAT encoding. */
    public int floatBits() {
        return floatBits;
    }

    /** The 16-bit SFLOAT encoding. */
    public int sfloatBits() {
        return sfloatBits;
    }

    /** NaN for NaN, NRes and reserved; the infinities for the infinities. */
    public double toDouble() {
        return switch (this) {
            case POSITIVE_INFINITY -> Double.POSITIVE_INFINITY;
            case NEGATIVE_INFINITY -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }
}
