package dev.calor.contract.serial;

import dev.calor.contract.bytes.LittleEndian;
import dev.calor.contract.cobs.Cobs;
import dev.calor.contract.cobs.CobsDecodeException;
import dev.calor.contract.crc.Crc16;
import dev.calor.contract.serial.FrameDecodeException.Reason;
import java.util.Arrays;

/**
 * Encodes and decodes serial frames. A frame before stuffing ("raw frame"):
 *
 * <pre>
 * offset size field
 * 0      1    protocol version (1)
 * 1      1    frame type ({@link FrameType})
 * 2      4    sequence, uint32 LE
 * 6      2    boot epoch, uint16 LE
 * 8      2    payload length n, uint16 LE, 0..240
 * 10     n    payload
 * 10+n   2    CRC-16/CCITT-FALSE over bytes 0..9+n, most significant byte first
 * </pre>
 *
 * On the line the raw frame is COBS-encoded and followed by one 0x00 delimiter. A raw frame is 12..252
 * bytes, a stuffed one at most 253, so a receiver never needs more than {@value #MAX_WIRE_LENGTH} bytes.
 */
public final class FrameCodec {

    public static final int HEADER_LENGTH = 10;
    public static final int CRC_LENGTH = 2;
    public static final int MAX_PAYLOAD = 240;
    public static final int MIN_RAW_LENGTH = HEADER_LENGTH + CRC_LENGTH;
    public static final int MAX_RAW_LENGTH = HEADER_LENGTH + MAX_PAYLOAD + CRC_LENGTH;
    /** Largest COBS block, without the delimiter. */
    public static final int MAX_ENCODED_LENGTH = MAX_RAW_LENGTH + MAX_RAW_LENGTH / 254 + 1;
    /** Largest frame on the line, delimiter included. */
    public static final int MAX_WIRE_LENGTH = MAX_ENCODED_LENGTH + 1;

    public static final byte DELIMITER = 0x00;

    private FrameCodec() {}

    /** The frame as sent on the line: COBS-encoded raw frame followed by the 0x00 delimiter. */
    public static byte[] encode(Frame frame) {
        byte[] raw = encodeRaw(frame);
        byte[] out = new byte[Cobs.maxEncodedLength(raw.length) + 1];
        int n = Cobs.encode(raw, 0, raw.length, out, 0);
        out[n] = DELIMITER;
        return n + 1 == out.length ? out : Arrays.copyOf(out, n + 1);
    }

    /** The raw frame (header, payload, CRC) before COBS stuffing. */
    public static byte[] encodeRaw(Frame frame) {
        byte[] payload = frame.payload();
        byte[] raw = new byte[HEADER_LENGTH + payload.length + CRC_LENGTH];
        raw[0] = (byte) frame.version();
        raw[1] = (byte) frame.type().code();
        LittleEndian.putU32(raw, 2, frame.sequence());
        LittleEndian.putU16(raw, 6, frame.bootEpoch());
        LittleEndian.putU16(raw, 8, payload.length);
        System.arraycopy(payload, 0, raw, HEADER_LENGTH, payload.length);
        int crc = Crc16.compute(raw, 0, HEADER_LENGTH + payload.length);
        raw[raw.length - 2] = (byte) (crc >>> 8);
        raw[raw.length - 1] = (byte) crc;
        return raw;
    }

    /**
     * Decodes one COBS block as read from the line; one trailing 0x00 delimiter is allowed and ignored.
     *
     * @throws FrameDecodeException naming the first problem found
     */
    public static Frame decode(byte[] block) {
        int len = block.length;
        if (len > 0 && block[len - 1] == DELIMITER) {
            len--;
        }
        return decode(block, 0, len);
    }

    /** Decodes the COBS block {@code buf[off, off+len)}, which must not include the delimiter. */
    public static Frame decode(byte[] buf, int off, int len) {
        if (len == 0) {
            throw new FrameDecodeException(Reason.TOO_SHORT, "empty block");
        }
        if (len > MAX_ENCODED_LENGTH) {
            throw new FrameDecodeException(
                    Reason.TOO_LONG, "block is " + len + " bytes, at most " + MAX_ENCODED_LENGTH + " allowed");
        }
        byte[] raw = new byte[len];
        int rawLength;
        try {
            rawLength = Cobs.decode(buf, off, len, raw, 0);
        } catch (CobsDecodeException e) {
            throw new FrameDecodeException(Reason.COBS_INVALID, e.getMessage(), e);
        }
        return decodeRaw(raw, 0, rawLength);
    }

    /** Decodes a raw (already unstuffed) frame. */
    public static Frame decodeRaw(byte[] raw) {
        return decodeRaw(raw, 0, raw.length);
    }

    public static Frame decodeRaw(byte[] raw, int off, int len) {
        if (len < MIN_RAW_LENGTH) {
            throw new FrameDecodeException(
                    Reason.TOO_SHORT, "frame is " + len + " bytes, at least " + MIN_RAW_LENGTH + " needed");
        }
        if (len > MAX_RAW_LENGTH) {
            throw new FrameDecodeException(
                    Reason.TOO_LONG, "frame is " + len + " bytes, at most " + MAX_RAW_LENGTH + " allowed");
        }
        int expectedCrc = (raw[off + len - 2] & 0xFF) << 8 | (raw[off + len - 1] & 0xFF);
        int actualCrc = Crc16.compute(raw, off, len - CRC_LENGTH);
        if (expectedCrc != actualCrc) {
            throw new FrameDecodeException(
                    Reason.BAD_CRC, String.format("CRC is 0x%04X, frame says 0x%04X", actualCrc, expectedCrc));
        }
        int version = raw[off] & 0xFF;
        if (!ProtocolVersion.isSupported(version)) {
            throw new FrameDecodeException(Reason.UNSUPPORTED_VERSION, "protocol version " + version);
        }
        int typeCode = raw[off + 1] & 0xFF;
        FrameType type = FrameType.fromCode(typeCode)
                .orElseThrow(() ->
                        new FrameDecodeException(Reason.UNKNOWN_TYPE, String.format("frame type 0x%02X", typeCode)));
        int payloadLength = LittleEndian.u16(raw, off + 8);
        if (payloadLength != len - MIN_RAW_LENGTH) {
            throw new FrameDecodeException(
                    Reason.LENGTH_MISMATCH,
                    "header says " + payloadLength + " payload bytes, frame carries " + (len - MIN_RAW_LENGTH));
        }
        byte[] payload = Arrays.copyOfRange(raw, off + HEADER_LENGTH, off + HEADER_LENGTH + payloadLength);
        FramePayload.decode(type, payload);
        return new Frame(version, type, LittleEndian.u32(raw, off + 2), LittleEndian.u16(raw, off + 6), payload);
    }
}
