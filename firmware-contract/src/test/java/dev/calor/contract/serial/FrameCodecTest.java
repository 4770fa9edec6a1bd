package dev.calor.contract.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calor.contract.cobs.Cobs;
import dev.calor.contract.crc.Crc16;
import dev.calor.contract.hts.TemperatureMeasurement;
import dev.calor.contract.hts.TemperatureType;
import dev.calor.contract.hts.TemperatureUnit;
import dev.calor.contract.serial.FrameDecodeException.Reason;
import java.time.LocalDateTime;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesAnAckByteForByte() {
        Frame frame = Frame.of(new Ack(12, 3), 7, 3);
        byte[] raw = FrameCodec.encodeRaw(frame);
        assertThat(HEX.formatHex(raw, 0, 10)).isEqualTo("01810700000003000600");
        assertThat(HEX.formatHex(raw, 10, 16)).isEqualTo("0c0000000300");
        int crc = Crc16.compute(raw, 0, 16);
        assertThat((raw[16] & 0xFF) << 8 | raw[17] & 0xFF).isEqualTo(crc);
        assertThat(Crc16.compute(raw)).isZero();
        byte[] wire = FrameCodec.encode(frame);
        assertThat(wire[wire.length - 1]).isZero();
        assertThat(wire).containsExactly(concat(Cobs.encode(raw), new byte[] {0}));
    }

    @Test
    void roundTripsEveryFrameType() {
        FramePayload[] payloads = {
            new Hello(1, 1, Hello.CAP_CLOCK | Hello.CAP_STORED_READINGS, 60, 512, "patch-0001", "1.4.2"),
            new Measurement(
                    Measurement.FLAG_WARMING_UP,
                    BodySite.SKIN,
                    TemperatureMeasurement.of(
                            36.12,
                            TemperatureUnit.CELSIUS,
                            LocalDateTime.of(2026, 11, 21, 6, 0),
                            TemperatureType.BODY_GENERAL)),
            new Battery(87),
            new Status(Status.FAULT_DETACHED | Status.FAULT_CLOCK_UNSET, 17),
            new Ack(0xFFFF_FFFFL, 0xFFFF),
            new TimeSet(1_795_000_000_123L),
            new SetInterval(30)
        };
        assertThat(payloads).extracting(FramePayload::type).containsExactly(FrameType.values());
        for (FramePayload p : payloads) {
            Frame frame = Frame.of(p, 0xFFFF_FFFEL, 42);
            Frame decoded = FrameCodec.decode(FrameCodec.encode(frame));
            assertThat(decoded).isEqualTo(frame);
            assertThat(decoded.decodePayload()).isEqualTo(p);
        }
    }

    @Test
    void decodesWithOrWithoutTheDelimiter() {
        byte[] wire = FrameCodec.encode(Frame.of(new Battery(50), 1, 1));
        assertThat(FrameCodec.decode(wire)).isEqualTo(FrameCodec.decode(wire, 0, wire.length - 1));
    }

    @Test
    void rejectsAFlippedBitAsBadCrc() {
        byte[] raw = FrameCodec.encodeRaw(Frame.of(new Battery(50), 1, 1));
        raw[10] ^= 0x01;
        assertReason(Cobs.encode(raw), Reason.BAD_CRC);
    }

    @Test
    void rejectsShortFrames() {
        assertReason(Cobs.encode(new byte[] {1, 3, 0, 0}), Reason.TOO_SHORT);
        assertReason(new byte[0], Reason.TOO_SHORT);
    }

    @Test
    void rejectsOversizeBlocksAndPayloads() {
        byte[] block = new byte[FrameCodec.MAX_ENCODED_LENGTH + 1];
        java.util.Arrays.fill(block, (byte) 0x11);
        assertReason(block, Reason.TOO_LONG);
        byte[] raw = withCrc(new byte[FrameCodec.MAX_RAW_LENGTH + 1]);
        assertReason(Cobs.encode(raw), Reason.TOO_LONG);
        assertThatThrownBy(() -> new Frame(1, FrameType.STATUS, 0, 0, new byte[FrameCodec.MAX_PAYLOAD + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsUnknownVersionAndType() {
        byte[] raw = FrameCodec.encodeRaw(Frame.of(new Battery(50), 1, 1));
        raw[0] = 2;
        assertReason(Cobs.encode(withCrc(raw)), Reason.UNSUPPORTED_VERSION);
        raw[0] = 1;
        raw[1] = 0x05;
        assertReason(Cobs.encode(withCrc(raw)), Reason.UNKNOWN_TYPE);
    }

    @Test
    void rejectsAPayloadLengthThatDisagreesWithTheFrame() {
        byte[] raw = FrameCodec.encodeRaw(Frame.of(new Battery(50), 1, 1));
        raw[8] = 2;
        assertReason(Cobs.encode(withCrc(raw)), Reason.LENGTH_MISMATCH);
    }

    @Test
    void rejectsAPayloadThatDoesNotFitItsType() {
        byte[] raw = FrameCodec.encodeRaw(new Frame(1, FrameType.BATTERY, 1, 1, new byte[] {(byte) 101}));
        assertReason(Cobs.encode(raw), Reason.BAD_PAYLOAD);
    }

    @Test
    void rejectsInvalidCobs() {
        assertReason(HEX.parseHex("0511"), Reason.COBS_INVALID);
        assertReason(HEX.parseHex("020100"), Reason.TOO_SHORT); // trailing 0x00 is the delimiter
        assertReason(HEX.parseHex("02010001"), Reason.COBS_INVALID);
    }

    @Test
    void largestFrameFitsTheWireLimit() {
        byte[] payload = new byte[FrameCodec.MAX_PAYLOAD];
        java.util.Arrays.fill(payload, (byte) 0x7F);
        Frame frame = new Frame(1, FrameType.HELLO, 1, 1, payload);
        assertThat(FrameCodec.encode(frame).length).isLessThanOrEqualTo(FrameCodec.MAX_WIRE_LENGTH);
        assertThat(FrameCodec.MAX_WIRE_LENGTH).isEqualTo(254);
    }

    static byte[] withCrc(byte[] raw) {
        int crc = Crc16.compute(raw, 0, raw.length - 2);
        raw[raw.length - 2] = (byte) (crc >>> 8);
        raw[raw.length - 1] = (byte) crc;
        return raw;
    }

    private static void assertReason(byte[] block, Reason reason) {
        assertThatThrownBy(() -> FrameCodec.decode(block))
                .isInstanceOfSatisfying(
                        FrameDecodeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
