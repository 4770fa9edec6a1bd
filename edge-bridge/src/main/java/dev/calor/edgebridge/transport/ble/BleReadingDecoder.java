package dev.calor.edgebridge.transport.ble;

import dev.calor.contract.gatt.StoredRecord;
import dev.calor.contract.hts.HtsTemperatureMeasurementCodec;
import dev.calor.contract.hts.TemperatureMeasurement;
import dev.calor.contract.hts.TemperatureType;
import dev.calor.edgebridge.transport.Measurement;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.QualityFlag;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Turns GATT values into {@link Measurement}s: a Calor Stored Record (boot epoch, sequence, 0x2A1C payload)
 * or, for a plain Health Thermometer without the Calor service, a bare 0x2A1C indication. Pure.
 *
 * @throws dev.calor.contract.ContractException (from the decode methods) for a malformed value
 */
final class BleReadingDecoder {

    // Stored-record flags are the serial MEASUREMENT flag bits (CONTRACT.md)
    private static final int FLAG_DETACHED = dev.calor.contract.serial.Measurement.FLAG_DETACHED;
    private static final int FLAG_WARMING_UP = dev.calor.contract.serial.Measurement.FLAG_WARMING_UP;
    private static final int FLAG_LOW_BATTERY = dev.calor.contract.serial.Measurement.FLAG_LOW_BATTERY;
    private static final int FLAG_CLOCK_UNSET = dev.calor.contract.serial.Measurement.FLAG_CLOCK_UNSET;
    private static final int FLAG_SENSOR_ERROR = dev.calor.contract.serial.Measurement.FLAG_SENSOR_ERROR;

    private final String deviceId;

    BleReadingDecoder(String deviceId) {
        this.deviceId = deviceId;
    }

    Measurement storedRecord(byte[] value, MeasurementSite defaultSite) {
        StoredRecord record = StoredRecord.decode(value);
        TemperatureMeasurement m = HtsTemperatureMeasurementCodec.decode(record.measurement());
        return measurement(record.bootEpoch(), record.sequence(), record.flags(), m, defaultSite);
    }

    /**
     * A 0x2A1C value from a thermometer that numbers nothing: boot epoch 0, and the sequence is the device
     * time in epoch seconds (so a re-sent stored measurement deduplicates), or {@code fallbackSequence}.
     */
    Measurement standardIndication(byte[] value, MeasurementSite defaultSite, long fallbackSequence) {
        TemperatureMeasurement m = HtsTemperatureMeasurementCodec.decode(value);
        long sequence = m.timestamp()
                .map(t -> t.toEpochSecond(ZoneOffset.UTC) & 0xFFFF_FFFFL)
                .orElse(fallbackSequence & 0xFFFF_FFFFL);
        return measurement(0, sequence, 0, m, defaultSite);
    }

    private Measurement measurement(
            long epoch, long sequence, int calorFlags, TemperatureMeasurement m, MeasurementSite defaultSite) {
        MeasurementSite site = m.type().map(BleReadingDecoder::site).orElse(defaultSite);
        Optional<Instant> time = (calorFlags & FLAG_CLOCK_UNSET) != 0
                ? Optional.empty()
                : m.timestamp().map(t -> t.toInstant(ZoneOffset.UTC));
        int flags = qualityFlags(calorFlags) | (m.isSpecial() ? QualityFlag.QUALITY_FLAG_SENSOR_ERROR_VALUE : 0);
        double celsius = m.isSpecial() ? Double.NaN : m.celsius();
        return new Measurement(deviceId, epoch, sequence, celsius, site, time, flags);
    }

    /** The Calor flags of a stored record (the serial MEASUREMENT bits) as {@link QualityFlag} bits. */
    static int qualityFlags(int calorFlags) {
        int q = 0;
        if ((calorFlags & FLAG_DETACHED) != 0) {
            q |= QualityFlag.QUALITY_FLAG_SENSOR_DETACHED_VALUE;
        }
        if ((calorFlags & FLAG_WARMING_UP) != 0) {
            q |= QualityFlag.QUALITY_FLAG_WARMING_UP_VALUE;
        }
        if ((calorFlags & FLAG_LOW_BATTERY) != 0) {
            q |= QualityFlag.QUALITY_FLAG_LOW_BATTERY_VALUE;
        }
        if ((calorFlags & FLAG_CLOCK_UNSET) != 0) {
            q |= QualityFlag.QUALITY_FLAG_CLOCK_UNRELIABLE_VALUE;
        }
        if ((calorFlags & FLAG_SENSOR_ERROR) != 0) {
            q |= QualityFlag.QUALITY_FLAG_SENSOR_ERROR_VALUE;
        }
        return q;
    }

    /** Where a Health Thermometer Temperature Type (0x2A1D) takes the temperature, in Calor's terms. */
    static MeasurementSite site(TemperatureType type) {
        return switch (type) {
            case ARMPIT -> MeasurementSite.MEASUREMENT_SITE_AXILLA;
            case BODY_GENERAL, GASTROINTESTINAL_TRACT -> MeasurementSite.MEASUREMENT_SITE_CORE;
            case EAR, TYMPANUM -> MeasurementSite.MEASUREMENT_SITE_TYMPANIC;
            case MOUTH -> MeasurementSite.MEASUREMENT_SITE_ORAL;
            case RECTUM -> MeasurementSite.MEASUREMENT_SITE_RECTAL;
            case FINGER, TOE -> MeasurementSite.MEASUREMENT_SITE_SKIN;
        };
    }
}
