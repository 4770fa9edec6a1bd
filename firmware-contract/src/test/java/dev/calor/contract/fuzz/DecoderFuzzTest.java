package dev.calor.contract.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.contract.cobs.Cobs;
import dev.calor.contract.cobs.CobsDecodeException;
import dev.calor.contract.hts.HtsDecodeException;
import dev.calor.contract.hts.HtsTemperatureMeasurementCodec;
import dev.calor.contract.hts.TemperatureMeasurement;
import dev.calor.contract.hts.TemperatureType;
import dev.calor.contract.hts.TemperatureUnit;
import dev.calor.contract.serial.Ack;
import dev.calor.contract.serial.Battery;
import dev.calor.contract.serial.BodySite;
import dev.calor.contract.serial.Frame;
import dev.calor.contract.serial.FrameCodec;
import dev.calor.contract.serial.FrameDecodeException;
import dev.calor.contract.serial.FrameListener;
import dev.calor.contract.serial.FramePayload;
import dev.calor.contract.serial.FrameStreamDecoder;
import dev.calor.contract.serial.Hello;
import dev.calor.contract.serial.Measurement;
import dev.calor.contract.serial.SetInterval;
import dev.calor.contract.serial.Status;
import dev.calor.contract.serial.TimeSet;
import java.time.LocalDateTime;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Property-based fuzzing of every decoder (jqwik; 1000 tries per property, see junit-platform.properties):
 * any input gives a value or the decoder's typed exception, never another exception; memory stays bounded.
 * Inputs are random bytes and, to get past the CRC, valid frames with random mutations.
 */
class DecoderFuzzTest {

    @Property
    void frameDecodeGivesAFrameOrATypedError(@ForAll @Size(max = 300) byte[] block) {
        decodeFrame(block);
    }

    @Property
    void mutatedValidFramesGiveAFrameOrATypedError(
            @ForAll("frames") Frame frame, @ForAll("mutations") List<int[]> mutations) {
        byte[] wire = FrameCodec.encode(frame);
        for (int[] m : mutations) {
            wire[m[0] % wire.length] ^= (byte) m[1];
        }
        decodeFrame(wire);
    }

