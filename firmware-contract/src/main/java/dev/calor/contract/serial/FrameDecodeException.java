package dev.calor.contract.serial;

import dev.calor.contract.ContractException;

/** A serial block that is not a valid Calor frame; {@link #reason()} says why. */
public final class FrameDecodeException extends ContractException {

    public enum Reason {
        /** The block is not valid COBS (a code byte runs past the end of the block). */
        COBS_INVALID,
        /** Fewer bytes than a header and CRC. */
        TOO_SHORT,
        /** More bytes than the largest frame (a missing delimiter, or a payload over the maximum). */
        TOO_LONG,
        /** The CRC-16 does not match: corrupted on the line. */
        BAD_CRC,
        /** A protocol version this side does not speak. */
        UNSUPPORTED_VERSION,
        /** A frame type this version does not define. */
        UNKNOWN_TYPE,
        /** The header's payload length differs from the bytes received. */
        LENGTH_MISMATCH,
        /** The payload does not follow the layout of its frame type. */
        BAD_PAYLOAD
    }

    private final Reason reason;

    public FrameDecodeException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public FrameDecodeException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
