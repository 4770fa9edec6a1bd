package dev.calor.edgebridge.transport.serial;

import dev.calor.contract.hts.TemperatureType;
import dev.calor.contract.serial.BodySite;
import dev.calor.contract.serial.Frame;
import dev.calor.contract.serial.FrameDecodeException;
import dev.calor.edgebridge.transport.Measurement;
import dev.calor.edgebridge.transport.RejectReason;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.QualityFlag;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** Maps serial contract frames to the transport-neutral SPI. Pure. */
final class SerialFrames {

    private SerialFrames() {}

    static Measurement measurement(String deviceId, Frame frame, dev.calor.contract.serial.Measurement m) {
        Optional<Instant> deviceTime = m.has(dev.calor.contract.serial.Measurement.FLAG_CLOCK_UNSET)
                ? Optional.empty()
                : m.temperature().timestamp().map(t -> t.toInstant(ZoneOffset.UTC));
        return new Measurement(
                deviceId,
                frame.bootEpoch(),
                frame.sequence(),
                m.temperature().celsius(),
                site(m.site(), m.temperature().type()),
                deviceTime,
                qualityFlags(m.flags()));
    }

    static MeasurementSite site(BodySite site, Optional<TemperatureType> type) {
        if (site != BodySite.UNSPECIFIED) {
            return site.toProto();
        }
        return type.map(SerialFrames::siteOf).orElse(MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED);
    }

    private static MeasurementSite siteOf(TemperatureType type) {
        return switch (type) {
            case ARMPIT -> MeasurementSite.MEASUREMENT_SITE_AXILLA;
            case BODY_GENERAL, GASTROINTESTINAL_TRACT -> MeasurementSite.MEASUREMENT_SITE_CORE;
            case MOUTH -> MeasurementSite.MEASUREMENT_SITE_ORAL;
            case RECTUM -> MeasurementSite.MEASUREMENT_SITE_RECTAL;
            case EAR, TYMPANUM -> MeasurementSite.MEASUREMENT_SITE_TYMPANIC;
            case FINGER, TOE -> MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED;
        };
    }

    static int qualityFlags(int calorFlags) {
        int q = 0;
        if ((calorFlags & dev.calor.contract.serial.Measurement.FLAG_DETACHED) != 0) {
            q |= QualityFlag.QUALITY_FLAG_SENSOR_DETACHED_VALUE;
        }
        if ((calorFlags & dev.calor.contract.serial.Measurement.FLAG_WARMING_UP) != 0) {
            q |= QualityFlag.QUALITY_FLAG_WARMING_UP_VALUE;
        }
        if ((calorFlags & dev.calor.contract.serial.Measurement.FLAG_LOW_BATTERY) != 0) {
            q |= QualityFlag.QUALITY_FLAG_LOW_BATTERY_VALUE;
        }
        if ((calorFlags & dev.calor.contract.serial.Measurement.FLAG_CLOCK_UNSET) != 0) {
            q |= QualityFlag.QUALITY_FLAG_CLOCK_UNRELIABLE_VALUE;
        }
        if ((calorFlags & dev.calor.contract.serial.Measurement.FLAG_SENSOR_ERROR) != 0) {
            q |= QualityFlag.QUALITY_FLAG_SENSOR_ERROR_VALUE;
        }
        return q;
    }

    static RejectReason reasonOf(FrameDecodeException.Reason reason) {
        return switch (reason) {
            case COBS_INVALID, BAD_CRC -> RejectReason.CORRUPTED;
            case TOO_SHORT, TOO_LONG, LENGTH_MISMATCH, BAD_PAYLOAD -> RejectReason.MALFORMED;
            case UNSUPPORTED_VERSION, UNKNOWN_TYPE -> RejectReason.UNSUPPORTED;
        };
    }
}
