package dev.calor.e2e.clinical;

import dev.calor.e2e.clinical.ClinicalScenario.Antipyretic;
import dev.calor.e2e.clinical.ClinicalScenario.Fever;
import dev.calor.e2e.clinical.ClinicalScenario.Hypothermia;
import dev.calor.e2e.clinical.ClinicalScenario.Span;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The body and the patch of a {@link ClinicalScenario}, as pure functions of scenario time: core
 * temperature (baseline, circadian rhythm, fevers with antipyretic drops, hypothermia), the skin-to-core
 * gradient (site, room temperature with night cooling, softened by bedding, chills, activity), and what the patch measures
 * (noise, detachment cooling toward the room and warming back, single-reading glitches).
 */
public final class ClinicalBody {

    /** Gradient (°C) at 22 °C room for each site; widens by {@link #AMBIENT_SLOPE} per degree colder. */
    static final double SKIN_GRADIENT = 1.0;

    static final double AXILLA_GRADIENT = 0.5;
    static final double AMBIENT_REFERENCE_C = 22.0;
    static final double AMBIENT_SLOPE = 0.12;
    static final double CHILLS_C = 0.8;
    static final double BED_C = 30.0;
    static final double ACTIVITY_C = -0.4;
    private static final double HOUR_NS = 3_600_000_000_000.0;

    private final ClinicalScenario s;

    public ClinicalBody(ClinicalScenario s) {
        this.s = s;
    }

    public double coreC(Duration t) {
        double hour = hours(t) % 24;
        double core = s.baselineCoreC() + s.circadianAmplitudeC() * Math.cos(2 * Math.PI * (hour - 17) / 24);
        for (Fever f : s.fevers()) {
            core += fever(f, t);
        }
        for (Hypothermia h : s.hypothermias()) {
            core -= hypothermia(h, t);
        }
        return core;
    }

    public double ambientC(Duration t) {
        double hour = hours(t) % 24;
        return hour >= 23 || hour < 7 ? s.ambientNightC() : s.ambientDayC();
    }

    /**
     * What the chest feels: the room by day; at night, in bed, halfway between the (cooler) room and the
     * bed's microclimate of about 30 °C.
     */
    double feltAmbientC(Duration t) {
        double hour = hours(t) % 24;
        boolean inBed = hour >= 23 || hour < 7;
        return inBed ? ambientC(t) + 0.5 * (BED_C - ambientC(t)) : ambientC(t);
    }

    public double gradientC(Duration t) {
        double g =
                switch (s.site()) {
                    case "CORE" -> 0.0;
                    case "AXILLA" -> AXILLA_GRADIENT + AMBIENT_SLOPE / 3 * (AMBIENT_REFERENCE_C - feltAmbientC(t));
                    default -> SKIN_GRADIENT + AMBIENT_SLOPE * (AMBIENT_REFERENCE_C - feltAmbientC(t));
                };
        if (s.site().equals("CORE")) {
            return 0.0;
        }
        for (Fever f : s.fevers()) {
            if (f.chills() && t.compareTo(f.at()) >= 0 && t.compareTo(f.at().plusMinutes(30)) < 0) {
                g += CHILLS_C;
            }
        }
        for (Span a : s.activity()) {
            if (a.covers(t)) {
                g += ACTIVITY_C;
            }
        }
        return Math.max(0, g);
    }

    /** The value the patch reports at {@code t} (°C at its site). */
    public double measuredC(Duration t, RandomGenerator random) {
        double onBody = coreC(t) - gradientC(t);
        double value = onBody;
        for (Span d : s.detachments()) {
            if (d.covers(t)) {
                value = ambientC(t) + (onBody - ambientC(t)) * Math.exp(-minutes(t.minus(d.at())) / 3.0);
            } else if (t.compareTo(d.end()) >= 0 && t.compareTo(d.end().plusMinutes(15)) < 0) {
                double fallen = ambientC(t) + (onBody - ambientC(t)) * Math.exp(-minutes(d.duration()) / 3.0);
                value = onBody + (fallen - onBody) * Math.exp(-minutes(t.minus(d.end())) / 2.0);
            }
        }
        for (Duration g : s.glitches()) {
            if (!t.isNegative() && t.compareTo(g) >= 0 && t.compareTo(g.plus(s.sampleInterval())) < 0) {
                value += (random.nextBoolean() ? 1 : -1) * (2 + 2 * random.nextDouble());
            }
        }
        return Math.round((value + random.nextGaussian() * s.noiseC()) * 100.0) / 100.0;
    }

    static double fever(Fever f, Duration t) {
        double h = hours(t.minus(f.at()));
        if (h <= 0) {
            return 0;
        }
        double height = Math.max(0, f.peakCoreC() - 37.0);
        double rise = height / f.riseCPerHour();
        double plateauEnd = rise + hours(f.plateau());
        double up = h < rise
                ? h * f.riseCPerHour()
                : h < plateauEnd ? height : height - (h - plateauEnd) * f.fallCPerHour();
        up = Math.max(0, up);
        double drop = 0;
        for (Antipyretic a : f.antipyretics()) {
            double since = hours(t.minus(a.at()));
            if (since > 0) {
                drop += a.dropC() * (1 - Math.exp(-since / 0.5)) * Math.exp(-since / 4.0);
            }
        }
        return Math.max(0, up - drop);
    }

    static double hypothermia(Hypothermia x, Duration t) {
        double h = hours(t.minus(x.at()));
        if (h <= 0) {
            return 0;
        }
        double depth = Math.max(0, 36.8 - x.lowestCoreC());
        double fall = depth / x.rateCPerHour();
        double end = fall + hours(x.duration());
        double down = h < fall ? h * x.rateCPerHour() : h < end ? depth : depth - (h - end) * x.rateCPerHour();
        return Math.max(0, down);
    }

    private static double hours(Duration d) {
        return d.toNanos() / HOUR_NS;
    }

    private static double minutes(Duration d) {
        return d.toNanos() / 60_000_000_000.0;
    }
}
