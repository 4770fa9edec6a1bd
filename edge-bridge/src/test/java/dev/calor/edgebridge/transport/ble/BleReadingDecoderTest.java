package dev.calor.edgebridge.transport.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calor.contract.ContractException;
import dev.calor.contract.gatt.StoredRecord;
import dev.calor.contract.hts.HtsTemperatureMeasurementCodec;
import dev.calor.contract.hts.TemperatureMeasurement;
import dev.calor.contract.hts.TemperatureType;
import dev.calor.contract.hts.TemperatureUnit;
import dev.calor.edgebridge.transport.Measurement;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.QualityFlag;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BleReadingDecoderTest {

    private final BleReadingDecoder decoder = new BleReadingDecoder("p1");

    @Test
    void storedRecordGivesEpochSequenceValueSiteAndUtcTime() {
        byte[] hts = HtsTemperatureMeasurementCodec.encode(TemperatureMeasurement.of(
                101.3, TemperatureUnit.FAHRENHEIT, LocalDateTime.of(2026, 11, 21, 4, 5, 6), TemperatureType.MOUTH));

        Measurement m = decoder.storedRecord(
                new StoredRecord(9, 1234, 0, hts).encode(), MeasurementSite.MEASUREMENT_SITE_AXILLA);

        assertThat(m.bootEpoch()).isEqualTo(9);
        assertThat(m.sequence()).isEqualTo(1234);
        assertThat(m.celsius()).isCloseTo(38.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.site()).isEqualTo(MeasurementSite.MEASUREMENT_SITE_ORAL);
        assertThat(m.deviceTime()).contains(Instant.parse("2026-11-21T04:05:06Z"));
        assertThat(m.qualityFlags()).isZero();
    }

    @Test
    void recordWithoutTypeTakesTheSiteOfTheTemperatureTypeCharacteristic() {
        byte[] hts = HexFormat.of().parseHex("00" + "6f0100ff"); // 36.7 °C, no time, no type

        Measurement m =
                decoder.storedRecord(new StoredRecord(1, 0, 0, hts).encode(), MeasurementSite.MEASUREMENT_SITE_AXILLA);

        assertThat(m.site()).isEqualTo(MeasurementSite.MEASUREMENT_SITE_AXILLA);
        assertThat(m.deviceTime()).isEmpty();
        assertThat(m.celsius()).isCloseTo(36.7, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void sensorSpecialValueBecomesNaNWithTheSensorErrorFlag() {
        byte[] hts = HexFormat.of().parseHex("00" + "ffff7f00"); // FLOAT NaN 0x007FFFFF

        Measurement m =
                decoder.storedRecord(new StoredRecord(1, 0, 0, hts).encode(), MeasurementSite.MEASUREMENT_SITE_SKIN);

        assertThat(m.celsius()).isNaN();
        assertThat(m.qualityFlags()).isEqualTo(QualityFlag.QUALITY_FLAG_SENSOR_ERROR_VALUE);
    }

    @Test
    void standardIndicationIsNumberedByItsDeviceTime() {
        byte[] hts = HtsTemperatureMeasurementCodec.encode(
                TemperatureMeasurement.of(38.0, TemperatureUnit.CELSIUS, LocalDateTime.of(2026, 1, 1, 0, 0, 0), null));

        Measurement m = decoder.standardIndication(hts, MeasurementSite.MEASUREMENT_SITE_CORE, 5);

        assertThat(m.bootEpoch()).isZero();
        assertThat(m.sequence()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond());
    }

    @Test
    void malformedRecordIsATypedContractError() {
        assertThatThrownBy(() -> decoder.storedRecord(new byte[7], MeasurementSite.MEASUREMENT_SITE_SKIN))
                .isInstanceOf(ContractException.class);
        byte[] reservedFlags = HexFormat.of().parseHex("0100" + "00000000" + "00" + "f8" + "6f0100ff");
        assertThatThrownBy(() -> decoder.storedRecord(reservedFlags, MeasurementSite.MEASUREMENT_SITE_SKIN))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("RESERVED_FLAGS");
    }

    @Test
    void everyTemperatureTypeMapsToASite() {
        for (TemperatureType type : TemperatureType.values()) {
            assertThat(dev.calor.edgebridge.transport.ContractMapping.site(type))
                    .isNotEqualTo(MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED);
        }
    }

    @Test
    void calorFlagsBecomeQualityFlagsAndClockUnsetDropsTheDeviceTime() {
        byte[] hts = HtsTemperatureMeasurementCodec.encode(TemperatureMeasurement.of(
                30.0, TemperatureUnit.CELSIUS, LocalDateTime.of(2026, 11, 21, 4, 5, 6), null));
        int detachedAndClockUnset = 0x01 | 0x08;

        Measurement m = decoder.storedRecord(
                new StoredRecord(1, 5, detachedAndClockUnset, hts).encode(), MeasurementSite.MEASUREMENT_SITE_SKIN);

        assertThat(m.qualityFlags())
                .isEqualTo(QualityFlag.QUALITY_FLAG_SENSOR_DETACHED_VALUE
                        | QualityFlag.QUALITY_FLAG_CLOCK_UNRELIABLE_VALUE);
        assertThat(m.deviceTime()).isEmpty();
    }

    @Test
    void everyCalorFlagHasAQualityFlag() {
        assertThat(dev.calor.edgebridge.transport.ContractMapping.qualityFlags(0x02))
                .isEqualTo(QualityFlag.QUALITY_FLAG_WARMING_UP_VALUE);
        assertThat(dev.calor.edgebridge.transport.ContractMapping.qualityFlags(0x04))
                .isEqualTo(QualityFlag.QUALITY_FLAG_LOW_BATTERY_VALUE);
        assertThat(dev.calor.edgebridge.transport.ContractMapping.qualityFlags(0x10))
                .isEqualTo(QualityFlag.QUALITY_FLAG_SENSOR_ERROR_VALUE);
        assertThat(dev.calor.edgebridge.transport.ContractMapping.qualityFlags(0))
                .isZero();
    }
}
