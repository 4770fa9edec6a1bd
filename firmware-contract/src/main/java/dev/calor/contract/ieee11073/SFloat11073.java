package dev.calor.contract.ieee11073;

import java.util.Optional;

/**
 * IEEE 11073-20601 16-bit SFLOAT: a signed 4-bit exponent in the top nibble and a signed 12-bit mantissa,
 * value = mantissa * 10^exponent, sent little-endian. Values are handled as their raw bits in the low 16
 * bits of an {@code int}. Special values: see {@link SpecialValue}.
 */
public final class SFloat11073 {

    public static final int MANTISSA_MAX = 0x07FD;
    public static final int MANTISSA_MIN = -0x07FD;
    public static final int EXPONENT_MAX = 7;
    public static final int EXPONENT_MIN = -8;

    private SFloat11073() {}

    public static int mantissa(int bits) {
        return (bits << 20) >> 20;
    }

    public static int exponent(int bits) {
        return (bits << 16) >> 28;
    }

    public static Optional<SpecialValue> special(int bits) {
        int b = bits & 0xFFFF;
        for (SpecialValue s : SpecialValue.values()) {
            if (s.sfloatBits() == b) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public static boolean isSpecial(int bits) {
        return special(bits).isPresent();
    }

    public static double toDouble(int bits) {
        Optional<SpecialValue> s = special(bits);
        if (s.isPresent()) {
            return s.get().toDouble();
        }
        return Decimal.toDouble(mantissa(bits), exponent(bits));
    }

    public static int of(int mantissa, int exponent) {
        if (mantissa < MANTISSA_MIN || mantissa > MANTISSA_MAX) {
            throw new IllegalArgumentException("SFLOAT mantissa out of range: " + mantissa);
        }
        if (exponent < EXPONENT_MIN || exponent > EXPONENT_MAX) {
            throw new IllegalArgumentException("SFLOAT exponent out of range: " + exponent);
        }
        return (exponent & 0xF) << 12 | (mantissa & 0xFFF);
    }

    public static int fromDouble(double value, int exponent) {
        if (Double.isNaN(value)) {
            return SpecialValue.NAN.sfloatBits();
        }
        if (Double.isInfinite(value)) {
            return value > 0
                    ? SpecialValue.POSITIVE_INFINITY.sfloatBits()
                    : SpecialValue.NEGATIVE_INFINITY.sfloatBits();
        }
        long m = Decimal.mantissaOf(value, exponent);
        if (m < MANTISSA_MIN || m > MANTISSA_MAX) {
            throw new IllegalArgumentException(value + " does not fit an SFLOAT at exponent " + exponent);
        }
        return of((int) m, exponent);
    }

    public static int read(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    public static void write(int bits, byte[] b, int off) {
        b[off] = (byte) bits;
        b[off + 1] = (byte) (bits >>> 8);
    }

    public static String toString(int bits) {
        return special(bits).map(Enum::name).orElseGet(() -> mantissa(bits) + "e" + exponent(bits));
    }
}
