package dev.calor.contract.serial;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One serial frame. Header fields as on the wire; the payload layout depends on the type (see
 * {@link FramePayload}).
 *
 * @param version protocol version, 1..255
 * @param type frame type
 * @param sequence uint32: a MEASUREMENT's reading sequence number; on other patch frames the latest reading
 *     sequence of this boot epoch (0 = none yet); on bridge frames the bridge's own frame counter
 * @param bootEpoch uint16: the patch's boot counter; bridge frames echo the last one seen (0 = unknown)
 * @param payload at most {@link FrameCodec#MAX_PAYLOAD} bytes (copied; never modify the array you get)
 */
public record Frame(int version, FrameType type, long sequence, int bootEpoch, byte[] payload) {

    public static final long SEQUENCE_MAX = 0xFFFF_FFFFL;
    public static final int BOOT_EPOCH_MAX = 0xFFFF;

    public Frame {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        if (version < 1 || version > 255) {
            throw new IllegalArgumentException("version must be 1..255: " + version);
        }
        if (sequence < 0 || sequence > SEQUENCE_MAX) {
            throw new IllegalArgumentException("sequence must be a uint32: " + sequence);
        }
        if (bootEpoch < 0 || bootEpoch > BOOT_EPOCH_MAX) {
            throw new IllegalArgumentException("boot epoch must be a uint16: " + bootEpoch);
        }
        if (payload.length > FrameCodec.MAX_PAYLOAD) {
            throw new IllegalArgumentException(
                    "payload is " + payload.length + " bytes, at most " + FrameCodec.MAX_PAYLOAD + " allowed");
        }
        payload = payload.clone();
    }

    /** A frame of the current protocol version carrying {@code payload}. */
    public static Frame of(FramePayload payload, long sequence, int bootEpoch) {
        return new Frame(ProtocolVersion.CURRENT, payload.type(), sequence, bootEpoch, payload.encode());
    }

    /**
     * The payload decoded according to the type.
     *
     * @throws FrameDecodeException with reason BAD_PAYLOAD when the payload does not fit the type
     */
    public FramePayload decodePayload() {
        return FramePayload.decode(type, payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f
                && version == f.version
                && type == f.type
                && sequence == f.sequence
                && bootEpoch == f.bootEpoch
                && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, type, sequence, bootEpoch, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "Frame[v" + version + " " + type + " seq=" + sequence + " boot=" + bootEpoch + " payload="
                + HexFormat.of().formatHex(payload) + "]";
    }
}
