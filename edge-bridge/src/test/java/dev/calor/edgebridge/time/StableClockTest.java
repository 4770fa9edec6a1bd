package dev.calor.edgebridge.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StableClockTest {

    private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void advancesWithElapsedTimeAndIgnoresWallClockSteps() {
        ManualTime time = new ManualTime(START);
        StableClock stable = new StableClock(time, time);
        time.elapse(Duration.ofSeconds(30));
        time.step(Duration.ofHours(2));
        assertThat(stable.instant()).isEqualTo(START.plusSeconds(30));
        time.step(Duration.ofHours(-4));
        time.elapse(Duration.ofSeconds(5));
        assertThat(stable.instant()).isEqualTo(START.plusSeconds(35));
    }

    @Test
    void judgesA1970ClockUnsynchronisedWhateverTheCheck() {
        ManualTime epoch = new ManualTime(Instant.ofEpochSecond(42));
        assertThat(ClockJudge.plausibleOnly(epoch).synchronised()).isFalse();
        assertThat(ClockJudge.plausibleOnly(new ManualTime(START)).synchronised())
                .isTrue();
    }

    @Test
    void judgesByTheTimesyncdMarkerWhenAsked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path marker = dir.resolve("timesync").resolve("synchronized");
        ManualTime time = new ManualTime(START);
        assertThat(new ClockJudge(time, ClockJudge.SyncCheck.TIMESYNCD, marker).synchronised())
                .isFalse();
        assertThat(new ClockJudge(time, ClockJudge.SyncCheck.AUTO, marker).synchronised())
                .as("no timesyncd on the machine: plausibility alone")
                .isTrue();
        java.nio.file.Files.createDirectories(marker.getParent());
        assertThat(new ClockJudge(time, ClockJudge.SyncCheck.AUTO, marker).synchronised())
                .as("timesyncd runs but has not synchronised")
                .isFalse();
        java.nio.file.Files.createFile(marker);
        assertThat(new ClockJudge(time, ClockJudge.SyncCheck.AUTO, marker).synchronised())
                .isTrue();
    }

    @Test
    void doubtsTheClockForTheSettleTimeAfterAJump() {
        ManualTime time = new ManualTime(START);
        ClockJudge judge = new ClockJudge(
                time,
                new StableClock(time, time),
                ClockJudge.SyncCheck.NONE,
                ClockJudge.TIMESYNCD_MARKER,
                Duration.ofMinutes(10));
        assertThat(judge.synchronised()).isTrue();
        time.step(Duration.ofHours(2));
        judge.jumped();
        assertThat(judge.synchronised()).isFalse();
        time.elapse(Duration.ofMinutes(9));
        assertThat(judge.synchronised()).isFalse();
        time.elapse(Duration.ofMinutes(2));
        assertThat(judge.synchronised()).isTrue();
    }
}
