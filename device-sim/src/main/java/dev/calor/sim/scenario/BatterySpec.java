package dev.calor.sim.scenario;

/**
 * @param startPercent charge at start (default 95)
 * @param drainPercentPerHour linear drain per scenario hour (default 0.5)
 * @param lowPercent at or below this the patch reports LOW_BATTERY (default 15)
 */
public record BatterySpec(Double startPercent, Double drainPercentPerHour, Integer lowPercent) {

    public static final BatterySpec DEFAULT = new BatterySpec(null, null, null);

    public BatterySpec {
        startPercent = startPercent == null ? 95.0 : startPercent;
        drainPercentPerHour = drainPercentPerHour == null ? 0.5 : drainPercentPerHour;
        lowPercent = lowPercent == null ? 15 : lowPercent;
    }
}
