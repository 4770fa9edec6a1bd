package dev.calor.contract.serial;

import dev.calor.contract.bytes.LittleEndian;

/**
 * STATUS payload (4 bytes): fault bits u16 LE, readings waiting for an ACK u16 LE. Fault bit values equal
 * {@code calor.v1.DeviceFault}. Undefined bits are kept and ignored by receivers.
 *
 * @param faults bitwise OR of the {@code FAULT_*} constants
 * @param unacknowledged readings the patch holds that the bridge has not acknowledged
 */
public record Status(int faults, int unacknowledged) implements FramePayload {

    public static final int LENGTH = 4;
    public static final int FAULT_DETACHED = 0x01;
    public static final int FAULT_LOW_BATTERY = 0x02;
    public static final int FAULT_CLOCK_UNSET = 0x04;
    public static final int FAULT_SENSOR_ERROR = 0x08;

    public Status {
        if (faults < 0 || faults > 0xFFFF) {
            throw new IllegalArgumentException("faults must be a uint16: " + faults);
        }
        if (unacknowledged < 0 || unacknowledged > 0xFFFF) {
            throw new IllegalArgumentException("unacknowledged must be a uint16: " + unacknowledged);
        }
    }

    public boolean has(int fault) {
        return (faults & fault) == fault;
    }

    @Override
    public FrameType type() {
        return FrameType.STATUS;
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        LittleEndian.putU16(b, 0, faults);
        LittleEndian.putU16(b, 2, unacknowledged);
        return b;
    }

    public static Status decode(byte[] payload) {
        FramePayload.requireLength(FrameType.STATUS, payload, LENGTH);
        return new Status(LittleEndian.u16(payload, 0), LittleEndian.u16(payload, 2));
    }
}
