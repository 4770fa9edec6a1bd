package dev.calor.sim.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameRecorderReplayerTest {

    @TempDir
    Path dir;

    @Test
    void replaysTheSentChunksWithTheirSpacingAndSkipsReceivedOnes() throws Exception {
        Path file = dir.resolve("rec.txt");
        Files.writeString(
                file,
                """
                2026-11-21T06:00:00Z tx 0102
                2026-11-21T06:00:00.250Z rx 0a0b
                2026-11-21T06:00:01.500Z tx 0304

                """);
        List<FrameReplayer.Chunk> chunks = FrameReplayer.read(file);
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).delay()).isZero();
        assertThat(chunks.get(0).bytes()).containsExactly(1, 2);
        assertThat(chunks.get(1).delay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(chunks.get(1).bytes()).containsExactly(3, 4);
    }

    @Test
    void namesTheBadLine() throws Exception {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, "2026-11-21T06:00:00Z tx 0102\nnot a line\n");
        assertThatThrownBy(() -> FrameReplayer.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void recorderWritesWhatTheReplayerReads() {
        Path file = dir.resolve("round.txt");
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T06:00:00Z"), ZoneOffset.UTC);
        try (FrameRecorder recorder = new FrameRecorder(file, clock)) {
            recorder.sent(new byte[] {5, 6, 0});
            recorder.received(new byte[] {7});
        }
        List<FrameReplayer.Chunk> chunks = FrameReplayer.read(file);
        assertThat(chunks).singleElement().satisfies(c -> assertThat(c.bytes()).containsExactly(5, 6, 0));
    }
}
