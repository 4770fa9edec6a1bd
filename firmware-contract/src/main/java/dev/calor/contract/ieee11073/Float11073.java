package dev.calor.contract.ieee11073;

import java.util.Optional;

/**
 * IEEE 11073-20601 32-bit FLOAT as used by the Health Thermometer profile: a signed 8-bit exponent in the
 * most significant byte and a signed 24-bit mantissa, value = mantissa * 10^exponent, sent little-endian.
 * Values are handled as their raw {@code int} bits. Special values: see {@link SpecialValue}.
 */
public final class Float11073 {

    public static final int MANTISSA_MAX = 0x7FFFFD;
    public static final int MANTISSA_MIN = -0x7FFFFD;
    public static final int EXPONENT_MAX = 127;
    public static final int EXPONENT_MIN = -128;

    private Float11073() {}

    public static int mantissa(int bits) {
        return (bits << 8) >> 8;
    }

    public static int exponent(int bits) {
        return bits >> 24;
    }

    /** The special value these bits encode, if any. */
    public static Optional<SpecialValue> special(int bits) {
        for (SpecialValue s : SpecialValue.values()) {
            if (s.floatBits() == bits) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public static boolean isSpecial(int bits) {
        return special(bits).isPresent();
    }

    /** The numeric value; NaN for NaN, NRes and reserved; +/-infinity for the infinities. */
    public static double toDouble(int bits) {
        Optional<SpecialValue> s = special(bits);
        if (s.isPresent()) {
            return s.get().toDouble();
        }
        return Decimal.toDouble(mantissa(bits), exponent(bits));
    }

    /**
     * Bits for {@code mantissa * 10^exponent}.
     *
     * @throws IllegalArgumentException when the mantissa or exponent is out of range or would encode a special value
     */
    public static int of(int mantissa, int exponent) {
        if (mantissa < MANTISSA_MIN || mantissa > MANTISSA_MAX) {
            throw new IllegalArgumentException("FLOAT mantissa out of range: " + mantissa);
        }
        if (exponent < EXPONENT_MIN || exponent > EXPONENT_MAX) {
            throw new IllegalArgumentException("FLOAT exponent out of range: " + exponent);
        }
        return exponent << 24 | (mantissa & 0xFFFFFF);
    }

    /**
     * Bits for {@code value} at a fixed exponent (e.g. -2 for hundredths), rounded half away from zero.
     * NaN encodes as {@link SpecialValue#NAN}, infinities as the infinities.
     *
     * @throws IllegalArgumentException when the value does not fit the mantissa at that exponent
     */
    public static int fromDouble(double value, int exponent) {
        if (Double.isNaN(value)) {
            return SpecialValue.NAN.floatBits();
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? SpecialValue.POSITIVE_INFINITY.floatBits() : SpecialValue.NEGATIVE_INFINITY.floatBits();
        }
        long m = Decimal.mantissaOf(value, exponent);
        if (m < MANTISSA_MIN || m > MANTISSA_MAX) {
            throw new IllegalArgumentException(value + " does not fit a FLOAT at exponent " + exponent);
        }
        return of((int) m, exponent);
    }

    public static int read(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    public static void write(int bits, byte[] b, int off) {
        b[off] = (byte) bits;
        b[off + 1] = (byte) (bits >>> 8);
        b[off + 2] = (byte) (bits >>> 16);
        b[off + 3] = (byte) (bits >>> 24);
    }

    public static String toString(int bits) {
        return special(bits).map(Enum::name).orElseGet(() -> mantissa(bits) + "e" + exponent(bits));
    }
}
