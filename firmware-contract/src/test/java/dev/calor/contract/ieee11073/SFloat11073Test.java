package dev.calor.contract.ieee11073;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SFloat11073Test {

    @Test
    void decodesMantissaAndExponent() {
        int bits = 0xF176; // 374 * 10^-1
        assertThat(SFloat11073.mantissa(bits)).isEqualTo(374);
        assertThat(SFloat11073.exponent(bits)).isEqualTo(-1);
        assertThat(SFloat11073.toDouble(bits)).isEqualTo(37.4);
    }

    @Test
    void encodesNegativeValues() {
        int bits = SFloat11073.fromDouble(-12.5, -1);
        assertThat(bits).isEqualTo(0xFF83);
        assertThat(SFloat11073.toDouble(bits)).isEqualTo(-12.5);
    }

    @ParameterizedTest
    @EnumSource(SpecialValue.class)
    void recognisesEverySpecialValue(SpecialValue special) {
        assertThat(SFloat11073.special(special.sfloatBits())).contains(special);
        assertThat(Double.valueOf(SFloat11073.toDouble(special.sfloatBits())))
                .isEqualTo(Double.valueOf(special.toDouble()));
    }

    @Test
    void specialValuesHaveTheirStandardBits() {
        assertThat(SpecialValue.NAN.sfloatBits()).isEqualTo(0x07FF);
        assertThat(SpecialValue.NRES.sfloatBits()).isEqualTo(0x0800);
        assertThat(SpecialValue.POSITIVE_INFINITY.sfloatBits()).isEqualTo(0x07FE);
        assertThat(SpecialValue.NEGATIVE_INFINITY.sfloatBits()).isEqualTo(0x0802);
        assertThat(SpecialValue.RESERVED.sfloatBits()).isEqualTo(0x0801);
    }

    @Test
    void refusesOutOfRangeMantissaAndExponent() {
        assertThatThrownBy(() -> SFloat11073.of(2046, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SFloat11073.of(1, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SFloat11073.fromDouble(37.42, -2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTripsEveryNonSpecialEncoding() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            if (SFloat11073.isSpecial(bits)) {
                continue;
            }
            int m = SFloat11073.mantissa(bits);
            if (m < SFloat11073.MANTISSA_MIN || m > SFloat11073.MANTISSA_MAX) {
                continue; // mantissas of the special values are outside the number range at any exponent
            }
            assertThat(SFloat11073.of(m, SFloat11073.exponent(bits))).isEqualTo(bits);
        }
    }
}
