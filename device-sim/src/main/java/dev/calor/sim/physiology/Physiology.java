package dev.calor.sim.physiology;

import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioEvent;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * What a patch measures, as a pure function of scenario time and a random source: the core temperature
 * ({@link CoreTemperature}) minus the site's gradient ({@link SkinGradient}); while detached, an
 * exponential fall toward the room, and after re-attaching an exponential warm-up; sensor glitches
 * (one reading off by a few degrees), sensor errors (NaN), noise and resolution. The one body model of
 * Calor: the simulator's patches and the clinical benchmark both play it.
 */
public final class Physiology {

    /** Time constant of a detached patch cooling toward the room. */
    static final Duration DETACHED_TIME_CONSTANT = Duration.ofMinutes(3);

    private final Scenario scenario;
    private final CoreTemperature core;
    private final SkinGradient gradient;

    public Physiology(Scenario scenario) {
        this.scenario = scenario;
        this.core = new CoreTemperature(scenario);
        this.gradient = new SkinGradient(scenario);
    }

    /** Core temperature at scenario time {@code t}, without noise. */
    public double coreC(Duration t) {
        return core.at(t);
    }

    /** Core minus the temperature at the patch's site, at {@code t}, while attached. */
    public double gradientC(Duration t) {
        return gradient.at(t);
    }

    /** The sample at scenario time {@code t}; {@code random} supplies the noise. */
    public BodySample sample(Duration t, RandomGenerator random) {
        double onBody = onBody(t);
        double room = gradient.roomC(t);
        ScenarioEvent.Detach detach = activeDetach(t);
        double value;
        boolean warmingUp = false;
        if (detach != null) {
            value = room + (onBody(detach.at()) - room) * decay(t.minus(detach.at()), DETACHED_TIME_CONSTANT);
        } else {
            Duration attachedAt = lastAttach(t);
            Duration warmUp = scenario.sensor().warmUp();
            if (warmUp.isZero()) {
                value = onBody;
            } else {
                Duration since = t.minus(attachedAt);
                double start = attachedAt.isZero() ? room : whenReattached(attachedAt);
                value = onBody + (start - onBody) * decay(since, warmUp.dividedBy(4));
                warmingUp = since.compareTo(warmUp) < 0;
            }
        }
        if (glitchAt(t)) {
            value += (random.nextBoolean() ? 1 : -1) * (2 + 2 * random.nextDouble());
        }
        value += random.nextGaussian() * scenario.sensor().noiseC();
        double resolution = scenario.sensor().resolutionC();
        value = Math.round(value / resolution) * resolution;
        value = Math.round(value * 100.0) / 100.0;
        boolean sensorError = sensorFailed(t);
        return new BodySample(core.at(t), sensorError ? Double.NaN : value, detach != null, warmingUp, sensorError);
    }

    private double onBody(Duration t) {
        return core.at(t) - gradient.at(t);
    }

    /** Where the patch had cooled to when it was put back on at {@code attachedAt}. */
    private double whenReattached(Duration attachedAt) {
        for (ScenarioEvent e : scenario.events()) {
            if (e instanceof ScenarioEvent.Detach d && d.at().plus(d.duration()).equals(attachedAt)) {
                double room = gradient.roomC(attachedAt);
                return room + (onBody(d.at()) - room) * decay(d.duration(), DETACHED_TIME_CONSTANT);
            }
        }
        return gradient.roomC(attachedAt);
    }

    private ScenarioEvent.Detach activeDetach(Duration t) {
        for (ScenarioEvent e : scenario.events()) {
            if (e instanceof ScenarioEvent.Detach d && within(t, d.at(), d.duration())) {
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
            if (e instanceof ScenarioEvent.SensorError s && within(t, s.at(), s.duration())) {
                return true;
            }
        }
        return false;
    }

    private boolean glitchAt(Duration t) {
        for (ScenarioEvent e : scenario.events()) {
            if (e instanceof ScenarioEvent.Glitch g && within(t, g.at(), scenario.sampleInterval())) {
                return true;
            }
        }
        return false;
    }

    private static boolean within(Duration t, Duration from, Duration span) {
        return t.compareTo(from) >= 0 && t.compareTo(from.plus(span)) < 0;
    }

    private static double decay(Duration elapsed, Duration timeConstant) {
        return Math.exp(-(double) elapsed.toNanos() / timeConstant.toNanos());
    }
}
