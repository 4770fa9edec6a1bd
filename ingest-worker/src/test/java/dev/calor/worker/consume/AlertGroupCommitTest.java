package dev.calor.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.worker.alert.AlertEngine;
import dev.calor.worker.carecircle.CareCircleWatcher;
import dev.calor.worker.metrics.WorkerMetrics;
import dev.calor.worker.testing.CareCircles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the alert consumer groups messages into durable commits before it acknowledges them. */
class AlertGroupCommitTest {

    private final List<AlertCommitter.GroupCommit> commits = new ArrayList<>();
    private final AtomicInteger acked = new AtomicInteger();

    private AlertPipeline pipeline(Path dir) {
        CareCircleWatcher circle = CareCircleWatcher.load(CareCircles.write(dir.resolve("cc.json"), 3, null));
        AlertEngine engine = new AlertEngine(Clock.systemUTC(), Duration.ofHours(3));
        AlertCommitter committer = c -> {
            commits.add(c);
            ConsumeLoop.acknowledge(c.messages());
            return c.alerts();
        };
        return new AlertPipeline(
                circle,
                new AlertStage(engine, Map.of(), device -> true),
                committer,
                new DeviceBacklog(),
                () -> false,
                () -> {},
                Set.of(),
                new WorkerMetrics(),
                Clock.systemUTC(),
                Duration.ofSeconds(1));
    }

    private InboundMessage healthyReading(String device, int seq) {
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        ReadingBatch batch = ReadingBatch.newBuilder()
                .setSchemaVersion(SchemaVersions.CURRENT)
                .setDeviceId(device)
                .setBridgeId(device)
                .setBatchId(seq)
                .addReadings(Reading.newBuilder()
                        .setSequence(seq)
                        .setBootEpoch(1)
                        .setSampleTimeUnixNs(now - 1_000_000_000L + seq)
                        .setTemperatureCelsius(36.8)
                        .setSite(MeasurementSite.MEASUREMENT_SITE_CORE))
                .build();
        return new InboundMessage(0, Topics.ingest(0, device), batch.toByteArray(), acked::incrementAndGet);
    }

    @Test
    void messagesTakenWithinTheLingerShareOneCommitAndAreAcknowledgedOnlyAfterIt(@TempDir Path dir) {
        AlertPipeline p = pipeline(dir);

        p.take(healthyReading("patch-1", 1));
        p.take(healthyReading("patch-2", 1));
        p.take(healthyReading("patch-3", 1));
        long due = p.dueNs();
        p.complete(due - 1, false);

        assertThat(commits).isEmpty();
        assertThat(acked).hasValue(0);

        p.complete(due, false);

        assertThat(commits).hasSize(1);
        assertThat(commits.get(0).messages()).hasSize(3);
        assertThat(acked).hasValue(3);
        assertThat(p.dueNs()).as("nothing waits once the group is committed").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aGroupIsDueNoLaterThanTheLingerAfterItsFirstMessage(@TempDir Path dir) {
        AlertPipeline p = pipeline(dir);
        assertThat(p.dueNs()).isEqualTo(Long.MAX_VALUE);

        long before = System.nanoTime();
        p.take(healthyReading("patch-1", 1));
        long after = System.nanoTime();

        assertThat(p.dueNs()).isBetween(before + AlertPipeline.GROUP_LINGER_NS, after + AlertPipeline.GROUP_LINGER_NS);
    }

    @Test
    void stoppingCommitsAtOnce(@TempDir Path dir) {
        AlertPipeline p = pipeline(dir);
        p.take(healthyReading("patch-1", 1));

        p.complete(p.dueNs() - AlertPipeline.GROUP_LINGER_NS, true);

        assertThat(commits).hasSize(1);
        assertThat(acked).hasValue(1);
    }
}
