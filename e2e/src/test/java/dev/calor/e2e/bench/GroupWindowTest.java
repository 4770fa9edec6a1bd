package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupWindowTest {

    private static final long S = 1_000_000_000L;
    /** Two members owning partitions 0-1 and 2-3. */
    private static final List<Set<Integer>> TWO = List.of(Set.of(0, 1), Set.of(2, 3));

    private static final List<Set<Integer>> ONE = List.of(Set.of(0));
    private static final List<Set<Integer>> REBALANCING = List.of();

    private final GroupWindow window = new GroupWindow(1_000, Duration.ofSeconds(5), 0.15);

    private static Map<Integer, Long> lag(long p0, long p1, long p2, long p3) {
        return Map.of(0, p0, 1, p1, 2, p2, 3, p3);
    }

    @Test
    void opensOnlyOnceEveryMemberCommittedSinceTheGroupWasStable() {
        window.sample(lag(250, 250, 250, 250), REBALANCING, 0);
        window.sample(lag(200, 250, 250, 250), TWO, S); // stable now: the reference
        window.sample(lag(150, 250, 250, 250), TWO, 2 * S); // the second member not committing yet
        assertThat(window.startLag()).isEqualTo(-1);

        window.sample(lag(100, 250, 250, 240), TWO, 3 * S);
        assertThat(window.startLag()).isEqualTo(840);
    }

    @Test
    void aRebalanceBeforeItOpensStartsTheWaitAgain() {
        window.sample(Map.of(0, 500L), ONE, 0);
        window.sample(Map.of(0, 500L), REBALANCING, S);
        window.sample(Map.of(0, 490L), ONE, 2 * S); // stable again: a new reference
        assertThat(window.startLag()).isEqualTo(-1);

        window.sample(Map.of(0, 480L), ONE, 3 * S);
        assertThat(window.startLag()).isEqualTo(480);
    }

    @Test
    void closesAfterItsLengthWithTheRecordsCommittedInside() {
        window.sample(Map.of(0, 900L), ONE, 0);
        window.sample(Map.of(0, 800L), ONE, S);
        window.sample(Map.of(0, 600L), ONE, 3 * S);
        assertThat(window.closed()).isFalse();

        window.sample(Map.of(0, 400L), ONE, 6 * S);
        assertThat(window.closed()).isTrue();
        assertThat(window.records()).isEqualTo(400);
        assertThat(window.seconds()).isEqualTo(5.0);
        assertThat(window.rebalancedInside()).isFalse();
    }

    @Test
    void closesEarlyOnceTheBacklogRunsLow() {
        window.sample(Map.of(0, 900L), ONE, 0);
        window.sample(Map.of(0, 800L), ONE, S);
        window.sample(Map.of(0, 100L), ONE, 2 * S); // below 15 % of 1 000

        assertThat(window.closed()).isTrue();
        assertThat(window.records()).isEqualTo(700);
        assertThat(window.seconds()).isEqualTo(1.0);
    }

    @Test
    void flagsARebalanceInsideTheWindow() {
        window.sample(Map.of(0, 900L), ONE, 0);
        window.sample(Map.of(0, 800L), ONE, S);
        window.sample(Map.of(0, 780L), REBALANCING, 2 * S);
        window.sample(Map.of(0, 500L), ONE, 7 * S);

        assertThat(window.closed()).isTrue();
        assertThat(window.rebalancedInside()).isTrue();
    }
}
