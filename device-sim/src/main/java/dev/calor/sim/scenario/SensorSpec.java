package dev.calor.sim.scenario;

import dev.calor.contract.serial.BodySite;
import java.time.Duration;

/**
 * The patch's sensor.
 *
 * @param site where it sits (default SKIN)
 * @param siteOffsetC difference to core at that site for a resting patient in a 22 °C room; default per
 *     site, see {@link #defaultOffset}. The real gradient also depends on the room, bedding, chills and
 *     activity ({@link dev.calor.sim.physiology.SkinGradient}).
 * @param noiseC standard deviation of the sensor noise (default 0.03)
 * @param resolutionC readings are rounded to this (default 0.01)
 * @param warmUp time after attaching until readings are flagged settled (default 10m)
 */
public record SensorSpec(BodySite site, Double siteOffsetC, Double noiseC, Double resolutionC, Duration warmUp) {

    public static final SensorSpec DEFAULT = new SensorSpec(null, null, null, null, null);

    public SensorSpec {
        site = site == null ? BodySite.SKIN : site;
        siteOffsetC = siteOffsetC == null ? defaultOffset(site) : siteOffsetC;
        noiseC = noiseC == null ? 0.03 : noiseC;
        resolutionC = resolutionC == null ? 0.01 : resolutionC;
        warmUp = warmUp == null ? Duration.ofMinutes(10) : warmUp;
    }

    /**
     * Typical difference to core temperature at 22 °C, resting: skin (chest) -1.0, axilla -0.5, oral -0.3,
     * tympanic, core and rectal 0 (the inverse of the ingest worker's nominal core-equivalent offsets).
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
