package dev.calor.contract.serial;

import dev.calor.contract.bytes.LittleEndian;

/**
 * SET_INTERVAL payload (2 bytes): sample interval in seconds, u16 LE, 1..65535 (same unit and width as BLE
 * Measurement Interval 0x2A21, where 0 means "no periodic measurement"; over serial 0 is not allowed).
 *
 * @param seconds 1..65535
 */
public record SetInterval(int seconds) implements FramePayload {

    public static final int LENGTH = 2;
    public static final int MAX_SECONDS = 0xFFFF;

    public SetInterval {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("interval must be 1..65535 s: " + seconds);
        }
    }

    @Override
    public FrameType type() {
        return FrameType.SET_INTERVAL;
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        LittleEndian.putU16(b, 0, seconds);
        return b;
    }

    public static SetInterval decode(byte[] payload) {
        FramePayload.requireLength(FrameType.SET_INTERVAL, payload, LENGTH);
        int seconds = LittleEndian.u16(payload, 0);
        if (seconds == 0) {
            throw FramePayload.badPayload(FrameType.SET_INTERVAL, "interval 0");
        }
        return new SetInterval(seconds);
    }
}
