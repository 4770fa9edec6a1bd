package dev.calor.worker.carecircle;

import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.SiteCorrection;

/**
 * Offsets added to a reading taken at a site to estimate core temperature, before any threshold applies.
 * Defaults (°C): skin (chest patch) +1.0, axilla +0.5, oral +0.3, tympanic 0.0; core and rectal readings
 * are core already; an unspecified site is treated as skin, the typical patch.
 */
public record SiteCorrections(double skin, double axilla, double oral, double tympanic) {

    public static final double DEFAULT_SKIN = 1.0;
    public static final double DEFAULT_AXILLA = 0.5;
    public static final double DEFAULT_ORAL = 0.3;
    public static final double DEFAULT_TYMPANIC = 0.0;

    public static SiteCorrections defaults() {
        return from(SiteCorrection.getDefaultInstance());
    }

    public static SiteCorrections from(SiteCorrection c) {
        return new SiteCorrections(
                c.hasSkinOffsetCelsius() ? c.getSkinOffsetCelsius() : DEFAULT_SKIN,
                c.hasAxillaOffsetCelsius() ? c.getAxillaOffsetCelsius() : DEFAULT_AXILLA,
                c.hasOralOffsetCelsius() ? c.getOralOffsetCelsius() : DEFAULT_ORAL,
                c.hasTympanicOffsetCelsius() ? c.getTympanicOffsetCelsius() : DEFAULT_TYMPANIC);
    }

    public double offset(MeasurementSite site) {
        return switch (site) {
            case MEASUREMENT_SITE_AXILLA -> axilla;
            case MEASUREMENT_SITE_ORAL -> oral;
            case MEASUREMENT_SITE_TYMPANIC -> tympanic;
            case MEASUREMENT_SITE_CORE, MEASUREMENT_SITE_RECTAL -> 0.0;
            default -> skin;
        };
    }

    public double coreEquivalent(double celsius, MeasurementSite site) {
        return celsius + offset(site);
    }
}
