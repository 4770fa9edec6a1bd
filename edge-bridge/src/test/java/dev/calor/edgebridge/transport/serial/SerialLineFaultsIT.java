package dev.calor.edgebridge.transport.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.contract.serial.Ack;
import dev.calor.contract.serial.Frame;
import dev.calor.contract.serial.FrameType;
import dev.calor.edgebridge.Bridge;
import dev.calor.edgebridge.buffer.BufferListener;
import dev.calor.edgebridge.buffer.BufferSettings;
import dev.calor.edgebridge.buffer.ReadingBuffer;
import dev.calor.edgebridge.testing.BridgeConfigs;
import dev.calor.edgebridge.testing.RecordingListener;
import dev.calor.edgebridge.testing.ScriptedSerialPatch;
import dev.calor.edgebridge.transport.LinkState;
import dev.calor.edgebridge.transport.RejectReason;
import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.PtyPair;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The serial transport on a real pty (socat) when things go wrong on the bridge's side of the line. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SerialLineFaultsIT {

    private static final Instant NOW = Instant.parse("2026-11-21T07:10:00Z");
    private static final LocalDateTime SAMPLED = LocalDateTime.of(2026, 11, 21, 7, 9, 58);

    @TempDir
    Path dir;

    private final RecordingListener listener = new RecordingListener();

    private SerialPatchTransport transport(PtyPair pty, int interval) {
        return new SerialPatchTransport(
                SerialSettings.of("patch-0001", pty.bridgeSide()).withSampleInterval(interval),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static List<Frame> framesOf(ScriptedSerialPatch patch, FrameType type) {
        return patch.received().stream().filter(f -> f.type() == type).toList();
    }

    @Test
    void aFrameHandlerThatThrowsCostsOneFrameNotTheLink() {
        try (PtyPair pty = PtyPair.open(dir);
                ScriptedSerialPatch patch = new ScriptedSerialPatch(pty.patchSide());
                SerialPatchTransport transport = transport(pty, 5)) {
            transport.start(listener);
            patch.send(ScriptedSerialPatch.hello("patch-0001", 5), 0, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> transport.linkState() == LinkState.ONLINE);

            listener.failNextMeasurement.set(new IllegalStateException("listener bug"));
            patch.send(ScriptedSerialPatch.measurement(37.0, SAMPLED), 1, 1);
            patch.send(ScriptedSerialPatch.measurement(37.1, SAMPLED), 2, 1);

            await().atMost(Duration.ofSeconds(10)).until(() -> listener.measurements.size() == 1);
            assertThat(listener.measurements.get(0).sequence()).isEqualTo(2);
            assertThat(listener.rejected).containsExactly(RejectReason.MALFORMED);
            assertThat(listener.links)
                    .as("the port was never closed and reopened")
                    .containsExactly(LinkState.CONNECTING, LinkState.ONLINE);
            assertThat(transport.linkState()).isEqualTo(LinkState.ONLINE);
        }
    }

    @Test
    void acknowledgingNeverWaitsForAStalledLineAndTheNewestAckArrivesOnceItMovesAgain() {
        try (PtyPair pty = PtyPair.open(dir);
                ScriptedSerialPatch patch = new ScriptedSerialPatch(pty.patchSide());
                SerialPatchTransport transport = transport(pty, 5)) {
            transport.start(listener);
            patch.send(ScriptedSerialPatch.hello("patch-0001", 5), 0, 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> transport.linkState() == LinkState.ONLINE);

            patch.pauseReading();
            // far more ACK bytes than the pty and socat buffer (≈ 20 bytes each): written on the caller's thread
            // they would block it at the first full buffer, for a second per frame
            CompletableFuture<Void> acknowledging = CompletableFuture.runAsync(() -> {
                for (long seq = 1; seq <= 50_000; seq++) {
                    transport.acknowledge(3, seq);
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(acknowledging::isDone);

            patch.resumeReading();
            await().atMost(Duration.ofSeconds(30)).until(() -> framesOf(patch, FrameType.ACK).stream()
                    .map(f -> (Ack) f.decodePayload())
                    .anyMatch(a -> a.sequence() == 50_000 && a.bootEpoch() == 3));
            assertThat(framesOf(patch, FrameType.ACK).size())
                    .as("ACKs coalesce while the line is stalled")
                    .isLessThan(50_000);
            assertThat(transport.linkState()).isEqualTo(LinkState.ONLINE);
        }
    }

    @Test
    void aPatchThatClampsTheIntervalIsAskedOncePerBootEpochNotAtEveryHello() {
        try (PtyPair pty = PtyPair.open(dir);
                ScriptedSerialPatch patch = new ScriptedSerialPatch(pty.patchSide());
                SerialPatchTransport transport = transport(pty, 5)) {
            transport.start(listener);
            patch.send(ScriptedSerialPatch.hello("patch-0001", 60), 0, 4);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> framesOf(patch, FrameType.SET_INTERVAL).size() == 1);

            // the patch keeps 10 s (its minimum) and says hello again after each SET_INTERVAL
            for (int i = 0; i < 3; i++) {
                patch.send(ScriptedSerialPatch.hello("patch-0001", 10), 0, 4);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.hellos.size() == 4);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> framesOf(patch, FrameType.TIME_SET).size() == 4);
            assertThat(framesOf(patch, FrameType.SET_INTERVAL))
                    .as("asked once in epoch 4")
                    .hasSize(1);

            patch.send(ScriptedSerialPatch.hello("patch-0001", 10), 0, 5); // rebooted: asked again
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> framesOf(patch, FrameType.SET_INTERVAL).size() == 2);
        }
    }

    @Test
    void theAckMarkOfAnEpochNumberFromAnEarlierTurnOfTheBootCounterNeverFreesTheNewEpoch() {
        Path file = dir.resolve("buffer.db");
        try (ReadingBuffer before =
                ReadingBuffer.open(BufferSettings.defaults(file), Clock.systemUTC(), BufferListener.NONE)) {
            before.saveAckMark("patch-0001", 1, 500); // epoch 1, some 65 000 boots ago
        }
        try (PtyPair pty = PtyPair.open(dir);
                ScriptedSerialPatch patch = new ScriptedSerialPatch(pty.patchSide());
                Bridge bridge = Bridge.start(
                        BridgeConfigs.config(
                                file,
                                FreePorts.next(), // no broker: only the intake and the line matter here
                                BridgeConfigs.fastPublish(10, 1),
                                List.of(BridgeConfigs.serialPatch("patch-0001", pty.bridgeSide()))),
                        Clock.systemUTC())) {
            patch.send(ScriptedSerialPatch.hello("patch-0001", 60), 0, 40_000);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> bridge.statusBoard().get("patch-0001").link() == LinkState.ONLINE);

            // the counter went on round and wrapped: epoch 1 again, a fresh store starting at sequence 1
            patch.send(ScriptedSerialPatch.hello("patch-0001", 60), 0, 1);
            patch.send(ScriptedSerialPatch.measurement(36.8, SAMPLED), 1, 1);

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> !framesOf(patch, FrameType.ACK).isEmpty());
            assertThat(framesOf(patch, FrameType.ACK).stream().map(f -> (Ack) f.decodePayload()))
                    .as("acknowledged: the new epoch's first reading, never the old mark")
                    .extracting(a -> a.bootEpoch() + "/" + a.sequence())
                    .containsExactly("1/1");
            assertThat(bridge.buffer().ackMark("patch-0001", 1)).contains(1L);
        }
    }
}
