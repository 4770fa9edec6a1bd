package dev.calor.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

    @Test
    void ceilingDoublesPerAttemptUpToTheMaximum() {
        assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofMillis(6400));
        assertThat(backoff.ceiling(7)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.ceiling(1000)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.ceiling(-3)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void delayIsFullJitterBetweenZeroAndTheCeiling() {
        RandomGenerator zero = fixed(0.0);
        RandomGenerator almostOne = fixed(0.999_999);
        RandomGenerator half = fixed(0.5);
        assertThat(backoff.delay(3, zero)).isEqualTo(Duration.ZERO);
        assertThat(backoff.delay(3, half)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delay(3, almostOne))
                .isLessThan(Duration.ofMillis(800))
                .isGreaterThan(Duration.ofMillis(799));
    }

    @Test
    void delaysOfAFleetSpreadOverTheWholeWindow() {
        SplittableRandom random = new SplittableRandom(42);
        long below = 0;
        for (int i = 0; i < 10_000; i++) {
            if (backoff.delay(10, random).compareTo(Duration.ofSeconds(5)) < 0) {
                below++;
            }
        }
        assertThat(below).isBetween(4_700L, 5_300L);
    }

    @Test
    void partialJitterKeepsTheDelayInTheUpperPartOfTheWindow() {
        Backoff half = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 0.5);
        assertThat(half.delay(0, 0.0)).isEqualTo(Duration.ofMillis(50));
        assertThat(half.delay(0, 0.5)).isEqualTo(Duration.ofMillis(75));
        assertThat(half.delay(1, 0.5)).isEqualTo(Duration.ofMillis(150));
        assertThat(half.delay(30, 0.5)).isEqualTo(Duration.ofMillis(1500));
        Backoff none = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 0.0);
        assertThat(none.delay(2, 0.9)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void rejectsAJitterOutsideZeroToOne() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jitter");
    }

    @Test
    void rejectsAMaximumBelowTheInitialDelay() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below initial");
    }

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
