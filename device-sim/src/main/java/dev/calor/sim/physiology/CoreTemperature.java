package dev.calor.sim.physiology;

import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioEvent;
import java.time.Duration;

/**
 * The patient's core temperature as a pure function of scenario time: baseline, circadian rhythm, fevers
 * (linear rise, plateau, fall) lowered for a while by antipyretics, and hypothermia.
 */
public final class CoreTemperature {

    /** Antipyretics take effect with this time constant (paracetamol: most of the drop within an hour). */
    static final double ANTIPYRETIC_ONSET_H = 0.5;
    /** … and wear off with this one (a dose lasts 4 to 6 hours). */
    static final double ANTIPYRETIC_WEAR_OFF_H = 4.0;

    private static final double HOUR_NANOS = 3_600_000_000_000.0;

    private final Scenario scenario;

    public CoreTemperature(Scenario scenario) {
        this.scenario = scenario;
    }

    /** Core temperature at scenario time {@code t}, without noise. */
    public double at(Duration t) {
        double core = scenario.patient().baselineCoreC() + circadian(t);
        for (ScenarioEvent e : scenario.events()) {
            if (e instanceof ScenarioEvent.Fever f) {
                core += fever(f, t);
            } else if (e instanceof ScenarioEvent.Hypothermia h) {
                core -= hypothermia(h, t);
            }
        }
        return core;
    }

    private double circadian(Duration t) {
        double hourOfDay = (scenario.startTime().toSecondOfDay() + t.toSeconds()) / 3600.0;
        double phase = 2 * Math.PI * (hourOfDay - scenario.patient().circadianPeakHour()) / 24.0;
        return scenario.patient().circadianAmplitudeC() * Math.cos(phase);
    }

    double fever(ScenarioEvent.Fever f, Duration t) {
        double hours = hours(t.minus(f.at()));
        if (hours <= 0) {
            return 0;
        }
        double height = Math.max(0, f.peakCoreC() - scenario.patient().baselineCoreC());
        double rise = height / f.riseCPerHour();
        double plateauEnd = rise + hours(f.plateau());
        double up = hours < rise
                ? hours * f.riseCPerHour()
                : hours < plateauEnd ? height : height - (hours - plateauEnd) * f.fallCPerHour();
        double drop = 0;
        for (ScenarioEvent.Antipyretic a : f.antipyretics()) {
            double since = hours(t.minus(a.at()));
            if (since > 0) {
                drop += a.dropC()
                        * (1 - Math.exp(-since / ANTIPYRETIC_ONSET_H))
                        * Math.exp(-since / ANTIPYRETIC_WEAR_OFF_H);
            }
        }
        return Math.max(0, Math.max(0, up) - drop);
    }

    double hypothermia(ScenarioEvent.Hypothermia h, Duration t) {
        double hours = hours(t.minus(h.at()));
        if (hours <= 0) {
            return 0;
        }
        double depth = Math.max(0, scenario.patient().baselineCoreC() - h.lowestCoreC());
        double fall = depth / h.rateCPerHour();
        double end = fall + hours(h.duration());
        double down = hours < fall
                ? hours * h.rateCPerHour()
                : hours < end ? depth : depth - (hours - end) * h.rateCPerHour();
        return Math.max(0, down);
    }

    static double hours(Duration d) {
        return d.toNanos() / HOUR_NANOS;
    }
}
