package dev.calor.worker.alert;

import dev.calor.proto.v1.QualityFlag;

/**
 * One reading as the alert engine sees it: already mapped to its patient and corrected to a
 * core-equivalent estimate.
 */
public record ReadingInput(
        String deviceId, long sampleNs, double measuredCelsius, double coreCelsius, int qualityFlags) {

    /** Flags that make a value unfit for clinical thresholds (the reading is still stored). */
    static final int UNFIT_FLAGS = QualityFlag.QUALITY_FLAG_SENSOR_DETACHED_VALUE
            | QualityFlag.QUALITY_FLAG_SENSOR_ERROR_VALUE
            | QualityFlag.QUALITY_FLAG_WARMING_UP_VALUE
            | QualityFlag.QUALITY_FLAG_INTERMEDIATE_VALUE;

    boolean flaggedDetached() {
        return (qualityFlags & QualityFlag.QUALITY_FLAG_SENSOR_DETACHED_VALUE) != 0;
    }

    boolean hasFiniteValue() {
        return Double.isFinite(measuredCelsius) && Double.isFinite(coreCelsius);
    }

    boolean fitForThresholds() {
        return hasFiniteValue() && (qualityFlags & UNFIT_FLAGS) == 0;
    }
}
