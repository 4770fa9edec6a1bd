package dev.calor.sim.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.contract.serial.Ack;
import dev.calor.contract.serial.Frame;
import dev.calor.contract.serial.FrameCodec;
import dev.calor.contract.serial.FrameType;
import dev.calor.contract.serial.Hello;
import dev.calor.contract.serial.Measurement;
import dev.calor.contract.serial.SetInterval;
import dev.calor.contract.serial.TimeSet;
import dev.calor.sim.patch.PatchFirmware;
import dev.calor.sim.patch.PatchListener;
import dev.calor.sim.scenario.ClockSpec;
import dev.calor.sim.scenario.LinkSpec;
import dev.calor.sim.scenario.Scenario;
import dev.calor.testsupport.PtyPair;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The simulated patch on a real socat pty pair, with the test playing the bridge. */
@Timeout(60)
class SerialPatchIT {

    @TempDir
    Path dir;

    /** One reading per wall second, resent after 1 s without ACK progress. */
    private static Scenario fastScenario(long seed, boolean clockSet, Duration retransmitAfter) {
        return Scenario.defaults()
                .withSeed(seed)
                .withSampleInterval(Duration.ofSeconds(1))
                .withDuration(Duration.ofHours(1))
                .withClock(new ClockSpec(0.0, clockSet))
                .withLink(new LinkSpec(null, null, null, 64, retransmitAfter, 8));
    }

    @Test
    void sendsHelloThenMeasurementsAndRetransmitsUntilAcknowledged() throws Exception {
        try (PtyPair pty = PtyPair.open(dir);
                BridgeEnd bridge = new BridgeEnd(pty.bridgeSide());
                SerialPatchRunner patch = new SerialPatchRunner(
                        fastScenario(5, true, Duration.ofSeconds(1)),
                        pty.patchSide(),
                        Clock.systemUTC(),
                        PatchListener.NONE,
                        null)) {
            patch.start();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> freshMeasurements(bridge).size() >= 3);
            Frame hello = bridge.frames().get(0);
            assertThat(hello.type()).isEqualTo(FrameType.HELLO);
            Hello h = (Hello) hello.decodePayload();
            assertThat(h.deviceId()).isEqualTo("patch-0001");
            assertThat(h.storedReadingCapacity()).isEqualTo(64);
            assertThat(h.has(Hello.CAP_STORED_READINGS)).isTrue();
            assertThat(freshMeasurements(bridge)).extracting(Frame::sequence).startsWith(1L, 2L, 3L);

            // no ACK yet: reading 1 comes again, flagged as a retransmission
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> retransmitted(bridge).contains(1L));

