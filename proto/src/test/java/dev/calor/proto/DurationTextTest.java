package dev.calor.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void readsShortCompoundDecimalAndIsoForms() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationText.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationText.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void refusesWhatIsNotADuration() {
        assertThatThrownBy(() -> DurationText.parse("20 m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DurationText.parse("soon")).hasMessageContaining("'soon' is not a duration");
        assertThat(DurationText.tryParse("1 fortnight")).isEmpty();
        assertThat(DurationText.tryParse("")).isEmpty();
        assertThat(DurationText.tryParse("PT2M")).contains(Duration.ofMinutes(2));
    }

    @Test
    void formatsTheShortestFormItReadsBack() {
        assertThat(DurationText.format(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(DurationText.format(Duration.ofHours(24))).isEqualTo("1d");
        assertThat(DurationText.format(Duration.ofMinutes(20))).isEqualTo("20m");
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationText.format(Duration.ofMillis(250))).isEqualTo("250ms");
        for (Duration d : new Duration[] {Duration.ofDays(3), Duration.ofMillis(1500), Duration.ofHours(5)}) {
            assertThat(DurationText.parse(DurationText.format(d))).isEqualTo(d);
        }
    }
}
