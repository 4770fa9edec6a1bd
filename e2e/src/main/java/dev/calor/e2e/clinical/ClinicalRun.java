package dev.calor.e2e.clinical;

import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.sim.physiology.Physiology;
import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioEvent;
import dev.calor.worker.alert.AlertEngine;
import dev.calor.worker.alert.Evaluation;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.alert.PatientProfile;
import dev.calor.worker.alert.ReadingInput;
import dev.calor.worker.carecircle.SiteCorrections;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plays one scenario through device-sim's body model ({@link Physiology}, the one the simulated patches
 * use) and the worker's real alert engine and site model in accelerated time: every
 * sample is corrected to a core estimate and evaluated with the engine's clock set to when it would
 * have arrived (a few seconds after sampling, or at the end of a link loss for a backlog), and the
 * engine's periodic tick runs every minute of scenario time.
 */
public final class ClinicalRun {

    static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");
    private static final Duration ARRIVAL = Duration.ofSeconds(3);

    private ClinicalRun() {}

    public static List<Alert> alerts(Scenario s) {
        MovableClock clock = new MovableClock();
        AlertEngine engine = new AlertEngine(clock, Duration.ofMinutes(30));
        PatientProfile profile = PatientProfile.withDefaults("P-" + s.name());
        PatientAlertState state = PatientAlertState.initial(profile.patientId());
        SiteCorrections site = SiteCorrections.defaults();
        MeasurementSite where = s.sensor().site().toProto();
        Physiology body = new Physiology(s);
        SplittableRandom random = new SplittableRandom(s.seed());
        List<Alert> alerts = new ArrayList<>();
        List<Duration> held = new ArrayList<>();
        List<Double> heldValues = new ArrayList<>();
        Duration nextTick = Duration.ZERO;
        for (Duration t = Duration.ZERO; t.compareTo(s.duration()) < 0; t = t.plus(s.sampleInterval())) {
            double measured = body.sample(t, random).sensorC();
            while (nextTick.compareTo(t) <= 0) {
                clock.at(nextTick);
                Evaluation e = engine.onTick(state, profile, true, false);
                state = e.state();
                alerts.addAll(e.alerts());
                nextTick = nextTick.plusMinutes(1);
            }
            if (inOutage(s, t)) {
                held.add(t);
                heldValues.add(measured);
                continue;
            }
            for (int i = 0; i < held.size(); i++) {
                state = evaluate(engine, clock, t, state, profile, held.get(i), heldValues.get(i), site, where, alerts);
            }
            held.clear();
            heldValues.clear();
            state = evaluate(engine, clock, t.plus(ARRIVAL), state, profile, t, measured, site, where, alerts);
        }
        return alerts;
    }

    /** A link loss: the bridge holds the readings and delivers them when the link is back (a backlog). */
    private static boolean inOutage(Scenario s, Duration t) {
        for (ScenarioEvent e : s.events()) {
            if (e instanceof ScenarioEvent.LinkLoss l
                    && t.compareTo(l.at()) >= 0
                    && t.compareTo(l.at().plus(l.duration())) < 0) {
                return true;
            }
        }
        return false;
    }

    private static PatientAlertState evaluate(
            AlertEngine engine,
            MovableClock clock,
            Duration arrival,
            PatientAlertState state,
            PatientProfile profile,
            Duration sampled,
            double measured,
            SiteCorrections site,
            MeasurementSite where,
            List<Alert> alerts) {
        clock.at(arrival);
        double core = site.coreEquivalent(measured, where);
        Evaluation e =
                engine.onReading(state, profile, new ReadingInput("patch", nanos(sampled), measured, core, 0, where));
        alerts.addAll(e.alerts());
        return e.state();
    }

    static long nanos(Duration scenarioTime) {
        Instant i = EPOCH.plus(scenarioTime);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    static Duration scenarioTime(long nanos) {
        return Duration.ofNanos(nanos - nanos(Duration.ZERO));
    }

    /** The engine's clock, moved by the run (accelerated time). */
    private static final class MovableClock extends Clock {
        private Instant now = EPOCH;

        void at(Duration scenarioTime) {
            now = EPOCH.plus(scenarioTime);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
