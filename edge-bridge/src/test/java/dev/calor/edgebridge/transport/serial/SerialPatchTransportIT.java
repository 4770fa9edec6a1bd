package dev.calor.edgebridge.transport.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.contract.serial.Ack;
import dev.calor.contract.serial.Battery;
import dev.calor.contract.serial.Frame;
import dev.calor.contract.serial.FrameCodec;
import dev.calor.contract.serial.FrameType;
import dev.calor.contract.serial.SetInterval;
import dev.calor.contract.serial.Status;
import dev.calor.contract.serial.TimeSet;
import dev.calor.edgebridge.testing.RecordingListener;
import dev.calor.edgebridge.testing.ScriptedSerialPatch;
import dev.calor.edgebridge.transport.LinkState;
import dev.calor.edgebridge.transport.RejectReason;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.testsupport.PtyPair;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SerialPatchTransportIT {

    private static final Instant NOW = Instant.parse("2026-11-21T07:10:00Z");
    private static final LocalDateTime SAMPLED = LocalDateTime.of(2026, 11, 21, 7, 9, 58);

    @TempDir
    Path dir;

    private final RecordingListener listener = new RecordingListener();

    private SerialPatchTransport transport(PtyPair pty) {
        SerialSettings settings =
                SerialSettings.of("patch-0001", pty.bridgeSide()).withSampleInterval(5);
        return new SerialPatchTransport(settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static <T> List<Frame> framesOf(ScriptedSerialPatch patch, FrameType type) {
        return patch.received().stream().filter(f -> f.type() == type).toList();
    }

    @Test
    void answersHelloWithTimeAndIntervalThenDeliversMeasurementsAndSendsAcks() {
        try (PtyPair pty = PtyPair.open(dir);
                ScriptedSerialPatch patch = new ScriptedSerialPatch(pty.patchSide());
                SerialPatchTransport transport = transport(pty)) {
            transport.start(listener);
            patch.send(ScriptedSerialPatch.hello("patch-0001", 60), 0, 7);

            await().atMost(Duration.ofSeconds(10)).until(() -> transport.linkState() == LinkState.ONLINE);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> framesOf(patch, FrameType.SET_INTERVAL).size() == 1);
            TimeSet time = (TimeSet) framesOf(patch, FrameType.TIME_SET).get(0).decodePayload();
            assertThat(time.utcEpochMillis()).isEqualTo(NOW.toEpochMilli());
            SetInterval interval =
                    (SetInterval) framesOf(patch, FrameType.SET_INTERVAL).get(0).decodePayload();
            assertThat(interval.seconds()).isEqualTo(5);
            assertThat(listener.hellos.get(0).bootEpoch()).isEqualTo(7);
            assertThat(listener.hellos.get(0).firmwareVersion()).isEqualTo("1.2.3");

            patch.send(ScriptedSerialPatch.measurement(38.25, SAMPLED), 41, 7);
            patch.send(new Battery(77), 41, 7);
            patch.send(new Status(Status.FAULT_LOW_BATTERY, 1), 41, 7);
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.faults.size() == 1);

            assertThat(listener.measurements).hasSize(1);
            var m = listener.measurements.get(0);
            assertThat(m.sequence()).isEqualTo(41);
            assertThat(m.bootEpoch()).isEqualTo(7);
            assertThat(m.celsius()).isEqualTo(38.25);
            assertThat(m.site()).isEqualTo(MeasurementSite.MEASUREMENT_SITE_SKIN);
            assertThat(m.deviceTime()).contains(SAMPLED.toInstant(ZoneOffset.UTC));
            assertThat(listener.battery).containsExactly(77);
            assertThat(listener.faults).containsExactly(Status.FAULT_LOW_BATTERY);

            transport.acknowledge(7, 41);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> framesOf(patch, FrameType.ACK).size() == 1);
            Ack ack = (Ack) framesOf(patch, FrameType.ACK).get(0).decodePayload();
            assertThat(ack.sequence()).isEqualTo(41);
            assertThat(ack.bootEpoch()).isEqualTo(7);
        }
    }

    @Test
    void dropsCorruptedAndMalformedFramesAndKeepsReadingAfterThem() {
        try (PtyPair pty = PtyPair.open(dir);
                ScriptedSerialPatch patch = new ScriptedSerialPatch(pty.patchSide());
                SerialPatchTransport transport = transport(pty)) {
            transport.start(listener);
            patch.send(ScriptedSerialPatch.hello("patch-0001", 5), 0, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> transport.linkState() == LinkState.ONLINE);

            byte[] good = FrameCodec.encode(Frame.of(ScriptedSerialPatch.measurement(37.0, SAMPLED), 1, 1));
            byte[] flipped = good.clone();
            flipped[5] ^= 0x40; // CRC no longer matches
            patch.write(flipped);
            patch.write(new byte[] {0x05, 0x01, 0x02, 0x00}); // COBS says 5 bytes, block has 3
            patch.write(new byte[] {0x03, 0x01, 0x02, 0x00}); // valid COBS, far too short for a frame
            patch.send(ScriptedSerialPatch.measurement(37.1, SAMPLED), 2, 1);

            await().atMost(Duration.ofSeconds(10)).until(() -> listener.measurements.size() == 1);
            assertThat(listener.measurements.get(0).sequence()).isEqualTo(2);
            assertThat(listener.rejected)
                    .containsExactly(RejectReason.CORRUPTED, RejectReason.CORRUPTED, RejectReason.MALFORMED);
        }
    }

    @Test
    void takesReadingsBeforeHelloForTheConfiguredPatchButNoneAfterAHelloFromAnotherPatch() {
        try (PtyPair pty = PtyPair.open(dir);
                ScriptedSerialPatch patch = new ScriptedSerialPatch(pty.patchSide());
                SerialPatchTransport transport = transport(pty)) {
            transport.start(listener);
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.links.contains(LinkState.CONNECTING));
            patch.send(ScriptedSerialPatch.measurement(37.0, SAMPLED), 1, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.measurements.size() == 1);
            transport.acknowledge(1, 1);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> framesOf(patch, FrameType.ACK).size() == 1);

            patch.send(ScriptedSerialPatch.hello("patch-9999", 5), 1, 1);
            patch.send(ScriptedSerialPatch.measurement(37.0, SAMPLED), 2, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.rejected.size() == 2);
            assertThat(listener.rejected).containsOnly(RejectReason.INVALID);
            assertThat(listener.measurements).hasSize(1);
            assertThat(transport.linkState()).isEqualTo(LinkState.CONNECTING);

            patch.send(ScriptedSerialPatch.hello("patch-0001", 5), 2, 1);
            patch.send(ScriptedSerialPatch.measurement(37.0, SAMPLED), 2, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.measurements.size() == 2);
            assertThat(transport.linkState()).isEqualTo(LinkState.ONLINE);
        }
    }

    @Test
    void reopensThePortWhenItIsUnpluggedAndPluggedBackIn() {
        try (PtyPair pty = PtyPair.open(dir);
                SerialPatchTransport transport = transport(pty)) {
            transport.start(listener);
            try (ScriptedSerialPatch patch = new ScriptedSerialPatch(pty.patchSide())) {
                patch.send(ScriptedSerialPatch.hello("patch-0001", 5), 0, 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> transport.linkState() == LinkState.ONLINE);
            }

            pty.unplug();
            await().atMost(Duration.ofSeconds(10)).until(() -> transport.linkState() == LinkState.DISCONNECTED);

            pty.replug();
            try (ScriptedSerialPatch patch = new ScriptedSerialPatch(pty.patchSide())) {
                await().atMost(Duration.ofSeconds(15)).until(() -> transport.linkState() == LinkState.CONNECTING);
                patch.send(ScriptedSerialPatch.hello("patch-0001", 5), 0, 2);
                patch.send(ScriptedSerialPatch.measurement(36.9, SAMPLED), 1, 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> listener.measurements.size() == 1);
                assertThat(listener.measurements.get(0).bootEpoch()).isEqualTo(2);
            }
            assertThat(listener.links)
                    .containsSubsequence(
                            LinkState.ONLINE, LinkState.DISCONNECTED, LinkState.CONNECTING, LinkState.ONLINE);
        }
    }
}
