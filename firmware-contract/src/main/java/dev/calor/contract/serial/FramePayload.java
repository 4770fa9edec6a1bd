package dev.calor.contract.serial;

/** The typed payload of a frame. Every implementation is a record with {@code encode()} and {@code decode(byte[])}. */
public sealed interface FramePayload permits Hello, Measurement, Battery, Status, Ack, TimeSet, SetInterval {

    FrameType type();

    byte[] encode();

    /**
     * Decodes {@code payload} as the layout of {@code type}.
     *
     * @throws FrameDecodeException with reason BAD_PAYLOAD naming the problem
     */
    static FramePayload decode(FrameType type, byte[] payload) {
        return switch (type) {
            case HELLO -> Hello.decode(payload);
            case MEASUREMENT -> Measurement.decode(payload);
            case BATTERY -> Battery.decode(payload);
            case STATUS -> Status.decode(payload);
            case ACK -> Ack.decode(payload);
            case TIME_SET -> TimeSet.decode(payload);
            case SET_INTERVAL -> SetInterval.decode(payload);
        };
    }

    /** Throws BAD_PAYLOAD unless {@code payload} is exactly {@code length} bytes. */
    static void requireLength(FrameType type, byte[] payload, int length) {
        if (payload.length != length) {
            throw badPayload(type, "payload is " + payload.length + " bytes, expected " + length);
        }
    }

    static FrameDecodeException badPayload(FrameType type, String message) {
        return new FrameDecodeException(FrameDecodeException.Reason.BAD_PAYLOAD, type + " " + message);
    }
}
