package dev.calor.contract.ieee11073;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Float11073Test {

    @Test
    void decodesMantissaAndExponent() {
        int bits = 0xFE000E9E; // 3742 * 10^-2
        assertThat(Float11073.mantissa(bits)).isEqualTo(3742);
        assertThat(Float11073.exponent(bits)).isEqualTo(-2);
        assertThat(Float11073.toDouble(bits)).isEqualTo(37.42);
    }

    @Test
    void decodesNegativeMantissa() {
        int bits = Float11073.of(-1234, -1);
        assertThat(bits).isEqualTo(0xFFFFFB2E);
        assertThat(Float11073.toDouble(bits)).isEqualTo(-123.4);
    }

    @Test
    void encodesDoublesAtAFixedExponentRoundingHalfAwayFromZero() {
        assertThat(Float11073.fromDouble(37.425, -2)).isEqualTo(Float11073.of(3743, -2));
        assertThat(Float11073.fromDouble(-0.005, -2)).isEqualTo(Float11073.of(-1, -2));
        assertThat(Float11073.fromDouble(100.0, 0)).isEqualTo(0x00000064);
    }

    @ParameterizedTest
    @EnumSource(SpecialValue.class)
    void recognisesEverySpecialValue(SpecialValue special) {
        assertThat(Float11073.special(special.floatBits())).contains(special);
        assertThat(Double.valueOf(Float11073.toDouble(special.floatBits())))
                .isEqualTo(Double.valueOf(special.toDouble()));
    }

    @Test
    void specialValuesHaveTheirStandardBits() {
        assertThat(SpecialValue.NAN.floatBits()).isEqualTo(0x007FFFFF);
        assertThat(SpecialValue.NRES.floatBits()).isEqualTo(0x00800000);
        assertThat(SpecialValue.POSITIVE_INFINITY.floatBits()).isEqualTo(0x007FFFFE);
        assertThat(SpecialValue.NEGATIVE_INFINITY.floatBits()).isEqualTo(0x00800002);
        assertThat(SpecialValue.RESERVED.floatBits()).isEqualTo(0x00800001);
        assertThat(Float11073.toDouble(0x00800002)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Float11073.toDouble(0x00800000)).isNaN();
    }

    @Test
    void encodesNanAndInfinitiesAsSpecialValues() {
        assertThat(Float11073.fromDouble(Double.NaN, -2)).isEqualTo(0x007FFFFF);
        assertThat(Float11073.fromDouble(Double.POSITIVE_INFINITY, -2)).isEqualTo(0x007FFFFE);
        assertThat(Float11073.fromDouble(Double.NEGATIVE_INFINITY, -2)).isEqualTo(0x00800002);
    }

    @Test
    void refusesMantissasThatCollideWithSpecialValues() {
        assertThatThrownBy(() -> Float11073.of(0x7FFFFE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Float11073.fromDouble(1e300, -2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Float11073.of(Float11073.MANTISSA_MAX, 0)).isEqualTo(0x007FFFFD);
    }

    @Test
    void readsAndWritesLittleEndian() {
        byte[] b = new byte[4];
        Float11073.write(0xFE000E9E, b, 0);
        assertThat(b).containsExactly(0x9E, 0x0E, 0x00, 0xFE);
        assertThat(Float11073.read(b, 0)).isEqualTo(0xFE000E9E);
    }

    @Test
    void handlesExtremeExponents() {
        assertThat(Float11073.toDouble(Float11073.of(1, 127))).isEqualTo(1e127);
        assertThat(Float11073.toDouble(Float11073.of(1, -128))).isEqualTo(1e-128);
    }
}
