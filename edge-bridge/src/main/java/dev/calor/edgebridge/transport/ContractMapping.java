package dev.calor.edgebridge.transport;

import dev.calor.contract.hts.TemperatureType;
import dev.calor.contract.serial.BodySite;
import dev.calor.contract.serial.Measurement;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.QualityFlag;
import java.util.Optional;

/**
 * The one mapping from the firmware contract's site and flag vocabulary to Calor's, used by the serial and
 * the BLE transport alike (a serial MEASUREMENT and a BLE stored record carry the same flag bits; both carry
 * an HTS Temperature Type). Pure.
 */
public final class ContractMapping {

    private ContractMapping() {}

    /** The Calor body site, else the site the Temperature Type names, else {@code fallback}. */
    public static MeasurementSite site(BodySite site, Optional<TemperatureType> type, MeasurementSite fallback) {
        if (site != BodySite.UNSPECIFIED) {
            return site.toProto();
        }
        return type.map(ContractMapping::site).orElse(fallback);
    }

    /**
     * Where a Health Thermometer Temperature Type (0x2A1D) takes the temperature. Finger and toe are
     * peripheral skin temperatures: {@code SKIN}, so the alert engine corrects them like any skin reading.
     */
    public static MeasurementSite site(TemperatureType type) {
        return switch (type) {
            case ARMPIT -> MeasurementSite.MEASUREMENT_SITE_AXILLA;
            case BODY_GENERAL, GASTROINTESTINAL_TRACT -> MeasurementSite.MEASUREMENT_SITE_CORE;
            case MOUTH -> MeasurementSite.MEASUREMENT_SITE_ORAL;
            case RECTUM -> MeasurementSite.MEASUREMENT_SITE_RECTAL;
            case EAR, TYMPANUM -> MeasurementSite.MEASUREMENT_SITE_TYMPANIC;
            case FINGER, TOE -> MeasurementSite.MEASUREMENT_SITE_SKIN;
        };
    }

    /** The contract's MEASUREMENT / stored-record flag bits as {@link QualityFlag} bits. */
    public static int qualityFlags(int contractFlags) {
        int q = 0;
        if ((contractFlags & Measurement.FLAG_DETACHED) != 0) {
            q |= QualityFlag.QUALITY_FLAG_SENSOR_DETACHED_VALUE;
        }
        if ((contractFlags & Measurement.FLAG_WARMING_UP) != 0) {
            q |= QualityFlag.QUALITY_FLAG_WARMING_UP_VALUE;
        }
        if ((contractFlags & Measurement.FLAG_LOW_BATTERY) != 0) {
            q |= QualityFlag.QUALITY_FLAG_LOW_BATTERY_VALUE;
        }
        if ((contractFlags & Measurement.FLAG_CLOCK_UNSET) != 0) {
            q |= QualityFlag.QUALITY_FLAG_CLOCK_UNRELIABLE_VALUE;
        }
        if ((contractFlags & Measurement.FLAG_SENSOR_ERROR) != 0) {
            q |= QualityFlag.QUALITY_FLAG_SENSOR_ERROR_VALUE;
        }
        return q;
    }

    /** Whether the patch said its clock is not set. */
    public static boolean clockUnset(int contractFlags) {
        return (contractFlags & Measurement.FLAG_CLOCK_UNSET) != 0;
    }
}
