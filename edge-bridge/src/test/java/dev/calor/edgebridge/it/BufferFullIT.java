package dev.calor.edgebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.edgebridge.Bridge;
import dev.calor.edgebridge.buffer.OverflowPolicy;
import dev.calor.edgebridge.config.BridgeConfig;
import dev.calor.edgebridge.testing.BridgeConfigs;
import dev.calor.edgebridge.testing.RecordedBroker;
import dev.calor.edgebridge.testing.Scenarios;
import dev.calor.sim.patch.PatchListener;
import dev.calor.sim.serial.SerialPatchRunner;
import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.PtyPair;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A buffer of 40 readings fills while the broker is out of reach (the first bridge points at a dead port);
 * a second bridge on the same buffer file then reaches the broker. What is delivered depends on the policy.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BufferFullIT {

    private static final List<String> DEVICES = List.of("patch-0401", "patch-0402", "patch-0403");
    private static final int CAPACITY = 40;
    private static final int READINGS = 100;

    @TempDir
    Path dir;

    @RegisterExtension
    static final RecordedBroker broker = new RecordedBroker(DEVICES);

    private BridgeConfig config(String device, int brokerPort, OverflowPolicy policy, Path serial) {
        BridgeConfig c = BridgeConfigs.config(
                dir.resolve("buffer.db"),
                brokerPort,
                BridgeConfigs.fastPublish(50, 2),
                List.of(BridgeConfigs.serialPatch(device, serial)));
        return new BridgeConfig(
                c.bridgeId(),
                c.buffer().withMaxReadings(CAPACITY).withOverflowPolicy(policy),
                c.broker(),
                c.publish(),
                c.intake(),
                c.http(),
                c.patches());
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void refuseHoldsTheAcknowledgementBackSoThePatchKeepsWhatDoesNotFitAndNothingIsLost() {
        String device = DEVICES.get(0);
        try (PtyPair pty = PtyPair.open(dir);
                SerialPatchRunner patch = new SerialPatchRunner(
                        Scenarios.steady(device, READINGS, 25, 0.0),
                        pty.patchSide(),
                        Clock.systemUTC(),
                        PatchListener.NONE,
                        null)) {
            try (Bridge offline = Bridge.start(
                    config(device, FreePorts.next(), OverflowPolicy.REFUSE, pty.bridgeSide()), Clock.systemUTC())) {
                patch.start();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> patch.inspect(f -> f.scenarioTime()).toSeconds() >= READINGS);
                assertThat(offline.buffer().depth(device)).isEqualTo(CAPACITY);
                long acked = patch.inspect(f -> f.ackedSequence());
                int unacknowledged = patch.inspect(f -> f.unacknowledged());
                assertThat(acked).isEqualTo(CAPACITY);
                assertThat(unacknowledged).isEqualTo(READINGS - CAPACITY);
                assertThat(offline.metrics().value("calor_bridge_readings_evicted_total", device, "overflow_refused"))
                        .isPositive();
            }
            try (Bridge online = Bridge.start(
                    config(device, broker.port(), OverflowPolicy.REFUSE, pty.bridgeSide()), Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> broker.recorder().distinctSequences(device).size() == READINGS);
                assertThat(broker.recorder().distinctSequences(device))
                        .containsExactlyInAnyOrderElementsOf(range(1, READINGS));
                await().atMost(Duration.ofSeconds(10)).until(() -> patch.inspect(f -> f.unacknowledged()) == 0);
            }
        }
    }

    @Test
    void dropOldestKeepsTheNewestReadingsAndCountsEveryEviction() {
        String device = DEVICES.get(1);
        long evicted = fillThenDrain(device, OverflowPolicy.DROP_OLDEST, "overflow_oldest");
        assertThat(evicted).isEqualTo(READINGS - CAPACITY);
        assertThat(broker.recorder().distinctSequences(device))
                .containsExactlyElementsOf(range(READINGS - CAPACITY + 1, READINGS));
    }

    @Test
    void dropNewestKeepsTheOldestReadingsAndCountsEveryDrop() {
        String device = DEVICES.get(2);
        long dropped = fillThenDrain(device, OverflowPolicy.DROP_NEWEST, "overflow_newest");
        assertThat(dropped).isEqualTo(READINGS - CAPACITY);
        assertThat(broker.recorder().distinctSequences(device)).containsExactlyElementsOf(range(1, CAPACITY));
    }

    /** Fills the buffer past capacity with the broker out of reach, then drains it; returns the drop count. */
    private long fillThenDrain(String device, OverflowPolicy policy, String reason) {
        long dropped;
        try (PtyPair pty = PtyPair.open(dir);
                SerialPatchRunner patch = new SerialPatchRunner(
                        Scenarios.steady(device, READINGS, 25, 0.0),
                        pty.patchSide(),
                        Clock.systemUTC(),
                        PatchListener.NONE,
                        null)) {
            try (Bridge offline =
                    Bridge.start(config(device, FreePorts.next(), policy, pty.bridgeSide()), Clock.systemUTC())) {
                patch.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> patch.inspect(f -> f.ackedSequence()) == READINGS);
                assertThat(offline.buffer().depth(device)).isEqualTo(CAPACITY);
                dropped = (long) offline.metrics().value("calor_bridge_readings_evicted_total", device, reason);
            }
        }
        try (Bridge online =
                Bridge.start(config(device, broker.port(), policy, dir.resolve("patch-gone")), Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> online.buffer().depth(device) == 0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> broker.recorder().distinctSequences(device).size() == CAPACITY);
        }
        return dropped;
    }
}
