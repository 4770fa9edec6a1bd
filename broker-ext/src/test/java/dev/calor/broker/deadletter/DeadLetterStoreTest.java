package dev.calor.broker.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterStoreTest {

    @TempDir
    Path dir;

    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void keepsLettersAcrossReopeningOldestFirst() {
        DeadLetterStore store = new DeadLetterStore(dir, 1_000_000, Duration.ofDays(1), clock);
        store.add(letter("patch-1", 10));
        now = now.plusSeconds(1);
        store.add(letter("patch-2", 10));

        List<DeadLetter> again = new DeadLetterStore(dir, 1_000_000, Duration.ofDays(1), clock).list();
        assertThat(again).extracting(DeadLetter::deviceId).containsExactly("patch-1", "patch-2");
        assertThat(again.get(0).payload()).hasSize(10);
        assertThat(again.get(0).reason()).isEqualTo("sample-too-old");
    }

    @Test
    void dropsTheOldestBeyondTheSizeBoundAndEverythingBeyondTheAgeBound() {
        DeadLetterStore store = new DeadLetterStore(dir, 3_000, Duration.ofHours(1), clock);
        for (int i = 0; i < 10; i++) {
            now = now.plusSeconds(1);
            store.add(letter("patch-" + i, 500));
        }
        List<DeadLetter> kept = store.list();
        assertThat(kept).hasSizeBetween(1, 4);
        assertThat(kept.get(kept.size() - 1).deviceId()).isEqualTo("patch-9");

        now = now.plus(Duration.ofHours(2));
        store.prune();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void reinjectionMovesLettersOutOfTheStoreUntilTheBrokerTakesThem() {
        DeadLetterStore store = new DeadLetterStore(dir, 1_000_000, Duration.ofDays(1), clock);
        String id = store.add(letter("patch-1", 10));
        assertThat(store.requestReinjection(List.of(id, "no-such-letter"))).containsExactly(id);
        assertThat(store.list()).isEmpty();
        assertThat(store.takeReinjections()).extracting(DeadLetter::id).containsExactly(id);
        assertThat(store.takeReinjections()).isEmpty();
    }

    private DeadLetter letter(String device, int bytes) {
        return new DeadLetter(
                "",
                device,
                device,
                "calor/v1/devices/" + device + "/readings",
                "sample-too-old",
                "older than 30d",
                now,
                bytes,
                false,
                new byte[bytes]);
    }
}