    @Property
    void rawFramesWithAValidCrcButRandomContentGiveAFrameOrATypedError(@ForAll @Size(min = 10, max = 260) byte[] body) {
        byte[] raw = java.util.Arrays.copyOf(body, body.length + 2);
        raw[0] = 1; // a supported version, so the payload decoders are reached
        int crc = dev.calor.contract.crc.Crc16.compute(raw, 0, body.length);
        raw[body.length] = (byte) (crc >>> 8);
        raw[body.length + 1] = (byte) crc;
        try {
            FrameCodec.decodeRaw(raw);
        } catch (FrameDecodeException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    @Property
    void validFramesRoundTrip(@ForAll("frames") Frame frame) {
        assertThat(FrameCodec.decode(FrameCodec.encode(frame))).isEqualTo(frame);
        assertThat(FrameCodec.encode(frame).length).isLessThanOrEqualTo(FrameCodec.MAX_WIRE_LENGTH);
    }

    @Property
    void streamDecoderNeverThrowsAndStaysBounded(@ForAll @Size(max = 40) List<@Size(max = 400) byte[]> chunks) {
        int[] events = new int[2];
        FrameStreamDecoder decoder = new FrameStreamDecoder(new FrameListener() {
            @Override
            public void onFrame(Frame frame) {
                events[0]++;
            }

            @Override
            public void onError(FrameDecodeException error) {
                events[1]++;
            }
        });
        for (byte[] chunk : chunks) {
            decoder.feed(chunk);
            assertThat(decoder.pending()).isLessThanOrEqualTo(FrameCodec.MAX_ENCODED_LENGTH);
        }
        assertThat(decoder.frames()).isEqualTo(events[0]);
        assertThat(decoder.errors()).isEqualTo(events[1]);
    }

    @Property
    void htsDecodeGivesAMeasurementOrATypedError(@ForAll @Size(max = 20) byte[] value) {
        try {
            TemperatureMeasurement m = HtsTemperatureMeasurementCodec.decode(value);
            assertThat(HtsTemperatureMeasurementCodec.encodedLength(m)).isEqualTo(value.length);
        } catch (HtsDecodeException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    @Property
    void cobsRoundTripsAnyBytesAndRejectsOnlyWithItsOwnException(
            @ForAll @Size(max = 600) byte[] data, @ForAll @Size(max = 300) byte[] junk) {
        assertThat(Cobs.decode(Cobs.encode(data))).containsExactly(data);
        try {
            Cobs.decode(junk);
        } catch (CobsDecodeException expected) {
            assertThat(expected.position()).isBetween(0, Math.max(0, junk.length - 1));
        }
    }

    private static void decodeFrame(byte[] block) {
        try {
            Frame f = FrameCodec.decode(block);
            assertThat(f.payload().length).isLessThanOrEqualTo(FrameCodec.MAX_PAYLOAD);
            FramePayload.decode(f.type(), f.payload());
        } catch (FrameDecodeException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(1, 255))
                .as((at, mask) -> new int[] {at, mask})
                .list()
                .ofMinSize(1)
                .ofMaxSize(4);
    }

    @Provide
    Arbitrary<Frame> frames() {
        Arbitrary<Long> sequence = Arbitraries.longs().between(0, Frame.SEQUENCE_MAX);
        Arbitrary<Integer> boot = Arbitraries.integers().between(0, Frame.BOOT_EPOCH_MAX);
        return Combinators.combine(payloads(), sequence, boot).as(Frame::of);
    }

    private Arbitrary<FramePayload> payloads() {
        Arbitrary<String> ids = Arbitraries.strings()
                .withChars("abcXYZ019._-")
                .ofMinLength(0)
                .ofMaxLength(63)
                .map(s -> "p" + s);
        Arbitrary<String> firmware =
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(32);
        Arbitrary<FramePayload> hello = Combinators.combine(
                        Arbitraries.integers().between(0, 0xFFFF),
                        Arbitraries.integers().between(1, 0xFFFF),
                        Arbitraries.integers().between(0, 0xFFFF),
                        ids,
                        firmware)
                .as((caps, interval, capacity, id, fw) -> new Hello(1, 1, caps, interval, capacity, id, fw));
        Arbitrary<TemperatureMeasurement> temperature = Combinators.combine(
                        Arbitraries.integers(),
                        Arbitraries.of(TemperatureUnit.values()),
                        Arbitraries.of(TemperatureType.values()).injectNull(0.5),
                        Arbitraries.longs()
                                .between(-12_000_000_000L, 200_000_000_000L)
                                .injectNull(0.3))
                .as((bits, unit, type, seconds) -> new TemperatureMeasurement(
                        bits,
                        unit,
                        java.util.Optional.ofNullable(seconds)
                                .map(s -> LocalDateTime.ofEpochSecond(s, 0, java.time.ZoneOffset.UTC)),
                        java.util.Optional.ofNullable(type)));
        Arbitrary<FramePayload> measurement = Combinators.combine(
                        Arbitraries.integers().between(0, 255), Arbitraries.of(BodySite.values()), temperature)
                .as(Measurement::new);
        return Arbitraries.oneOf(
                hello,
                measurement,
                Arbitraries.integers().between(0, 100).map(Battery::new),
                Combinators.combine(
                                Arbitraries.integers().between(0, 0xFFFF),
                                Arbitraries.integers().between(0, 0xFFFF))
                        .as(Status::new),
                Combinators.combine(
                                Arbitraries.longs().between(0, Frame.SEQUENCE_MAX),
                                Arbitraries.integers().between(0, 0xFFFF))
                        .as(Ack::new),
                Arbitraries.longs().between(0, Long.MAX_VALUE).map(TimeSet::new),
                Arbitraries.integers().between(1, 0xFFFF).map(SetInterval::new));
    }
}
