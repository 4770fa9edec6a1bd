package dev.calor.edgebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.edgebridge.testing.BrokerFixture;
import dev.calor.edgebridge.testing.IngestRecorder;
import dev.calor.edgebridge.testing.Scenarios;
import dev.calor.proto.v1.Reading;
import dev.calor.sim.patch.PatchListener;
import dev.calor.sim.serial.SerialPatchRunner;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.PtyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** The bridge process is killed with SIGKILL mid-stream and started again on the same buffer. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BridgeCrashIT {

    private static final String MAIN = "dev.calor.edgebridge.BridgeMain";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // keeps the bridge logs of a failed run
    Path dir;

    @Test
    void everyReadingThePatchHadAcknowledgedReachesTheBrokerAfterAKill9() throws IOException {
        String device = "patch-0301";
        int readings = 600;
        try (BrokerFixture broker = BrokerFixture.start(dir, List.of(device));
                IngestRecorder recorder = new IngestRecorder(broker.port(), List.of(device));
                PtyPair pty = PtyPair.open(dir)) {
            Path config = Files.writeString(
                    dir.resolve("bridge.yaml"),
                    """
                    bridge-id: crash-test
                    buffer:
                      file: buffer.db
                    broker:
                      host: 127.0.0.1
                      port: %d
                    publish:
                      interval: 300ms
                      jitter: 100ms
                      max-batch-size: 50
                      reconnect-initial: 100ms
                      reconnect-max: 1s
                    http:
                      port: -1
                    patches:
                      - device-id: %s
                        password: %s
                        serial:
                          port: %s
                          reconnect-initial: 50ms
                          reconnect-max: 500ms
                    """
                            .formatted(
                                    broker.port(), device, device + BrokerFixture.PASSWORD_SUFFIX, pty.bridgeSide()));
            List<String> jvm = List.of("-Xmx64m");
            Map<String, String> env = new HashMap<>();
            try (SerialPatchRunner patch = new SerialPatchRunner(
                    Scenarios.steady(device, readings, 30, 0.0),
                    pty.patchSide(),
                    Clock.systemUTC(),
                    PatchListener.NONE,
                    null)) {
                long ackedAtKill;
                try (JavaProcess first = JavaProcess.start(
                        jvm, MAIN, List.of("--config", config.toString()), env, dir.resolve("bridge-1.log"))) {
                    patch.start();
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> recorder.distinctSequences(device).size() >= 150);
                    first.kill9();
                    ackedAtKill = patch.inspect(f -> f.ackedSequence());
                    assertThat(first.isAlive()).isFalse();
                }
                assertThat(ackedAtKill).isGreaterThanOrEqualTo(150);
                long publishedBeforeRestart = recorder.distinctSequences(device).size();
                assertThat(publishedBeforeRestart)
                        .as("some acknowledged readings had not reached the broker when the bridge died")
                        .isLessThanOrEqualTo(ackedAtKill);

                try (JavaProcess second = JavaProcess.start(
                        jvm, MAIN, List.of("--config", config.toString()), env, dir.resolve("bridge-2.log"))) {
                    await().atMost(Duration.ofSeconds(50))
                            .until(() -> recorder.distinctSequences(device).size() == readings);
                    await().atMost(Duration.ofSeconds(15)).until(() -> patch.inspect(f -> f.unacknowledged()) == 0);
                    assertThat(second.isAlive()).isTrue();
                    second.stop();
                }
            }
            List<Long> expected = LongStream.rangeClosed(1, readings).boxed().toList();
            assertThat(recorder.distinctSequences(device)).containsExactlyInAnyOrderElementsOf(expected);
            // A reading published just before the kill may be published again; it carries the same device
            // sample time, so InfluxDB's write of the same point overwrites itself.
            Map<Integer, Long> sampleTimes = new HashMap<>();
            for (Reading r : recorder.readings(device)) {
                Long earlier = sampleTimes.putIfAbsent(r.getSequence(), r.getSampleTimeUnixNs());
                if (earlier != null) {
                    assertThat(r.getSampleTimeUnixNs()).isEqualTo(earlier);
                }
            }
        }
    }
}
