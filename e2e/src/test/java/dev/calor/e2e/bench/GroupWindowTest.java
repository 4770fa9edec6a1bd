package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupWindowTest {

    private static final long S = 1_000_000_000L;

    private final GroupWindow window = new GroupWindow(1_000, Duration.ofSeconds(5), 0.15);

    @Test
    void opensOnlyOnceEveryPartitionCommittedSinceTheGroupWasStable() {
        window.sample(Map.of(0, 500L, 1, 500L), false, 0); // rebalancing
        window.sample(Map.of(0, 450L, 1, 500L), true, S); // stable now: the reference
        window.sample(Map.of(0, 400L, 1, 500L), true, 2 * S); // partition 1 not at work yet
        assertThat(window.startLag()).isEqualTo(-1);

        window.sample(Map.of(0, 350L, 1, 480L), true, 3 * S);
        assertThat(window.startLag()).isEqualTo(830);
    }

    @Test
    void aRebalanceBeforeItOpensStartsTheWaitAgain() {
        window.sample(Map.of(0, 500L), true, 0);
        window.sample(Map.of(0, 500L), false, S);
        window.sample(Map.of(0, 490L), true, 2 * S); // stable again: a new reference
        assertThat(window.startLag()).isEqualTo(-1);

        window.sample(Map.of(0, 480L), true, 3 * S);
        assertThat(window.startLag()).isEqualTo(480);
    }

    @Test
    void closesAfterItsLengthWithTheRecordsCommittedInside() {
        window.sample(Map.of(0, 900L), true, 0);
        window.sample(Map.of(0, 800L), true, S);
        window.sample(Map.of(0, 600L), true, 3 * S);
        assertThat(window.closed()).isFalse();

        window.sample(Map.of(0, 400L), true, 6 * S);
        assertThat(window.closed()).isTrue();
        assertThat(window.records()).isEqualTo(400);
        assertThat(window.seconds()).isEqualTo(5.0);
        assertThat(window.rebalancedInside()).isFalse();
    }

    @Test
    void closesEarlyOnceTheBacklogRunsLow() {
        window.sample(Map.of(0, 900L), true, 0);
        window.sample(Map.of(0, 800L), true, S);
        window.sample(Map.of(0, 100L), true, 2 * S); // below 15 % of 1 000

        assertThat(window.closed()).isTrue();
        assertThat(window.records()).isEqualTo(700);
        assertThat(window.seconds()).isEqualTo(1.0);
    }

    @Test
    void flagsARebalanceInsideTheWindow() {
        window.sample(Map.of(0, 900L), true, 0);
        window.sample(Map.of(0, 800L), true, S);
        window.sample(Map.of(0, 780L), false, 2 * S);
        window.sample(Map.of(0, 500L), true, 7 * S);

        assertThat(window.closed()).isTrue();
        assertThat(window.rebalancedInside()).isTrue();
    }
}
