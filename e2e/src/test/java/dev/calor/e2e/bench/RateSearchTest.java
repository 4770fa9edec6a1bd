package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RateSearchTest {

    private static final LoadPlan.Search SEARCH = new LoadPlan.Search(1_000, 2, 6, Duration.ofSeconds(5), 2);

    /** A step whose p99 is {@code p99Millis} and whose backlog goes from {@code early} to {@code late}. */
    static StepResult step(double rate, long p99Millis, long early, long late) {
        LoadStep.Settings settings = new LoadStep.Settings(
                rate, Duration.ofSeconds(10), 1, Duration.ofMillis(100), Duration.ofSeconds(5), "x");
        Histogram micros = new Histogram(3_600_000_000L, 3);
        for (int i = 0; i < 100; i++) {
            micros.recordValue(p99Millis * 1_000);
        }
        List<long[]> backlog = new ArrayList<>();
        for (long t = 0; t < 10; t++) {
            backlog.add(new long[] {t * 1_000_000_000L, t < 5 ? early : late});
        }
        return new StepResult(
                "step", settings, 0, 100, 100, 100, 0, 100, micros, micros, micros, backlog, 10, 1, 100, List.of());
    }

    private static RateSearch.Stepper holdsBelow(double limit, List<Double> tried) {
        return (name, rate) -> {
            tried.add(rate);
            return step(rate, rate < limit ? 200 : 1_500, 10, 10);
        };
    }

    @Test
    void climbsUntilAStepFailsThenBisectsBetweenTheLastThatHeldAndTheFirstThatDidNot() throws Exception {
        List<Double> tried = new ArrayList<>();

        RateSearch.Outcome outcome = RateSearch.run(SEARCH, holdsBelow(5_000, tried));

        // 1 000, 2 000, 4 000 hold, 8 000 fails; then sqrt(4 000 * 8 000) = 5 657 fails, sqrt(4 000 * 5 657) = 4 757
        // holds
        assertThat(tried).hasSize(6);
        assertThat(tried.subList(0, 4)).containsExactly(1_000.0, 2_000.0, 4_000.0, 8_000.0);
        assertThat(tried.get(4)).isCloseTo(5_657, org.assertj.core.data.Offset.offset(1.0));
        assertThat(outcome.held()).isTrue();
        assertThat(outcome.candidate()).isCloseTo(4_757, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void comesDownWhenTheFirstStepFails() throws Exception {
        List<Double> tried = new ArrayList<>();

        RateSearch.Outcome outcome = RateSearch.run(SEARCH, holdsBelow(300, tried));

        assertThat(tried.subList(0, 3)).containsExactly(1_000.0, 500.0, 250.0);
        assertThat(outcome.held()).isTrue();
        assertThat(outcome.candidate()).isBetween(250.0, 354.0);
    }

    @Test
    void reportsTheLowestRateTriedWhenNothingHolds() throws Exception {
        RateSearch.Outcome outcome = RateSearch.run(SEARCH, holdsBelow(1, new ArrayList<>()));

        assertThat(outcome.held()).isFalse();
        assertThat(outcome.candidate()).isEqualTo(1_000 / Math.pow(2, 5));
    }

    @Test
    void aStepIsUnsustainableWhenItsP99ReachesOneSecondOrItsBacklogGrows() {
        assertThat(step(1_000, 999, 10, 10).unsustainable()).isEmpty();
        assertThat(step(1_000, 1_000, 10, 10).unsustainable()).get().asString().contains("p99");
        // 1 000 readings/s may grow its backlog by 500 readings over the step, not more
        assertThat(step(1_000, 200, 100, 600).unsustainable()).isEmpty();
        assertThat(step(1_000, 200, 100, 601).unsustainable()).get().asString().contains("backlog grew");
    }
}
