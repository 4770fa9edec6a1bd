package dev.calor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.e2e.pipeline.LocalPipeline;
import dev.calor.e2e.pipeline.PipelineFiles;
import dev.calor.sim.patch.PatchListener;
import dev.calor.sim.patch.ReadingReport;
import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioLoader;
import dev.calor.sim.serial.SerialPatchRunner;
import dev.calor.testsupport.PtyPair;
import dev.calor.testsupport.TempDirs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HiveMQ drops a publish that matches no subscription and answers PUBACK 0x10 (no matching subscribers).
 * Before any worker has subscribed to a shard, the bridge must therefore keep the batch and resend it, not
 * delete it: readings taken while no worker ever existed still reach InfluxDB once one starts.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class WorkerStartsLateIT {

    @Test
    void readingsPublishedBeforeAnyWorkerSubscribedReachInfluxDbOnceOneDoes() throws Exception {
        Path dir = TempDirs.create("calor-late-worker-");
        try (LocalPipeline pipeline =
                LocalPipeline.startWithoutWorker(new PipelineFiles(dir, "calor", 60, "late-secret"), null)) {
            PtyPair pty = pipeline.own(PtyPair.open(dir));
            pipeline.startBridge(pty.bridgeSide());
            Scenario scenario = ScenarioLoader.read(Path.of(getClass()
                            .getClassLoader()
                            .getResource("scenarios/spine.yaml")
                            .toURI()))
                    .withDuration(Duration.ofMinutes(8));
            List<ReadingReport> sent = new CopyOnWriteArrayList<>();
            try (SerialPatchRunner patch = new SerialPatchRunner(
                    scenario,
                    pty.patchSide(),
                    Clock.systemUTC(),
                    new PatchListener() {
                        @Override
                        public void onReading(ReadingReport report) {
                            sent.add(report);
                        }
                    },
                    null)) {
                patch.start();
                patch.done().get(120, TimeUnit.SECONDS);
            }
            assertThat(sent).hasSize(8);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> pipeline.processes().get("bridge").log().contains("no ingest worker subscribed yet"));
            assertThat(pipeline.storedReadings(PipelineFiles.DEVICE)).isZero();

            pipeline.startWorker();

            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(pipeline.storedReadings(PipelineFiles.DEVICE))
                            .isEqualTo(sent.size()));
        } finally {
            SpineIT.keepLogs(dir, "worker-starts-late");
            TempDirs.deleteRecursively(dir);
        }
    }
}
