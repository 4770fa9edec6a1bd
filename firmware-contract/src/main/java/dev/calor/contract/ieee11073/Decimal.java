package dev.calor.contract.ieee11073;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Shared arithmetic of FLOAT and SFLOAT: value = mantissa * 10^exponent. */
final class Decimal {

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };

    private Decimal() {}

    /** Correctly rounded for |exponent| <= 22 (powers of ten up to 1e22 are exact doubles). */
    static double toDouble(int mantissa, int exponent) {
        if (exponent >= 0 && exponent < POW10.length) {
            return mantissa * POW10[exponent];
        }
        if (exponent < 0 && -exponent < POW10.length) {
            return mantissa / POW10[-exponent];
        }
        return new BigDecimal(BigInteger.valueOf(mantissa), -exponent).doubleValue();
    }

    /** The mantissa of {@code value} at {@code exponent}, rounded half away from zero. */
    static long mantissaOf(double value, int exponent) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        BigDecimal scaled = BigDecimal.valueOf(value).movePointLeft(exponent).setScale(0, RoundingMode.HALF_UP);
        if (scaled.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            return scaled.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return scaled.longValueExact();
    }
}
