package dev.calor.contract.serial;

import java.util.Objects;

/**
 * Splits a serial byte stream at 0x00 delimiters and decodes each block. Memory is bounded by
 * {@link FrameCodec#MAX_ENCODED_LENGTH}: a longer run without a delimiter is reported once as TOO_LONG and
 * skipped up to the next 0x00. Empty blocks (consecutive delimiters, used to resynchronise) are ignored.
 * Not thread-safe: feed it from one reader thread.
 */
public final class FrameStreamDecoder {

    private final FrameListener listener;
    private final byte[] block = new byte[FrameCodec.MAX_ENCODED_LENGTH];
    private int length;
    private boolean overflowing;
    private long frames;
    private long errors;

    public FrameStreamDecoder(FrameListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public void feed(byte[] buf) {
        feed(buf, 0, buf.length);
    }

    public void feed(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (b == FrameCodec.DELIMITER) {
                endOfBlock();
            } else if (length < block.length) {
                block[length++] = b;
            } else if (!overflowing) {
                overflowing = true;
                report(new FrameDecodeException(
                        FrameDecodeException.Reason.TOO_LONG,
                        "no delimiter within " + FrameCodec.MAX_ENCODED_LENGTH + " bytes; skipping to the next 0x00"));
            }
        }
    }

    /** Forgets a partly received block, e.g. after the port was closed and reopened. */
    public void reset() {
        length = 0;
        overflowing = false;
    }

    /** Bytes of an unfinished block held right now. */
    public int pending() {
        return length;
    }

    public long frames() {
        return frames;
    }

    public long errors() {
        return errors;
    }

    private void endOfBlock() {
        if (overflowing) {
            reset();
            return;
        }
        if (length == 0) {
            return;
        }
        int n = length;
        length = 0;
        Frame frame;
        try {
            frame = FrameCodec.decode(block, 0, n);
        } catch (FrameDecodeException e) {
            report(e);
            return;
        }
        frames++;
        listener.onFrame(frame);
    }

    private void report(FrameDecodeException e) {
        errors++;
        listener.onError(e);
    }
}