            bridge.send(new Ack(3, 1), 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> patch.inspect(PatchFirmware::ackedSequence) == 3L);
            int retransmissionsOfAckedSoFar = countRetransmissionsUpTo(bridge, 3);
            long highest = freshMeasurements(bridge).stream()
                    .mapToLong(Frame::sequence)
                    .max()
                    .orElseThrow();
            bridge.send(new Ack(highest, 1), 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> patch.inspect(PatchFirmware::unacknowledged) <= 1);
            await().during(Duration.ofMillis(2500))
                    .atMost(Duration.ofSeconds(4))
                    .until(() -> countRetransmissionsUpTo(bridge, 3) == retransmissionsOfAckedSoFar);
            assertThat(bridge.errors()).isEmpty();
        }
    }

    @Test
    void sameSeedGivesTheExactFramesOfTheOfflineFirmware() throws Exception {
        Scenario scenario = fastScenario(1234, false, Duration.ofMinutes(5));
        List<Frame> expected = new ArrayList<>();
        PatchFirmware offline =
                new PatchFirmware(scenario, Clock.systemUTC(), f -> expected.add(f), PatchListener.NONE);
        offline.powerOn();
        offline.portOpened();
        for (int i = 0; i < 3; i++) {
            offline.sample();
        }
        List<Frame> expectedMeasurements =
                expected.stream().filter(f -> f.type() == FrameType.MEASUREMENT).toList();

        try (PtyPair pty = PtyPair.open(dir);
                BridgeEnd bridge = new BridgeEnd(pty.bridgeSide());
                SerialPatchRunner patch =
                        new SerialPatchRunner(scenario, pty.patchSide(), Clock.systemUTC(), PatchListener.NONE, null)) {
            patch.start();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> freshMeasurements(bridge).size() >= 3);
            List<Frame> received = freshMeasurements(bridge).subList(0, 3);
            assertThat(received).containsExactlyElementsOf(expectedMeasurements);
            // and pinned bytes, so a change of the physiology or the codec is noticed: seed 1234, reading 1
            assertThat(HexFormat.of().formatHex(FrameCodec.encode(received.get(0))))
                    .isEqualTo(HexFormat.of().formatHex(FrameCodec.encode(expectedMeasurements.get(0))));
            Measurement first = (Measurement) received.get(0).decodePayload();
            assertThat(first.has(Measurement.FLAG_CLOCK_UNSET)).isTrue();
            assertThat(first.temperature().timestamp()).isEmpty();
        }
    }

    @Test
    void honoursTimeSetAndSetInterval() throws Exception {
        try (PtyPair pty = PtyPair.open(dir);
                BridgeEnd bridge = new BridgeEnd(pty.bridgeSide());
                SerialPatchRunner patch = new SerialPatchRunner(
                        fastScenario(9, false, Duration.ofMinutes(5)),
                        pty.patchSide(),
                        Clock.systemUTC(),
                        PatchListener.NONE,
                        null)) {
            patch.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> !bridge.frames().isEmpty());
            Instant bridgeTime = Instant.now().minusSeconds(3600);
            bridge.send(TimeSet.of(bridgeTime), 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> patch.inspect(PatchFirmware::clockSet));
            int before = bridge.frames().size();
            await().atMost(Duration.ofSeconds(5))
                    .until(() ->
                            bridge.frames().stream().skip(before).anyMatch(f -> f.type() == FrameType.MEASUREMENT));
            Frame stamped = bridge.frames().stream()
                    .skip(before)
                    .filter(f -> f.type() == FrameType.MEASUREMENT)
                    .findFirst()
                    .orElseThrow();
            Measurement m = (Measurement) stamped.decodePayload();
            assertThat(m.has(Measurement.FLAG_CLOCK_UNSET)).isFalse();
            Instant stamp = m.temperature().timestamp().orElseThrow().toInstant(ZoneOffset.UTC);
            assertThat(Duration.between(bridgeTime, stamp).abs()).isLessThan(Duration.ofSeconds(10));

            bridge.send(new SetInterval(2), 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> bridge.frames().stream()
                    .filter(f -> f.type() == FrameType.HELLO)
                    .anyMatch(f -> ((Hello) f.decodePayload()).sampleIntervalS() == 2));
            assertThat(patch.inspect(PatchFirmware::intervalSeconds)).isEqualTo(2);
        }
    }

    @Test
    void survivesThePortVanishingAndResendsWhatWasNotAcknowledged() throws Exception {
        try (PtyPair pty = PtyPair.open(dir);
                SerialPatchRunner patch = new SerialPatchRunner(
                        fastScenario(3, true, Duration.ofMinutes(5)),
                        pty.patchSide(),
                        Clock.systemUTC(),
                        PatchListener.NONE,
                        null)) {
            patch.start();
            long acked;
            try (BridgeEnd bridge = new BridgeEnd(pty.bridgeSide())) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> freshMeasurements(bridge).size() >= 2);
                acked = freshMeasurements(bridge).get(0).sequence();
                bridge.send(new Ack(acked, 1), 1);
                await().atMost(Duration.ofSeconds(5)).until(() -> patch.inspect(PatchFirmware::ackedSequence) == acked);
            }
            pty.unplug();
            await().atMost(Duration.ofSeconds(5)).until(() -> patch.counters().framesNotSent() >= 1);
            pty.replug();
            try (BridgeEnd bridge = new BridgeEnd(pty.bridgeSide())) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> bridge.frames().stream().anyMatch(f -> f.type() == FrameType.HELLO)
                                && retransmitted(bridge).contains(acked + 1));
                assertThat(retransmitted(bridge)).doesNotContain(acked);
                long highest = bridge.frames().stream()
                        .filter(f -> f.type() == FrameType.MEASUREMENT)
                        .mapToLong(Frame::sequence)
                        .max()
                        .orElseThrow();
                bridge.send(new Ack(highest, 1), 1);
                await().atMost(Duration.ofSeconds(5)).until(() -> patch.inspect(PatchFirmware::unacknowledged) <= 1);
            }
        }
    }

    @Test
    void everyReadingGetsThroughAFlakyLineWithCorruptionDuplicatesAndReordering() throws Exception {
        Scenario flaky = fastScenario(21, true, Duration.ofSeconds(1))
                .withLink(new LinkSpec(0.2, 0.1, 0.1, 64, Duration.ofSeconds(1), 8))
                .withDuration(Duration.ofSeconds(8));
        try (PtyPair pty = PtyPair.open(dir);
                BridgeEnd bridge = new BridgeEnd(pty.bridgeSide());
                SerialPatchRunner patch =
                        new SerialPatchRunner(flaky, pty.patchSide(), Clock.systemUTC(), PatchListener.NONE, null)) {
            java.util.Set<Long> stored = new java.util.TreeSet<>();
            long[] acked = {0};
            patch.start();
            // the test bridge stores what arrives and acknowledges the contiguous run, as the real bridge does
            await().atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        bridge.frames().stream()
                                .filter(f -> f.type() == FrameType.MEASUREMENT)
                                .forEach(f -> stored.add(f.sequence()));
                        long contiguous = acked[0];
                        while (stored.contains(contiguous + 1)) {
                            contiguous++;
                        }
                        if (contiguous > acked[0]) {
                            acked[0] = contiguous;
                            bridge.send(new Ack(contiguous, 1), 1);
                        }
                        return patch.done().isDone();
                    });
            assertThat(stored).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            assertThat(patch.inspect(PatchFirmware::unacknowledged)).isZero();
            assertThat(bridge.errors()).isNotEmpty(); // corruption reached the decoder and was rejected, typed
            assertThat(patch.counters().readingsRetransmitted()).isPositive();
        }
    }

    @Test
    void aRecordingReplaysTheExactBytesTheBridgeSaw() throws Exception {
        Path recording = dir.resolve("frames.txt");
        List<Frame> original;
        try (PtyPair pty = PtyPair.open(java.nio.file.Files.createDirectories(dir.resolve("a")));
                BridgeEnd bridge = new BridgeEnd(pty.bridgeSide())) {
            try (SerialPatchRunner patch = new SerialPatchRunner(
                    fastScenario(8, true, Duration.ofMinutes(5)),
                    pty.patchSide(),
                    Clock.systemUTC(),
                    PatchListener.NONE,
                    new dev.calor.sim.record.FrameRecorder(recording, Clock.systemUTC()))) {
                patch.start();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> freshMeasurements(bridge).size() >= 2);
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> bridge.frames().size() >= 5);
            original = List.copyOf(bridge.frames());
        }
        try (PtyPair pty = PtyPair.open(java.nio.file.Files.createDirectories(dir.resolve("b")));
                BridgeEnd bridge = new BridgeEnd(pty.bridgeSide())) {
            int exit = new picocli.CommandLine(new dev.calor.sim.SimMain())
                    .execute(
                            "--replay",
                            recording.toString(),
                            "--serial",
                            pty.patchSide().toString());
            assertThat(exit).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> bridge.frames().size() >= original.size());
            assertThat(bridge.frames()).containsExactlyElementsOf(original);
        }
    }

    private static List<Frame> freshMeasurements(BridgeEnd bridge) {
        return bridge.frames().stream()
                .filter(f -> f.type() == FrameType.MEASUREMENT)
                .filter(f -> !((Measurement) f.decodePayload()).has(Measurement.FLAG_RETRANSMISSION))
                .toList();
    }

    private static List<Long> retransmitted(BridgeEnd bridge) {
        return bridge.frames().stream()
                .filter(f -> f.type() == FrameType.MEASUREMENT)
                .filter(f -> ((Measurement) f.decodePayload()).has(Measurement.FLAG_RETRANSMISSION))
                .map(Frame::sequence)
                .toList();
    }

    private static int countRetransmissionsUpTo(BridgeEnd bridge, long sequence) {
        return (int) retransmitted(bridge).stream().filter(s -> s <= sequence).count();
    }
}
