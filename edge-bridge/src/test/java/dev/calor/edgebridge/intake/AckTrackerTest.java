package dev.calor.edgebridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AckTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-21T07:00:00Z");
    private final AckTracker tracker = new AckTracker(9, Duration.ofSeconds(30));

    @Test
    void acknowledgesEachReadingOfAContiguousRun() {
        assertThat(tracker.accepted(10, T0)).hasValue(new AckTracker.Advance(10, 0));
        assertThat(tracker.accepted(11, T0)).hasValue(new AckTracker.Advance(11, 0));
    }

    @Test
    void holdsTheAcknowledgementBackAtAHoleUntilThePatchResendsIt() {
        tracker.accepted(10, T0);
        assertThat(tracker.accepted(12, T0)).isEmpty();
        assertThat(tracker.accepted(13, T0)).isEmpty();
        assertThat(tracker.acknowledged()).isEqualTo(10);

        assertThat(tracker.accepted(11, T0.plusSeconds(1))).hasValue(new AckTracker.Advance(13, 0));
        assertThat(tracker.hasGap()).isFalse();
    }

    @Test
    void acknowledgesAResendAgainWithoutMovingBack() {
        tracker.accepted(10, T0);
        tracker.accepted(11, T0);
        assertThat(tracker.accepted(10, T0)).hasValue(new AckTracker.Advance(11, 0));
    }

    @Test
    void givesUpAHoleAfterTheGapTimeoutAndCountsTheMissingReadings() {
        tracker.accepted(10, T0);
        tracker.accepted(14, T0);
        tracker.accepted(15, T0);

        assertThat(tracker.expireGap(T0.plusSeconds(29))).isEmpty();
        assertThat(tracker.expireGap(T0.plusSeconds(30))).hasValue(new AckTracker.Advance(15, 3));
        assertThat(tracker.acknowledged()).isEqualTo(15);
        assertThat(tracker.hasGap()).isFalse();
    }

    @Test
    void neverGivesUpAHoleLeftByARefusal() {
        tracker.refused(10);
        tracker.accepted(11, T0);
        assertThat(tracker.expireGap(T0.plusSeconds(3600))).isEmpty();
        assertThat(tracker.accepted(10, T0.plusSeconds(3601))).hasValue(new AckTracker.Advance(11, 0));
        assertThat(tracker.expireGap(T0.plusSeconds(7200))).isEmpty();
    }
}
