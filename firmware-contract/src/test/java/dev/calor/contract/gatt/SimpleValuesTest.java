package dev.calor.contract.gatt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SimpleValuesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void batteryLevelIsOneUnsignedByte() {
        assertThat(SimpleValues.decodeBatteryLevel(HEX.parseHex("64"))).isEqualTo(100);
        assertThat(SimpleValues.encodeBatteryLevel(57)).containsExactly(57);
    }

    @Test
    void rejectsBatteryLevelAboveHundred() {
        assertThatThrownBy(() -> SimpleValues.decodeBatteryLevel(HEX.parseHex("65")))
                .isInstanceOf(GattPayloadException.class)
                .hasMessage("battery level above 100 %: 101");
    }

    @Test
    void measurementIntervalIsUint16LittleEndian() {
        assertThat(HEX.formatHex(SimpleValues.encodeMeasurementInterval(600))).isEqualTo("5802");
        assertThat(SimpleValues.decodeMeasurementInterval(HEX.parseHex("100e"))).isEqualTo(3600);
    }

    @Test
    void refusesIntervalOutsideTheValidRange() {
        assertThatThrownBy(() -> SimpleValues.encodeMeasurementInterval(0)).isInstanceOf(GattPayloadException.class);
        assertThatThrownBy(() -> SimpleValues.encodeMeasurementInterval(3601))
                .isInstanceOf(GattPayloadException.class)
                .hasMessage("measurement interval must be 1..3600 s, was 3601");
    }

    @Test
    void validRangeDescriptorHoldsBothBounds() {
        assertThat(HEX.formatHex(SimpleValues.measurementIntervalValidRange())).isEqualTo("0100100e");
    }

    @Test
    void uuidsAreFull128BitLowerCase() {
        assertThat(GattUuids.TEMPERATURE_MEASUREMENT).isEqualTo("00002a1c-0000-1000-8000-00805f9b34fb");
        assertThat(GattUuids.STORED_READINGS_SERVICE).isEqualTo("ca100001-5e1f-4c7a-8d2e-6b3f9a0c4d17");
        assertThat(GattUuids.same("00002A1C-0000-1000-8000-00805F9B34FB", GattUuids.TEMPERATURE_MEASUREMENT))
                .isTrue();
    }
}
