package dev.calor.worker.carecircle;

import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.SiteCorrection;
import java.util.List;
import java.util.Locale;

/**
 * The site model: the offset added to a reading taken at a site to estimate core temperature before
 * the fever thresholds apply, and the bounds a care circle may set it within. The offsets are nominal
 * values of gradients that vary with the room, perfusion and activity (see the worker README for the
 * sources): that uncertainty is why a skin reading alone never establishes hypothermia (the engine
 * raises LOW_SKIN_TEMPERATURE instead), and why offsets outside the bounds are refused.
 */
public record SiteCorrections(double skin, double axilla, double oral, double tympanic) {

    public static final double DEFAULT_SKIN = 1.0;
    public static final double DEFAULT_AXILLA = 0.5;
    public static final double DEFAULT_ORAL = 0.3;
    public static final double DEFAULT_TYMPANIC = 0.0;

    /** Skin at or above this is well perfused: the nominal skin offset applies. */
    public static final double SKIN_WARM_CELSIUS = 35.0;
    /** Extra skin-to-core gradient per degree of skin below {@link #SKIN_WARM_CELSIUS}. */
    public static final double SKIN_GRADIENT_SLOPE = 0.5;
    /** Widest skin-to-core gradient assumed (cold room, vasoconstriction). */
    public static final double SKIN_MAX_GRADIENT = 4.0;

    /** Bounds (°C) of a configured offset per site: {min, max}. */
    static final double[] SKIN_BOUNDS = {0.0, 3.0};

    static final double[] AXILLA_BOUNDS = {0.0, 1.0};
    static final double[] ORAL_BOUNDS = {0.0, 0.8};
    static final double[] TYMPANIC_BOUNDS = {-0.3, 0.6};

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

    static void check(SiteCorrection c, String where, List<String> p) {
        SiteCorrections s = from(c);
        bound(s.skin, SKIN_BOUNDS, where + ".skinOffsetCelsius", p);
        bound(s.axilla, AXILLA_BOUNDS, where + ".axillaOffsetCelsius", p);
        bound(s.oral, ORAL_BOUNDS, where + ".oralOffsetCelsius", p);
        bound(s.tympanic, TYMPANIC_BOUNDS, where + ".tympanicOffsetCelsius", p);
    }

    private static void bound(double v, double[] b, String where, List<String> p) {
        if (!(v >= b[0] && v <= b[1])) {
            p.add(String.format(Locale.ROOT, "%s %.2f °C must be within %.1f..%.1f °C", where, v, b[0], b[1]));
        }
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

    /**
     * Core estimate. For skin (and unspecified) sites the gradient is not constant: below
     * {@link #SKIN_WARM_CELSIUS} skin follows the room and vasoconstriction, and the gradient widens by
     * {@link #SKIN_GRADIENT_SLOPE} per degree, up to {@link #SKIN_MAX_GRADIENT}.
     */
    public double coreEquivalent(double celsius, MeasurementSite site) {
        return celsius + gradient(celsius, site);
    }

    public double gradient(double celsius, MeasurementSite site) {
        double base = offset(site);
        boolean skinSite =
                site == MeasurementSite.MEASUREMENT_SITE_SKIN || site == MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED;
        if (!skinSite || !(celsius < SKIN_WARM_CELSIUS)) {
            return base;
        }
        return Math.min(Math.max(base, SKIN_MAX_GRADIENT), base + SKIN_GRADIENT_SLOPE * (SKIN_WARM_CELSIUS - celsius));
    }
}
