package dev.calor.contract.serial;

import dev.calor.contract.bytes.LittleEndian;
import java.time.Instant;

/**
 * TIME_SET payload (8 bytes): UTC milliseconds since 1970-01-01T00:00:00Z, int64 LE, not negative. The patch
 * sets its clock and stamps later readings in UTC.
 *
 * @param utcEpochMillis milliseconds since the Unix epoch
 */
public record TimeSet(long utcEpochMillis) implements FramePayload {

    public static final int LENGTH = 8;

    public TimeSet {
        if (utcEpochMillis < 0) {
            throw new IllegalArgumentException("time must not be before 1970: " + utcEpochMillis);
        }
    }

    public static TimeSet of(Instant instant) {
        return new TimeSet(instant.toEpochMilli());
    }

    public Instant instant() {
        return Instant.ofEpochMilli(utcEpochMillis);
    }

    @Override
    public FrameType type() {
        return FrameType.TIME_SET;
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        LittleEndian.putI64(b, 0, utcEpochMillis);
        return b;
    }

    public static TimeSet decode(byte[] payload) {
        FramePayload.requireLength(FrameType.TIME_SET, payload, LENGTH);
        long millis = LittleEndian.i64(payload, 0);
        if (millis < 0) {
            throw FramePayload.badPayload(FrameType.TIME_SET, "negative time " + millis);
        }
        return new TimeSet(millis);
    }
}
