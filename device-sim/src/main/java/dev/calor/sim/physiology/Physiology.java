package dev.calor.sim.physiology;

import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioEvent;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The temperature a patch measures, as a pure function of scenario time and a random source: baseline plus
 * circadian rhythm plus fever and hypothermia episodes (core), then the site offset, detachment (exponential
 * fall toward ambient) and warm-up after attaching (exponential rise), sensor noise and resolution.
 */
public final class Physiology {

    /** Time constant of a detached patch cooling toward ambient. */
    static final Duration DETACHED_TIME_CONSTANT = Duration.ofMinutes(3);

    private static final double HOUR_NANOS = 3_600_000_000_000.0;

    private final Scenario scenario;

    public Physiology(Scenario scenario) {
        this.scenario = scenario;
    }

    /** Core temperature at scenario time {@code t}, without noise. */
    public double coreC(Duration t) {
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

    /** The sample at scenario time {@code t}; {@code random} supplies the noise. */
    public BodySample sample(Duration t, RandomGenerator random) {
        double core = coreC(t);
        double onBody = core + scenario.sensor().siteOffsetC();
        double ambient = scenario.sensor().ambientC();
        boolean sensorError = sensorFailed(t);
        ScenarioEvent.Detach detach = activeDetach(t);
        double value;
        boolean warmingUp = false;
        if (detach != null) {
            double atDetach = coreC(detach.at()) + scenario.sensor().siteOffsetC();
            value = ambient + (atDetach - ambient) * decay(t.minus(detach.at()), DETACHED_TIME_CONSTANT);
        } else {
            Duration attachedAt = lastAttach(t);
            Duration since = t.minus(attachedAt);
            Duration warmUp = scenario.sensor().warmUp();
            double start = attachedAt.isZero() ? ambient : temperatureWhenReattached(attachedAt, ambient);
            if (warmUp.isZero()) {
                value = onBody;
            } else {
                value = onBody + (start - onBody) * decay(since, warmUp.dividedBy(4));
                warmingUp = since.compareTo(warmUp) < 0;
            }
        }
        value += random.nextGaussian() * scenario.sensor().noiseC();
        double resolution = scenario.sensor().resolutionC();
        value = Math.round(value / resolution) * resolution;
        value = Math.round(value * 100.0) / 100.0;
        return new BodySample(core, sensorError ? Double.NaN : value, detach != null, warmingUp, sensorError);
    }

    private double temperatureWhenReattached(Duration attachedAt, double ambient) {
        for (ScenarioEvent e : scenario.events()) {
            if (e instanceof ScenarioEvent.Detach d && d.at().plus(d.duration()).equals(attachedAt)) {
                double atDetach = coreC(d.at()) + scenario.sensor().siteOffsetC();
                return ambient + (atDetach - ambient) * decay(d.duration(), DETACHED_TIME_CONSTANT);
            }
        }
        return ambient;
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
        if (hours < rise) {
            return hours * f.riseCPerHour();
        }
        double plateauEnd = rise + hours(f.plateau());
        if (hours < plateauEnd) {
            return height;
        }
        return Math.max(0, height - (hours - plateauEnd) * f.fallCPerHour());
    }

    double hypothermia(ScenarioEvent.Hypothermia h, Duration t) {
        double hours = hours(t.minus(h.at()));
        if (hours <= 0) {
            return 0;
        }
        double depth = Math.max(0, scenario.patient().baselineCoreC() - h.lowestCoreC());
        double fall = depth / h.rateCPerHour();
        if (hours < fall) {
            return hours * h.rateCPerHour();
        }
        double end = fall + hours(h.duration());
        if (hours < end) {
            return depth;
        }
        return Math.max(0, depth - (hours - end) * h.rateCPerHour());
    }

    private ScenarioEvent.Detach activeDetach(Duration t) {
        for (ScenarioEvent e : scenario.events()) {
            if (e instanceof ScenarioEvent.Detach d
                    && t.compareTo(d.at()) >= 0
                    && t.compareTo(d.at().plus(d.duration())) < 0) {
                return d;
            }
        }
        return null;
    }

    private Duration lastAttach(Duration t) {
        Duration last = Duration.ZERO;
        for (ScenarioEvent e : scenario.events()) {
            if (e instanceof ScenarioEvent.Detach d) {
                Duration end = d.at().plus(d.duration());
                if (end.compareTo(t) <= 0 && end.compareTo(last) > 0) {
                    last = end;
                }
            }
        }
        return last;
    }

    private boolean sensorFailed(Duration t) {
        for (ScenarioEvent e : scenario.events()) {
            if (e instanceof ScenarioEvent.SensorError s
                    && t.compareTo(s.at()) >= 0
                    && t.compareTo(s.at().plus(s.duration())) < 0) {
                return true;
            }
        }
        return false;
    }

    private static double decay(Duration elapsed, Duration timeConstant) {
        return Math.exp(-(double) elapsed.toNanos() / timeConstant.toNanos());
    }

    private static double hours(Duration d) {
        return d.toNanos() / HOUR_NANOS;
    }
}
