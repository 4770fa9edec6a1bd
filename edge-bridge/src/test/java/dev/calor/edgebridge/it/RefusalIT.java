package dev.calor.edgebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.edgebridge.Bridge;
import dev.calor.edgebridge.buffer.BufferListener;
import dev.calor.edgebridge.buffer.BufferSettings;
import dev.calor.edgebridge.buffer.QuarantinedBatch;
import dev.calor.edgebridge.buffer.ReadingBuffer;
import dev.calor.edgebridge.config.BridgeConfig;
import dev.calor.edgebridge.testing.BridgeConfigs;
import dev.calor.edgebridge.testing.RecordedBroker;
import dev.calor.proto.v1.Reading;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transient and permanent refusals from the real broker and extension: a rate limit (0x97) keeps every
 * batch and delivers it later; out-of-range readings (0x99 value-out-of-range) are isolated by bisection, so
 * only they are quarantined and every good reading of their batches is delivered, exactly once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RefusalIT {

    private static final List<String> DEVICES = List.of("patch-0301", "patch-0302");

    @TempDir
    Path dir;

    @RegisterExtension
    static final RecordedBroker broker = new RecordedBroker(DEVICES);

    private Path backlog(String device, int count, Set<Integer> bad) {
        Path file = dir.resolve("buffer.db");
        long start = Instant.now().minusSeconds(count + 60L).toEpochMilli() * 1_000_000L;
        try (ReadingBuffer buffer =
                ReadingBuffer.open(BufferSettings.defaults(file), Clock.systemUTC(), BufferListener.NONE)) {
            for (int seq = 1; seq <= count; seq++) {
                buffer.append(
                        device,
                        Reading.newBuilder()
                                .setBootEpoch(1)
                                .setSequence(seq)
                                .setTemperatureCelsius(bad.contains(seq) ? 80.0 : 36.5) // extension: 10..50 °C
                                .setSampleTimeUnixNs(start + seq * 1_000_000_000L)
                                .setReceivedTimeUnixNs(start + seq * 1_000_000_000L)
                                .build());
            }
        }
        return file;
    }

    @Test
    void isolatesTheRefusedReadingsOfLargeBatchesAndDeliversEveryGoodOneExactlyOnce() {
        String device = DEVICES.get(0);
        Set<Integer> bad = Set.of(50, 51, 200);
        Path file = backlog(device, 300, bad);
        BridgeConfig config = BridgeConfigs.config(
                file,
                broker.port(),
                BridgeConfigs.fastPublish(100, 4),
                List.of(BridgeConfigs.serialPatch(device, dir.resolve("none"))));
        try (Bridge bridge = Bridge.start(config, Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> bridge.buffer().depth(device) == 0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> broker.recorder().distinctSequences(device).size() == 297);

            List<Long> good = LongStream.rangeClosed(1, 300)
                    .filter(s -> !bad.contains((int) s))
                    .boxed()
                    .toList();
            assertThat(broker.recorder().distinctSequences(device)).containsExactlyInAnyOrderElementsOf(good);
            assertThat(broker.recorder().readings(device))
                    .as("no good reading delivered twice")
                    .hasSize(297);
            List<QuarantinedBatch> quarantined = bridge.buffer().quarantined();
            assertThat(quarantined).extracting(QuarantinedBatch::readings).containsExactly(1, 1, 1);
            assertThat(quarantined).allSatisfy(q -> {
                assertThat(q.reasonCode()).isEqualTo(0x99);
                assertThat(q.reason()).startsWith("value-out-of-range");
            });
            assertThat(bridge.metrics().value("calor_bridge_readings_quarantined_total", device))
                    .isEqualTo(3);
            assertThat(bridge.metrics().value("calor_bridge_batches_split_total", device, "0x99"))
                    .isPositive();
        }
    }

    @Test
    void keepsEveryBatchTheRateLimitRefusesAndDeliversItLater() {
        String device = DEVICES.get(1);
        Path file = backlog(device, 180, Set.of());
        // one reading per publish: 180 publishes against the broker's default bucket (burst 100, 5/s) are
        // refused as soon as the bridge sends faster than 12 per second, which it does even on a loaded machine
        BridgeConfig config = BridgeConfigs.config(
                file,
                broker.port(),
                BridgeConfigs.fastPublish(1, 8),
                List.of(BridgeConfigs.serialPatch(device, dir.resolve("none"))));
        try (Bridge bridge = Bridge.start(config, Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(90)).until(() -> bridge.buffer().depth(device) == 0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> broker.recorder().distinctSequences(device).size() == 180);

            assertThat(bridge.metrics().value("calor_bridge_batches_refused_transient_total", device, "0x97"))
                    .as("publishes the rate limit refused")
                    .isPositive();
            assertThat(bridge.buffer().quarantined()).isEmpty();
            assertThat(bridge.metrics().value("calor_bridge_refusal_breaker_trips_total", device))
                    .as("flow control never trips the breaker")
                    .isZero();
            assertThat(broker.recorder().distinctSequences(device))
                    .containsExactlyInAnyOrderElementsOf(
                            LongStream.rangeClosed(1, 180).boxed().toList());
        }
    }
}
