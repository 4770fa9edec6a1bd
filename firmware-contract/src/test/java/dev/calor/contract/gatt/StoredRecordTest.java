package dev.calor.contract.gatt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calor.contract.hts.HtsTemperatureMeasurementCodec;
import dev.calor.contract.hts.TemperatureType;
import java.time.LocalDateTime;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StoredRecordTest {

    private static final HexFormat HEX = HexFormat.of();

    // flags 0x00 (Celsius, no time, no type), FLOAT 0xFF00016F = 367 * 10^-1 = 36.7 °C
    private static final byte[] MEASUREMENT = HEX.parseHex("006f0100ff");

    @Test
    void encodesEpochSequenceAndFlagsLittleEndianBeforeTheMeasurement() {
        byte[] wire = new StoredRecord(0x0102, 0x0A0B0C0DL, 0x03, MEASUREMENT).encode();

        assertThat(HEX.formatHex(wire)).isEqualTo("0201" + "0d0c0b0a" + "03" + "006f0100ff");
    }

    @Test
    void decodesWhatItEncodes() {
        StoredRecord record = new StoredRecord(
                65535, 0xFFFF_FFFFL, 0x1F, HEX.parseHex("06" + "6f0100ff" + "e907" + "0b15061e2d" + "02"));

        assertThat(StoredRecord.decode(record.encode())).isEqualTo(record);
    }

    @Test
    void fullMeasurementWithTimeAndTypeFitsADefaultMtuNotification() {
        byte[] wire = new StoredRecord(1, 1, 0, new byte[StoredRecord.MAX_MEASUREMENT_LENGTH]).encode();

        assertThat(wire).hasSize(20);
    }

    @Test
    void rejectsTruncatedRecord() {
        assertThatThrownBy(() -> StoredRecord.decode(HEX.parseHex("010002000000000000")))
                .isInstanceOf(GattPayloadException.class)
                .hasMessageContaining("truncated: 9 bytes")
                .extracting(e -> ((GattPayloadException) e).reason())
                .isEqualTo(GattPayloadException.Reason.TOO_SHORT);
    }

    @Test
    void rejectsOversizedRecord() {
        assertThatThrownBy(() -> StoredRecord.decode(new byte[21]))
                .isInstanceOf(GattPayloadException.class)
                .hasMessageContaining("oversized: 21 bytes")
                .extracting(e -> ((GattPayloadException) e).reason())
                .isEqualTo(GattPayloadException.Reason.TOO_LONG);
    }

    @Test
    void rejectsReservedFlagBits() {
        assertThatThrownBy(() -> StoredRecord.decode(HEX.parseHex("0100" + "01000000" + "20" + "006f0100ff")))
                .isInstanceOf(GattPayloadException.class)
                .hasMessage("reserved stored-record flag bits set: 0x20")
                .extracting(e -> ((GattPayloadException) e).reason())
                .isEqualTo(GattPayloadException.Reason.RESERVED_FLAGS);
    }

    @Test
    void temperatureDecodesTheMeasurementOrRefusesItAsBadMeasurement() {
        assertThat(new StoredRecord(1, 2, 0, MEASUREMENT).temperature().value()).isEqualTo(36.7);
        // HTS flags announce a Date Time the 5 bytes do not carry
        StoredRecord bad = StoredRecord.decode(HEX.parseHex("0100" + "02000000" + "00" + "026f0100ff"));

        assertThatThrownBy(bad::temperature)
                .isInstanceOfSatisfying(GattPayloadException.class, e -> assertThat(e.reason())
                        .isEqualTo(GattPayloadException.Reason.BAD_MEASUREMENT));
    }

    @Test
    void keepsItsOwnCopyOfTheMeasurement() {
        byte[] measurement = MEASUREMENT.clone();
        StoredRecord record = new StoredRecord(1, 2, 0, measurement);
        measurement[1] = 0;

        assertThat(record.measurement()).isEqualTo(MEASUREMENT);
    }

    @Test
    void documentedExampleOfContractMdDecodesAsDescribed() {
        byte[] wire = HEX.parseHex("0700" + "2a000000" + "02" + "06" + "f10e00fe" + "ea070b15030000" + "01");

        StoredRecord record = StoredRecord.decode(wire);
        var m = HtsTemperatureMeasurementCodec.decode(record.measurement());

        assertThat(record.bootEpoch()).isEqualTo(7);
        assertThat(record.sequence()).isEqualTo(42);
        assertThat(record.flags()).isEqualTo(0x02);
        assertThat(m.value()).isEqualTo(38.25);
        assertThat(m.timestamp()).contains(LocalDateTime.of(2026, 11, 21, 3, 0, 0));
        assertThat(m.type()).contains(TemperatureType.ARMPIT);
    }
}
