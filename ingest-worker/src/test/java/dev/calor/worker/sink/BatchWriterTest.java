package dev.calor.worker.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchWriterTest {

    @TempDir
    Path dir;

    private final List<Duration> sleeps = new ArrayList<>();
    private final List<List<String>> accepted = new ArrayList<>();

    /** A sink that fails with the scripted statuses first, then rejects lines containing "poison". */
    private final class ScriptedSink implements LineSink {
        final Deque<SinkWriteException> failures = new ArrayDeque<>();
        int maxLines = Integer.MAX_VALUE;

        @Override
        public void write(List<String> lines) {
            if (!failures.isEmpty()) {
                throw failures.poll();
            }
            if (lines.size() > maxLines) {
                throw new SinkWriteException(413, "Request Entity Too Large", null, null);
            }
            if (lines.stream().anyMatch(l -> l.contains("poison"))) {
                throw new SinkWriteException(400, "partial write: field type conflict", null, null);
            }
            accepted.add(List.copyOf(lines));
        }

        @Override
        public void close() {}
    }

    private BatchWriter writer(ScriptedSink sink, int batch) {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 0.5, () -> 0.5);
        return new BatchWriter(
                sink,
                policy,
                batch,
                new DeadLetterLog(dir.resolve("dlq.jsonl"), Clock.systemUTC()),
                sleeps::add,
                WriteListener.NONE);
    }

    @Test
    void retriesTransientFailuresWithGrowingJitteredBackoffAndHonoursRetryAfter() throws Exception {
        ScriptedSink sink = new ScriptedSink();
        sink.failures.add(new SinkWriteException(0, "connection refused", null, null));
        sink.failures.add(new SinkWriteException(503, "unavailable", null, null));
        sink.failures.add(new SinkWriteException(429, "too many", Duration.ofSeconds(7), null));
        sink.failures.add(new SinkWriteException(500, "internal", null, null));
        writer(sink, 10).writeAll(lines(3));
        assertThat(sleeps)
                .containsExactly(
                        Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofSeconds(7), Duration.ofMillis(600));
        assertThat(accepted).containsExactly(lines(3));
    }

    @Test
    void splitsOn413UntilTheServerTakesIt() throws Exception {
        ScriptedSink sink = new ScriptedSink();
        sink.maxLines = 3;
        writer(sink, 100).writeAll(lines(10));
        assertThat(accepted).extracting(List::size).containsExactly(2, 3, 2, 3);
        assertThat(accepted.stream().flatMap(List::stream)).containsExactlyElementsOf(lines(10));
    }

    @Test
    void isolatesPoisonPointsToTheDeadLetterLogAndWritesTheRest() throws Exception {
        ScriptedSink sink = new ScriptedSink();
        List<String> batch = new ArrayList<>(lines(8));
        batch.set(5, "m,t=poison v=1 1");
        writer(sink, 100).writeAll(batch);
        assertThat(accepted.stream().flatMap(List::stream)).hasSize(7).doesNotContain("m,t=poison v=1 1");
        List<String> dlq = Files.readAllLines(dir.resolve("dlq.jsonl"));
        assertThat(dlq).singleElement().satisfies(l -> assertThat(l)
                .contains("\"reason\":\"400 partial write: field type conflict\"")
                .contains("\"line\":\"m,t=poison v=1 1\""));
    }

    @Test
    void chunksByBatchSize() throws Exception {
        ScriptedSink sink = new ScriptedSink();
        writer(sink, 4).writeAll(lines(10));
        assertThat(accepted).extracting(List::size).containsExactly(4, 4, 2);
    }

    @Test
    void backoffIsCappedAndRetryAfterIsBounded() {
        RetryPolicy p = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 0.0, () -> 0.9);
        assertThat(p.decide(30, 503, null).delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.decide(1, 429, Duration.ofHours(1)).delay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.decide(1, 413, null).action()).isEqualTo(RetryPolicy.Action.SPLIT);
        assertThat(p.decide(1, 400, null).action()).isEqualTo(RetryPolicy.Action.ISOLATE);
        assertThat(InfluxClientSink.retryAfter(java.util.Map.of("retry-after", "12")))
                .isEqualTo(Duration.ofSeconds(12));
    }

    private static List<String> lines(int n) {
        return IntStream.range(0, n).mapToObj(i -> "m,t=x v=" + i + " " + i).toList();
    }
}
