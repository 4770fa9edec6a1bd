package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StoredReadingsTest {

    @Test
    void returnsAsSoonAsTheExpectedCountIsStored() {
        AtomicLong stored = new AtomicLong();

        StoredReadings.Outcome outcome =
                StoredReadings.await(() -> stored.addAndGet(400), 1_000, Duration.ofSeconds(10));

        assertThat(outcome.complete()).isTrue();
        assertThat(outcome.stored()).isEqualTo(1_200);
    }

    @Test
    void reportsAnIncompleteCountAtTheDeadline() {
        AtomicLong stored = new AtomicLong();

        StoredReadings.Outcome outcome =
                StoredReadings.await(() -> stored.incrementAndGet(), 1_000_000, Duration.ofMillis(300));

        assertThat(outcome.complete()).isFalse();
        assertThat(outcome.stored()).isBetween(2L, 10L);
    }
}
