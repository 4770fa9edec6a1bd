package dev.calor.contract.serial;

import dev.calor.contract.bytes.LittleEndian;

/**
 * ACK payload (6 bytes): cumulative sequence u32 LE, boot epoch u16 LE. The bridge has durably stored every
 * reading of {@code bootEpoch} with a sequence up to and including {@code sequence}; the patch may free them.
 * An ACK for another boot epoch than the patch's current one acknowledges readings kept from that epoch.
 *
 * @param sequence uint32, 0 acknowledges nothing
 * @param bootEpoch uint16
 */
public record Ack(long sequence, int bootEpoch) implements FramePayload {

    public static final int LENGTH = 6;

    public Ack {
        if (sequence < 0 || sequence > Frame.SEQUENCE_MAX) {
            throw new IllegalArgumentException("sequence must be a uint32: " + sequence);
        }
        if (bootEpoch < 0 || bootEpoch > Frame.BOOT_EPOCH_MAX) {
            throw new IllegalArgumentException("boot epoch must be a uint16: " + bootEpoch);
        }
    }

    @Override
    public FrameType type() {
        return FrameType.ACK;
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        LittleEndian.putU32(b, 0, sequence);
        LittleEndian.putU16(b, 4, bootEpoch);
        return b;
    }

    public static Ack decode(byte[] payload) {
        FramePayload.requireLength(FrameType.ACK, payload, LENGTH);
        return new Ack(LittleEndian.u32(payload, 0), LittleEndian.u16(payload, 4));
    }
}
