package dev.calor.worker.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertThresholds;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The optional baseline-relative rule: a patient whose normal is 36.2 °C at 37.4 °C has a temperature
 * 1.2 °C above their own baseline, below the fever threshold (and not rising fast enough for RAPID_RISE).
 */
class BaselineRiseRuleTest {

    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final AlertEngine engine = new AlertEngine(clock, Duration.ofDays(3));
    private final List<Alert> alerts = new ArrayList<>();
    private PatientAlertState state = PatientAlertState.initial("P-1");
    private long minute;

    @Test
    void isOffByDefault() {
        PatientProfile profile = PatientProfile.withDefaults("P-1");
        feed(profile, 36.2, 26 * 60);
        feed(profile, 37.4, 25);
        assertThat(alerts).isEmpty();
        assertThat(state.baseline()).isNull();
    }

    @Test
    void raisesOnceSustainedAboveTheOwnBaselineAndClearsWhenBack() {
        PatientProfile profile = profile(1.1);
        feed(profile, 36.2, 26 * 60);
        assertThat(state.baseline().celsius()).isBetween(36.19, 36.21);
        feed(profile, 37.4, 25);
        feed(profile, 36.3, 40);

        assertThat(alerts)
                .extracting(a -> AlertIds.shortName(a.getKind()) + " " + AlertIds.shortName(a.getTransition()))
                .containsExactly("ABOVE_BASELINE RAISED", "ABOVE_BASELINE CLEARED");
        Alert raised = alerts.get(0);
        assertThat(raised.getThresholdCelsius()).isBetween(37.29, 37.31);
        assertThat(raised.getEventTimeUnixNs() - nanos(T0.plus(Duration.ofHours(26))))
                .as("raised once the robust statistic of the fever window (10 min) is past the threshold")
                .isBetween(
                        Duration.ofMinutes(5).toNanos(), Duration.ofMinutes(11).toNanos());
        assertThat(state.baseline().celsius())
                .as("the episode did not drag the baseline up")
                .isBetween(36.19, 36.22);
    }

    @Test
    void waitsUntilTheBaselineSpansItsWindow() {
        PatientProfile profile = profile(1.1);
        feed(profile, 36.2, 6 * 60);
        feed(profile, 37.4, 25);
        assertThat(alerts).as("6 h of history is not yet a day's baseline").isEmpty();
    }

    @Test
    void aRealFeverLeadsTheEpisodeFromAboveBaselineToFever() {
        PatientProfile profile = profile(1.1);
        feed(profile, 36.2, 26 * 60);
        feed(profile, 37.4, 30);
        feed(profile, 38.6, 30);
        assertThat(alerts)
                .extracting(a -> AlertIds.shortName(a.getKind()) + " " + AlertIds.shortName(a.getTransition()))
                .startsWith("ABOVE_BASELINE RAISED")
                .contains("FEVER UPDATED");
        assertThat(alerts)
                .extracting(Alert::getEpisodeId)
                .containsOnly(alerts.get(0).getEpisodeId());
    }

    private static PatientProfile profile(double rise) {
        AlertThresholds t =
                AlertThresholds.newBuilder().setBaselineRiseCelsius(rise).build();
        return new PatientProfile("P-1", AlertRules.from(t), ZoneId.of("UTC"));
    }

    /** {@code minutes} readings, one a minute, at {@code core} °C (an axilla thermometer: no skin gradient). */
    private void feed(PatientProfile profile, double core, int minutes) {
        for (int i = 0; i < minutes; i++, minute++) {
            Instant at = T0.plus(Duration.ofMinutes(minute));
            clock.set(at.plusSeconds(2));
            Evaluation e = engine.onReading(
                    state,
                    profile,
                    new ReadingInput(
                            "patch-1", nanos(at), core - 0.5, core, 0, MeasurementSite.MEASUREMENT_SITE_AXILLA));
            state = e.state();
            alerts.addAll(e.alerts());
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
