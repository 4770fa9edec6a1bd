package dev.calor.contract.hts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calor.contract.hts.HtsDecodeException.Reason;
import dev.calor.contract.ieee11073.SpecialValue;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtsTemperatureMeasurementCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesCelsiusWithTimestampAndType() {
        TemperatureMeasurement m = TemperatureMeasurement.of(
                37.42, TemperatureUnit.CELSIUS, LocalDateTime.of(2026, 11, 21, 6, 30, 5), TemperatureType.ARMPIT);
        assertThat(HEX.formatHex(HtsTemperatureMeasurementCodec.encode(m))).isEqualTo("069e0e00feea070b15061e0501");
    }

    @Test
    void decodesCelsiusWithTimestampAndType() {
        TemperatureMeasurement m = HtsTemperatureMeasurementCodec.decode(HEX.parseHex("069e0e00feea070b15061e0501"));
        assertThat(m.value()).isEqualTo(37.42);
        assertThat(m.celsius()).isEqualTo(37.42);
        assertThat(m.unit()).isEqualTo(TemperatureUnit.CELSIUS);
        assertThat(m.timestamp()).contains(LocalDateTime.of(2026, 11, 21, 6, 30, 5));
        assertThat(m.type()).contains(TemperatureType.ARMPIT);
    }

    @Test
    void decodesFahrenheitWithoutOptionalFields() {
        // 99.5 F = 995 * 10^-1
        TemperatureMeasurement m = HtsTemperatureMeasurementCodec.decode(HEX.parseHex("01e30300ff"));
        assertThat(m.unit()).isEqualTo(TemperatureUnit.FAHRENHEIT);
        assertThat(m.value()).isEqualTo(99.5);
        assertThat(m.celsius()).isCloseTo(37.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.timestamp()).isEmpty();
        assertThat(m.type()).isEmpty();
    }

    @Test
    void keepsSpecialValues() {
        TemperatureMeasurement m = HtsTemperatureMeasurementCodec.decode(HEX.parseHex("0000008000"));
        assertThat(m.special()).contains(SpecialValue.NRES);
        assertThat(m.celsius()).isNaN();
        assertThat(HtsTemperatureMeasurementCodec.encode(m)).containsExactly(HEX.parseHex("0000008000"));
    }

    @Test
    void treatsAnUnknownDateAsNoTimestamp() {
        TemperatureMeasurement m = HtsTemperatureMeasurementCodec.decode(HEX.parseHex("029e0e00fe00000000000000"));
        assertThat(m.timestamp()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "'', TOO_SHORT",
        "009e0e00, TOO_SHORT",
        "029e0e00fe, TOO_SHORT",
        "009e0e00fe00, TRAILING_BYTES",
        "089e0e00fe, RESERVED_FLAGS",
        "049e0e00fe0a, UNKNOWN_TEMPERATURE_TYPE",
        "049e0e00fe00, UNKNOWN_TEMPERATURE_TYPE",
        "029e0e00feea070d15061e05, INVALID_DATE_TIME",
        "029e0e00feea07021e061e05, INVALID_DATE_TIME",
        "029e0e00feea070b15181e05, INVALID_DATE_TIME",
        "029e0e00fe0100010100000000, TRAILING_BYTES",
        "029e0e00fe010001010000, TOO_SHORT",
        "029e0e00fe0a00010100000000, TRAILING_BYTES",
    })
    void rejectsMalformedValuesWithAPreciseReason(String hex, Reason reason) {
        assertThatThrownBy(() -> HtsTemperatureMeasurementCodec.decode(HEX.parseHex(hex)))
                .isInstanceOfSatisfying(
                        HtsDecodeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void rejectsYearsBeforeTheGregorianCalendar() {
        assertThatThrownBy(() -> HtsTemperatureMeasurementCodec.decode(HEX.parseHex("029e0e00fe2d060101000000")))
                .isInstanceOfSatisfying(
                        HtsDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_DATE_TIME));
    }

    @Test
    void roundTripsEveryOptionalFieldCombination() {
        for (TemperatureUnit unit : TemperatureUnit.values()) {
            for (LocalDateTime t : new LocalDateTime[] {null, LocalDateTime.of(1999, 12, 31, 23, 59, 59)}) {
                for (TemperatureType type : new TemperatureType[] {null, TemperatureType.TYMPANUM}) {
                    TemperatureMeasurement m = TemperatureMeasurement.of(36.6, unit, t, type);
                    byte[] bytes = HtsTemperatureMeasurementCodec.encode(m);
                    assertThat(bytes).hasSize(HtsTemperatureMeasurementCodec.encodedLength(m));
                    assertThat(HtsTemperatureMeasurementCodec.decode(bytes)).isEqualTo(m);
                }
            }
        }
    }

    @Test
    void decodesTheTemperatureTypeCharacteristic() {
        assertThat(TemperatureType.decode(new byte[] {2})).isEqualTo(TemperatureType.BODY_GENERAL);
        assertThatThrownBy(() -> TemperatureType.decode(new byte[] {10}))
                .isInstanceOfSatisfying(HtsDecodeException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.UNKNOWN_TEMPERATURE_TYPE));
        assertThatThrownBy(() -> TemperatureType.decode(new byte[0])).isInstanceOf(HtsDecodeException.class);
    }

    @Test
    void refusesTimestampsHtsCannotCarry() {
        assertThatThrownBy(() -> new TemperatureMeasurement(
                        0,
                        TemperatureUnit.CELSIUS,
                        Optional.of(LocalDateTime.of(2026, 1, 1, 0, 0, 0, 5)),
                        Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
