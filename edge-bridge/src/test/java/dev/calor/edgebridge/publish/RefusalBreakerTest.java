package dev.calor.edgebridge.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefusalBreakerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private final RefusalBreaker breaker =
            new RefusalBreaker(3, Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofMinutes(2));

    @Test
    void opensOnlyWhenMoreRefusalsThanTheThresholdArriveWithinTheWindow() {
        assertThat(breaker.refused(T0)).isEmpty();
        assertThat(breaker.refused(T0.plusSeconds(1))).isEmpty();
        assertThat(breaker.refused(T0.plusSeconds(2))).isEmpty();
        assertThat(breaker.refused(T0.plusSeconds(3))).hasValue(Duration.ofSeconds(30));
        assertThat(breaker.isOpen(T0.plusSeconds(32))).isTrue();
        assertThat(breaker.remaining(T0.plusSeconds(23))).isEqualTo(Duration.ofSeconds(10));
        assertThat(breaker.isOpen(T0.plusSeconds(33))).isFalse();
    }

    @Test
    void forgetsRefusalsOlderThanTheWindow() {
        for (int i = 0; i < 10; i++) {
            assertThat(breaker.refused(T0.plusSeconds(61L * i))).isEmpty();
        }
    }

    @Test
    void doublesThePauseOnConsecutiveTripsUpToTheMaximumAndResetsAfterASuccess() {
        Instant t = T0;
        Duration[] expected = {
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(2), Duration.ofMinutes(2)
        };
        for (Duration pause : expected) {
            for (int i = 0; i < 3; i++) {
                breaker.refused(t);
            }
            assertThat(breaker.refused(t)).hasValue(pause);
            t = t.plus(pause).plusSeconds(1);
        }
        breaker.succeeded();
        for (int i = 0; i < 3; i++) {
            breaker.refused(t);
        }
        assertThat(breaker.refused(t)).hasValue(Duration.ofSeconds(30));
    }
}
