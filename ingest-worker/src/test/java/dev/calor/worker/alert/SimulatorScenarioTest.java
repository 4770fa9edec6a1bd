package dev.calor.worker.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.proto.v1.QualityFlag;
import dev.calor.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The device simulator's scenarios (device-sim/scenarios), noise-free, through the alert engine: the
 * same curves the demo and the pipeline tests play, checked here for exactly the alerts a caregiver
 * should get.
 */
class SimulatorScenarioTest {

    private static final Instant START = Instant.parse("2026-11-20T20:00:00Z");

    /** fever-night.yaml: axilla, baseline 36.9, fever at 2h rising 0.8/h to 39.4, 3h plateau, falling 0.6/h. */
    @Test
    void feverNightIsOneEpisodeRaisedOnceUpdatedToHighFeverAndBackAndClearedOnce() {
        DoubleUnaryOperator core = hours -> {
            double t = hours - 2;
            if (t <= 0) {
                return 36.9;
            }
            double rise = (39.4 - 36.9) / 0.8;
            if (t < rise) {
                return 36.9 + 0.8 * t;
            }
            if (t < rise + 3) {
                return 39.4;
            }
            return Math.max(36.9, 39.4 - 0.6 * (t - rise - 3));
        };
        List<Alert> alerts = play(core, Duration.ofMinutes(2), Duration.ofHours(12), 0.5);

        assertThat(of(alerts, AlertTransition.ALERT_TRANSITION_RAISED))
                .extracting(Alert::getKind)
                .containsExactly(AlertKind.ALERT_KIND_FEVER);
        assertThat(of(alerts, AlertTransition.ALERT_TRANSITION_UPDATED))
                .extracting(Alert::getKind)
                .containsExactly(AlertKind.ALERT_KIND_HIGH_FEVER, AlertKind.ALERT_KIND_FEVER);
        assertThat(of(alerts, AlertTransition.ALERT_TRANSITION_CLEARED))
                .extracting(Alert::getKind)
                .containsExactly(AlertKind.ALERT_KIND_FEVER);
        assertThat(alerts)
                .extracting(Alert::getEpisodeId)
                .containsOnly(alerts.get(0).getEpisodeId());
        // 38.0 is reached 82.5 min after onset at 2h; the window's robust mean passes it about 5 min later
        assertThat(minutesAfterStart(
                        of(alerts, AlertTransition.ALERT_TRANSITION_RAISED).get(0)))
                .isBetween(206L, 212L);
        // ≥ 38.0 from about 3.4 h to 11 h: a reminder 30 min after each raise, update or reminder, nothing more
        long reminders = of(alerts, AlertTransition.ALERT_TRANSITION_REMINDER).size();
        assertThat(reminders).isBetween(12L, 16L);
        assertThat(alerts).noneMatch(Alert::getLate);
    }

    /** healthy-day.yaml: baseline with a circadian swing of 0.3 °C on the skin gives no alert at all. */
    @Test
    void healthyDayGivesNoAlert() {
        DoubleUnaryOperator core = hours -> 36.9 + 0.3 * Math.cos(2 * Math.PI * (hours - 9) / 24.0);
        assertThat(play(core, Duration.ofMinutes(1), Duration.ofHours(24), 1.0)).isEmpty();
    }

    private static List<Alert> play(DoubleUnaryOperator coreByHour, Duration step, Duration length, double offset) {
        MutableClock clock = new MutableClock(START);
        AlertEngine engine = new AlertEngine(clock, Duration.ofMinutes(30));
        PatientProfile profile = PatientProfile.withDefaults("P-sim");
        PatientAlertState state = PatientAlertState.initial("P-sim");
        List<Alert> alerts = new ArrayList<>();
        for (Duration t = Duration.ZERO; t.compareTo(length) < 0; t = t.plus(step)) {
            double core = coreByHour.applyAsDouble(t.toSeconds() / 3600.0);
            Instant at = START.plus(t);
            clock.set(at.plusSeconds(1));
            long ns = at.getEpochSecond() * 1_000_000_000L;
            int flags = t.compareTo(Duration.ofMinutes(10)) < 0 ? QualityFlag.QUALITY_FLAG_WARMING_UP_VALUE : 0;
            Evaluation e =
                    engine.onReading(state, profile, new ReadingInput("patch-0001", ns, core - offset, core, flags));
            state = e.state();
            alerts.addAll(e.alerts());
        }
        return alerts;
    }

    private static List<Alert> of(List<Alert> alerts, AlertTransition t) {
        return alerts.stream().filter(a -> a.getTransition() == t).toList();
    }

    private static long minutesAfterStart(Alert a) {
        return (a.getEventTimeUnixNs() / 1_000_000_000L - START.getEpochSecond()) / 60;
    }
}
