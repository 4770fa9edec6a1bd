package dev.calor.app.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LateArrivalsTest {

    @Test
    void theFirstCountsAreTheBaselineAndNothingIsLate() {
        LateArrivals late = new LateArrivals();
        assertThat(late.grown(Map.of(60L, 6L, 120L, 6L), 0)).isEmpty();
    }

    @Test
    void aBucketHoldingMoreThanWasSentLiveHasLateArrivals() {
        LateArrivals late = new LateArrivals();
        late.grown(Map.of(60L, 6L), 0);
        late.sentLive(120L);
        late.sentLive(120L);
        assertThat(late.grown(Map.of(60L, 6L, 120L, 2L), 0)).isEmpty();
        // a backlog: 6 readings stored into an old minute, one more in the current one
        assertThat(late.grown(Map.of(0L, 6L, 60L, 6L, 120L, 3L), 0)).containsExactly(0L, 120L);
    }

    @Test
    void aBucketCaughtUpIsNotReportedAgainUntilItGrowsOnceMore() {
        LateArrivals late = new LateArrivals();
        late.grown(Map.of(60L, 6L), 0);
        assertThat(late.grown(Map.of(60L, 8L), 0)).containsExactly(60L);
        late.caughtUp(60L, 8L);
        assertThat(late.grown(Map.of(60L, 8L), 0)).isEmpty();
        assertThat(late.grown(Map.of(60L, 9L), 0)).containsExactly(60L);
    }

    @Test
    void bucketsBeforeTheHorizonAreForgotten() {
        LateArrivals late = new LateArrivals();
        late.grown(Map.of(0L, 1L, 60L, 1L, 120L, 1L), 0);
        late.grown(Map.of(120L, 1L), 120L);
        assertThat(late.bucketsKnown()).isEqualTo(1);
    }

    @Test
    void bucketsAreMinutesOrHoursSinceTheEpochAsInfluxQlGroupsThem() {
        assertThat(PatientFeed.bucket(java.time.Instant.ofEpochSecond(125, 7), PatientFeed.MINUTE))
                .isEqualTo(120_000_000_000L);
        assertThat(PatientFeed.bucket(java.time.Instant.ofEpochSecond(7300), PatientFeed.HOUR))
                .isEqualTo(7_200_000_000_000L);
    }
}
