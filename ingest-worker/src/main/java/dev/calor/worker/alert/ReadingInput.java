package dev.calor.worker.alert;

import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.QualityFlag;

/**
 * One reading as the alert engine sees it: already mapped to its patient and corrected to a
 * core-equivalent estimate.
 *
 * @param site where it was measured; a skin (or unspecified) site cannot by itself establish hypothermia
 */
public record ReadingInput(
        String deviceId,
        long sampleNs,
        double measuredCelsius,
        double coreCelsius,
        int qualityFlags,
        MeasurementSite site) {

    /** Flags that make a value unfit for clinical thresholds (the reading is still stored). */
    static final int UNFIT_FLAGS = QualityFlag.QUALITY_FLAG_SENSOR_DETACHED_VALUE
            | QualityFlag.QUALITY_FLAG_SENSOR_ERROR_VALUE
            | QualityFlag.QUALITY_FLAG_WARMING_UP_VALUE
            | QualityFlag.QUALITY_FLAG_INTERMEDIATE_VALUE;

    /** A core-site reading (no correction), as the tests and the simulator's core probes use. */
    public ReadingInput(String deviceId, long sampleNs, double measuredCelsius, double coreCelsius, int qualityFlags) {
        this(deviceId, sampleNs, measuredCelsius, coreCelsius, qualityFlags, MeasurementSite.MEASUREMENT_SITE_CORE);
    }

    boolean flaggedDetached() {
        return (qualityFlags & QualityFlag.QUALITY_FLAG_SENSOR_DETACHED_VALUE) != 0;
    }

    boolean hasFiniteValue() {
        return Double.isFinite(measuredCelsius) && Double.isFinite(coreCelsius);
    }

    boolean fitForThresholds() {
        return hasFiniteValue() && (qualityFlags & UNFIT_FLAGS) == 0;
    }

    /** Skin and unspecified sites follow the room as much as the body: a low value there is not corroboration. */
    boolean fromPeripheralSite() {
        return site == MeasurementSite.MEASUREMENT_SITE_SKIN || site == MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED;
    }
}
