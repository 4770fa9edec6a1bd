package dev.calor.contract.serial;

/** Receives what a {@link FrameStreamDecoder} finds in a byte stream. */
public interface FrameListener {

    /** A valid frame (payload already checked against its type). */
    void onFrame(Frame frame);

    /** A block between two delimiters that is not a valid frame; decoding continues at the next 0x00. */
    void onError(FrameDecodeException error);
}
