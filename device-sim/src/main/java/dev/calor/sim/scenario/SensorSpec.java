package dev.calor.sim.scenario;

import dev.calor.contract.serial.BodySite;
import java.time.Duration;

/**
 * The patch's sensor.
 *
 * @param site where it sits (default SKIN)
 * @param siteOffsetC added to core temperature at that site; default per site, see {@link #defaultOffset}
 * @param noiseC standard deviation of the sensor noise (default 0.03)
 * @param resolutionC readings are rounded to this (default 0.01)
 * @param warmUp time after attaching until readings are flagged settled (default 10m)
 * @param ambientC temperature a detached patch falls toward (default 23.0)
 */
public record SensorSpec(
        BodySite site, Double siteOffsetC, Double noiseC, Double resolutionC, Duration warmUp, Double ambientC) {

    public static final SensorSpec DEFAULT = new SensorSpec(null, null, null, null, null, null);

    public SensorSpec {
        site = site == null ? BodySite.SKIN : site;
        siteOffsetC = siteOffsetC == null ? defaultOffset(site) : siteOffsetC;
        noiseC = noiseC == null ? 0.03 : noiseC;
        resolutionC = resolutionC == null ? 0.01 : resolutionC;
        warmUp = warmUp == null ? Duration.ofMinutes(10) : warmUp;
        ambientC = ambientC == null ? 23.0 : ambientC;
    }

    /**
     * Typical difference to core temperature: skin (chest) -1.0, axilla -0.5, oral -0.3, tympanic, core and
     * rectal 0 (the inverse of the ingest worker's default core-equivalent corrections).
     */
    public static double defaultOffset(BodySite site) {
        return switch (site) {
            case SKIN -> -1.0;
            case AXILLA -> -0.5;
            case ORAL -> -0.3;
            default -> 0.0;
        };
    }
}
