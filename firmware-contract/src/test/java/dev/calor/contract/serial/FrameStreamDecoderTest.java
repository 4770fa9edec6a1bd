package dev.calor.contract.serial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.contract.serial.FrameDecodeException.Reason;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameStreamDecoderTest {

    private final List<Frame> frames = new ArrayList<>();
    private final List<Reason> errors = new ArrayList<>();
    private final FrameStreamDecoder decoder = new FrameStreamDecoder(new FrameListener() {
        @Override
        public void onFrame(Frame frame) {
            frames.add(frame);
        }

        @Override
        public void onError(FrameDecodeException error) {
            errors.add(error.reason());
        }
    });

    @Test
    void decodesFramesSplitAcrossReadsOneByteAtATime() {
        byte[] stream = stream(Frame.of(new Battery(10), 1, 1), Frame.of(new Battery(20), 2, 1));
        for (byte b : stream) {
            decoder.feed(new byte[] {b}, 0, 1);
        }
        assertThat(frames).extracting(Frame::sequence).containsExactly(1L, 2L);
        assertThat(errors).isEmpty();
        assertThat(decoder.pending()).isZero();
    }

    @Test
    void resynchronisesAfterGarbageAndReportsIt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x11, 0x22, 0x33}); // tail of a frame cut by a reconnect
        out.write(0);
        out.writeBytes(FrameCodec.encode(Frame.of(new Battery(30), 3, 1)));
        decoder.feed(out.toByteArray());
        assertThat(frames).extracting(Frame::sequence).containsExactly(3L);
        assertThat(errors).hasSize(1);
        assertThat(decoder.errors()).isEqualTo(1);
        assertThat(decoder.frames()).isEqualTo(1);
    }

    @Test
    void ignoresEmptyBlocksBetweenDelimiters() {
        decoder.feed(new byte[] {0, 0, 0});
        decoder.feed(FrameCodec.encode(Frame.of(new Battery(30), 3, 1)));
        assertThat(frames).hasSize(1);
        assertThat(errors).isEmpty();
    }

    @Test
    void boundsMemoryWhenNoDelimiterArrives() {
        byte[] noise = new byte[10_000];
        java.util.Arrays.fill(noise, (byte) 0x55);
        decoder.feed(noise);
        decoder.feed(noise);
        assertThat(decoder.pending()).isEqualTo(FrameCodec.MAX_ENCODED_LENGTH);
        assertThat(errors).containsExactly(Reason.TOO_LONG);
        decoder.feed(new byte[] {0});
        decoder.feed(FrameCodec.encode(Frame.of(new Battery(40), 4, 1)));
        assertThat(frames).extracting(Frame::sequence).containsExactly(4L);
        assertThat(errors).containsExactly(Reason.TOO_LONG);
    }

    private static byte[] stream(Frame... fs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : fs) {
            out.writeBytes(FrameCodec.encode(f));
        }
        return out.toByteArray();
    }
}
