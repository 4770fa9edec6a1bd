package dev.calor.contract.serial;

/**
 * BATTERY payload (1 byte): battery level in percent, 0..100 (same meaning as BLE 0x2A19).
 *
 * @param percent 0..100
 */
public record Battery(int percent) implements FramePayload {

    public static final int LENGTH = 1;

    public Battery {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("battery percent must be 0..100: " + percent);
        }
    }

    @Override
    public FrameType type() {
        return FrameType.BATTERY;
    }

    @Override
    public byte[] encode() {
        return new byte[] {(byte) percent};
    }

    public static Battery decode(byte[] payload) {
        FramePayload.requireLength(FrameType.BATTERY, payload, LENGTH);
        int percent = payload[0] & 0xFF;
        if (percent > 100) {
            throw FramePayload.badPayload(FrameType.BATTERY, "percent " + percent + " is over 100");
        }
        return new Battery(percent);
    }
}
