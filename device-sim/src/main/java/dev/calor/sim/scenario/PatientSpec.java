package dev.calor.sim.scenario;

/**
 * The simulated patient's normal core temperature.
 *
 * @param baselineCoreC mean core temperature, degrees Celsius (default 36.9)
 * @param circadianAmplitudeC half the daily swing (default 0.3)
 * @param circadianPeakHour local hour of the daily maximum, 0..24 (default 18)
 */
public record PatientSpec(Double baselineCoreC, Double circadianAmplitudeC, Double circadianPeakHour) {

    public static final PatientSpec DEFAULT = new PatientSpec(null, null, null);

    public PatientSpec {
        baselineCoreC = baselineCoreC == null ? 36.9 : baselineCoreC;
        circadianAmplitudeC = circadianAmplitudeC == null ? 0.3 : circadianAmplitudeC;
        circadianPeakHour = circadianPeakHour == null ? 18.0 : circadianPeakHour;
    }
}
