package dev.calor.edgebridge.transport.ble;

import dev.calor.contract.gatt.StoredRecord;
import dev.calor.contract.hts.HtsTemperatureMeasurementCodec;
import dev.calor.contract.hts.TemperatureMeasurement;
import dev.calor.edgebridge.time.TimeConversions;
import dev.calor.edgebridge.transport.ContractMapping;
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
        MeasurementSite site = m.type().map(ContractMapping::site).orElse(defaultSite);
        Optional<Instant> time = ContractMapping.clockUnset(calorFlags)
                ? Optional.empty()
                : m.timestamp().map(TimeConversions::deviceTime);
        int flags = ContractMapping.qualityFlags(calorFlags)
                | (m.isSpecial() ? QualityFlag.QUALITY_FLAG_SENSOR_ERROR_VALUE : 0);
        double celsius = m.isSpecial() ? Double.NaN : m.celsius();
        return new Measurement(deviceId, epoch, sequence, celsius, site, time, flags);
    }
}
