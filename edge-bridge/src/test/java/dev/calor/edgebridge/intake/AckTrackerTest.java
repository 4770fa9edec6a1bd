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

    @Test
    void neverAcknowledgesALostFirstReadingOfAnEpoch() {
        AckTracker fresh = new AckTracker(0, Duration.ofSeconds(30)); // no mark: the epoch starts at 1
        assertThat(fresh.accepted(2, T0)).as("1 was lost on the line").isEmpty();
        assertThat(fresh.accepted(3, T0)).isEmpty();
        assertThat(fresh.acknowledged()).isZero();
        assertThat(fresh.accepted(1, T0.plusSeconds(5))).hasValue(new AckTracker.Advance(3, 0));
    }

    @Test
    void givesUpAtOnceWhatThePatchSaysItNoLongerHolds() {
        AckTracker fresh = new AckTracker(0, Duration.ofSeconds(30));
        fresh.accepted(41, T0);
        fresh.accepted(43, T0);
        // STATUS: the patch's store starts at 40 (1..39 were freed or overwritten before this bridge)
        assertThat(fresh.storeStartsAt(40, T0)).hasValue(new AckTracker.Advance(0 + 39, 39));
        assertThat(fresh.accepted(40, T0)).hasValue(new AckTracker.Advance(41, 0));
        assertThat(fresh.acknowledged()).as("42 is still awaited").isEqualTo(41);
        assertThat(fresh.storeStartsAt(30, T0))
                .as("an older start changes nothing")
                .isEmpty();
    }

    @Test
    void countsOnlyTheReadingsNeverReceivedWhenTheStoreStartMovesPastThem() {
        AckTracker fresh = new AckTracker(0, Duration.ofSeconds(30));
        fresh.accepted(3, T0);
        fresh.accepted(5, T0);
        assertThat(fresh.storeStartsAt(6, T0)).hasValue(new AckTracker.Advance(5, 3));
    }

    @Test
    void asksForAResendOnceAQuarterOfTheGapTimeoutHasPassedAndAgainEachQuarter() {
        tracker.accepted(10, T0);
        tracker.accepted(13, T0);
        assertThat(tracker.resendDue(T0.plusSeconds(7))).isEmpty();
        assertThat(tracker.resendDue(T0.plusSeconds(8)))
                .as("from the first missing reading")
                .hasValue(11L);
        assertThat(tracker.resendDue(T0.plusSeconds(10))).as("asked already").isEmpty();
        assertThat(tracker.resendDue(T0.plusSeconds(16))).hasValue(11L);
        tracker.accepted(11, T0.plusSeconds(17));
        tracker.accepted(12, T0.plusSeconds(17));
        assertThat(tracker.resendDue(T0.plusSeconds(60))).as("no hole left").isEmpty();
    }
}
