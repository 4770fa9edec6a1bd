package dev.calor.edgebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.edgebridge.Bridge;
import dev.calor.edgebridge.config.BridgeConfig;
import dev.calor.edgebridge.testing.BacklogWriter;
import dev.calor.edgebridge.testing.BridgeConfigs;
import dev.calor.edgebridge.testing.BrokerFixture;
import dev.calor.edgebridge.testing.IngestRecorder;
import dev.calor.edgebridge.testing.Scenarios;
import dev.calor.sim.patch.PatchListener;
import dev.calor.sim.serial.SerialPatchRunner;
import dev.calor.testsupport.PtyPair;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The broker goes away and comes back; the bridge keeps every reading and drains in order. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BrokerOutageIT {

    @TempDir
    Path dir;

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    /** The missing sequences of 1..n as ranges, e.g. "501-1000 7001-7500". */
    private static String missing(List<Long> seen, int n) {
        java.util.Set<Long> set = new java.util.HashSet<>(seen);
        StringBuilder b = new StringBuilder();
        long start = -1;
        for (long s = 1; s <= n + 1; s++) {
            boolean gone = s <= n && !set.contains(s);
            if (gone && start < 0) {
                start = s;
            } else if (!gone && start >= 0) {
                b.append(start).append('-').append(s - 1).append(' ');
                start = -1;
            }
        }
        return b.toString().trim();
    }

    @Test
    void buffersAndAcknowledgesWhileTheBrokerIsDownThenDrainsInOrder() {
        String device = "patch-0201";
        // one sample a second of device time, sent 40 times faster: 250 stay within the broker's 5 min
        // future-skew bound, which would otherwise refuse the last readings as sampled in the future
        int readings = 250;
        try (BrokerFixture broker = BrokerFixture.start(dir, List.of(device));
                IngestRecorder recorder = new IngestRecorder(broker.port(), List.of(device));
                PtyPair pty = PtyPair.open(dir)) {
            BridgeConfig config = BridgeConfigs.config(
                    dir.resolve("buffer.db"),
                    broker.port(),
                    BridgeConfigs.fastPublish(50, 4),
                    List.of(BridgeConfigs.serialPatch(device, pty.bridgeSide())));
            try (Bridge bridge = Bridge.start(config, Clock.systemUTC());
                    SerialPatchRunner patch = new SerialPatchRunner(
                            Scenarios.steady(device, readings, 40, 0.0),
                            pty.patchSide(),
                            Clock.systemUTC(),
                            PatchListener.NONE,
                            null)) {
                patch.start();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> recorder.distinctSequences(device).size() >= 40);

                broker.down();
                long lastAtBroker = recorder.distinctSequences(device).stream()
                        .mapToLong(Long::longValue)
                        .max()
                        .orElseThrow();
                // the bridge acknowledges what it stored although the broker is down
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> patch.inspect(f -> f.ackedSequence()) >= lastAtBroker + 100);
                assertThat(bridge.buffer().depth(device)).isGreaterThanOrEqualTo(100);
                assertThat(bridge.metrics().value("calor_bridge_mqtt_connected", device))
                        .isZero();

                broker.up();
                await().atMost(Duration.ofSeconds(40))
                        .until(() -> recorder.distinctSequences(device).size() == readings);
                assertThat(recorder.distinctSequences(device))
                        .as("first arrivals are in sequence order")
                        .containsExactlyElementsOf(oneTo(readings));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> bridge.buffer().depth(device) == 0);
                assertThat(bridge.metrics().value("calor_bridge_readings_published_total", device))
                        .isEqualTo(readings);
            }
        }
    }

    @Test
    void survivesABrokerRestartInTheMiddleOfDrainingABacklog() {
        String device = "patch-0202";
        int backlog = 50_000;
        BacklogWriter.write(dir.resolve("buffer.db"), device, backlog, Duration.ofSeconds(1));
        try (BrokerFixture broker = BrokerFixture.start(dir, List.of(device));
                IngestRecorder recorder = new IngestRecorder(broker.port(), List.of(device))) {
            BridgeConfig config = BridgeConfigs.config(
                    dir.resolve("buffer.db"),
                    broker.port(),
                    BridgeConfigs.fastPublish(500, 2),
                    List.of(BridgeConfigs.serialPatch(device, dir.resolve("no-such-port"))));
            try (Bridge bridge = Bridge.start(config, Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> recorder.readings(device).size() >= 5_000);
                broker.restart();

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> bridge.buffer().depth(device) == 0);
                try {
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> recorder.distinctSequences(device).size() == backlog);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    // fall through to the assertion, which names the missing sequences
                }
                assertThat(missing(recorder.distinctSequences(device), backlog)).isEmpty();
                assertThat(recorder.distinctSequences(device))
                        .as("first arrivals are in sequence order")
                        .containsExactlyElementsOf(oneTo(backlog));
                assertThat(recorder.readings(device).size() - backlog)
                        .as("resent after the restart: at most the batches in flight")
                        .isLessThanOrEqualTo(2 * 500);
                assertThat(bridge.buffer().quarantined()).isEmpty();
            }
        }
    }
}
