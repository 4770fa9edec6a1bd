package dev.calor.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.testsupport.MutableClock;
import dev.calor.worker.alert.AlertEngine;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.alert.PatientProfile;
import dev.calor.worker.alert.ReadingInput;
import dev.calor.worker.carecircle.CareCircle;
import dev.calor.worker.carecircle.Patient;
import dev.calor.worker.carecircle.SiteCorrections;
import dev.calor.worker.testing.CareCircles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the alert stage keeps, and hands to a commit, when a worker's partitions come and go and ticks pass. */
class AlertStageHandoverTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private final AlertEngine engine =
            new AlertEngine(Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC), Duration.ofHours(3));

    @Test
    void forgettingPatientsDropsTheirStatesPendingChangesAndAlertsOnly() {
        AlertStage stage = new AlertStage(engine, Map.of(), device -> true);
        fever(stage, "P-1", 0, 20);
        fever(stage, "P-2", 0, 20);
        assertThat(stage.alerts()).extracting(a -> a.getPatientId()).contains("P-1", "P-2");

        stage.forget("P-1"::equals);

        assertThat(stage.stateOf("P-1")).isEmpty();
        assertThat(stage.stateOf("P-2")).isPresent();
        assertThat(stage.changedStates())
                .extracting(PatientAlertState::patientId)
                .containsOnly("P-2");
        assertThat(stage.alerts()).extracting(a -> a.getPatientId()).containsOnly("P-2");
    }

    @Test
    void aRestoredOpenEpisodeIsContinuedNotRaisedAgain() {
        AlertStage first = new AlertStage(engine, Map.of(), device -> true);
        fever(first, "P-1", 0, 20);
        assertThat(first.alerts()).anyMatch(a -> a.getTransition() == AlertTransition.ALERT_TRANSITION_RAISED);
        PatientAlertState handedOver = first.stateOf("P-1").orElseThrow();

        AlertStage next = new AlertStage(engine, Map.of(), device -> true);
        next.restore(Map.of("P-1", handedOver));
        fever(next, "P-1", 20, 40);
        assertThat(next.alerts()).noneMatch(a -> a.getTransition() == AlertTransition.ALERT_TRANSITION_RAISED);

        AlertStage fresh = new AlertStage(engine, Map.of(), device -> true);
        fever(fresh, "P-1", 20, 40);
        assertThat(fresh.alerts())
                .as("without the hand-over the same fever is raised again")
                .anyMatch(a -> a.getTransition() == AlertTransition.ALERT_TRANSITION_RAISED);
    }

    @Test
    void aTickThatOnlyMovesWhenThePatientWasHeardOfWritesNoStateButNoDataStillDoes() {
        MutableClock clock = new MutableClock(T0.plus(Duration.ofHours(1)));
        AlertStage stage = new AlertStage(new AlertEngine(clock, Duration.ofHours(3)), Map.of(), device -> true);
        CareCircle cc = CareCircle.of(CareCircles.registry(1, null), "test");
        fever(stage, "P-1", 0, 20);
        stage.statesTaken();
        stage.alertsTaken();

        // a backlog holds NO_DATA: every tick moves the time P-1 was last heard of, in memory only
        clock.set(T0.plus(Duration.ofHours(2)));
        stage.tick(cc, clock.millis() * 1_000_000L, true, device -> false);
        assertThat(stage.stateOf("P-1").orElseThrow().lastHeardNs()).isEqualTo(clock.millis() * 1_000_000L - 1);
        assertThat(stage.changedStates()).isEmpty();

        // silence past the NO_DATA window raises it, and that state is written
        clock.set(T0.plus(Duration.ofHours(3)));
        stage.tick(cc, clock.millis() * 1_000_000L, false, device -> false);
        assertThat(stage.alerts()).anyMatch(a -> a.getKind() == AlertKind.ALERT_KIND_NO_DATA);
        assertThat(stage.changedStates())
                .extracting(PatientAlertState::patientId)
                .containsExactly("P-1");
    }

    /** Minutes [from, to) of a core temperature of 38.7 °C, a reading every 10 s. */
    private static void fever(AlertStage stage, String patientId, int from, int to) {
        Patient p =
                new Patient(patientId, patientId, PatientProfile.withDefaults(patientId), SiteCorrections.defaults());
        for (int s = from * 6; s < to * 6; s++) {
            long ns = T0.plusSeconds(10L * s).toEpochMilli() * 1_000_000L;
            stage.onReading(
                    p,
                    new ReadingInput("patch-" + patientId, ns, 38.7, 38.7, 0, MeasurementSite.MEASUREMENT_SITE_CORE));
        }
    }
}
