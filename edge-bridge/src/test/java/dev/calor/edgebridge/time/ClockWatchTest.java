package dev.calor.edgebridge.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClockWatchTest {

    private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");
    private final ManualTime time = new ManualTime(START);
    private final ClockWatch watch = new ClockWatch(time, time, Duration.ofSeconds(2));

    @Test
    void seesNoJumpWhileBothClocksAdvanceTogether() {
        time.elapse(Duration.ofMinutes(10));
        assertThat(watch.check()).isEmpty();
        time.elapse(Duration.ofMillis(300));
        time.step(Duration.ofMillis(1500)); // NTP slewing and small steps stay below the threshold
        assertThat(watch.check()).isEmpty();
    }

    @Test
    void reportsAForwardJumpWithItsSize() {
        time.elapse(Duration.ofSeconds(1));
        time.step(Duration.ofHours(2));
        Optional<ClockWatch.Jump> jump = watch.check();
        assertThat(jump).isPresent();
        assertThat(jump.get().forward()).isTrue();
        assertThat(jump.get().offset()).isEqualTo(Duration.ofHours(2));
        assertThat(watch.check()).as("reported once").isEmpty();
    }

    @Test
    void reportsABackwardJump() {
        time.step(Duration.ofHours(-2));
        Optional<ClockWatch.Jump> jump = watch.check();
        assertThat(jump).isPresent();
        assertThat(jump.get().forward()).isFalse();
        assertThat(jump.get().offset()).isEqualTo(Duration.ofHours(-2));
    }
}
