package dev.calor.contract.bench;

import dev.calor.contract.hts.TemperatureMeasurement;
import dev.calor.contract.hts.TemperatureType;
import dev.calor.contract.hts.TemperatureUnit;
import dev.calor.contract.serial.BodySite;
import dev.calor.contract.serial.Frame;
import dev.calor.contract.serial.FrameCodec;
import dev.calor.contract.serial.FrameDecodeException;
import dev.calor.contract.serial.FrameListener;
import dev.calor.contract.serial.FrameStreamDecoder;
import dev.calor.contract.serial.Measurement;
import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import java.util.Locale;

/**
 * Prints how many MEASUREMENT frames per second one core encodes and stream-decodes. Not a test: run with
 * {@code java -cp firmware-contract/target/classes:firmware-contract/target/test-classes:<proto jar>
 * dev.calor.contract.bench.CodecThroughput}.
 */
public final class CodecThroughput {

    private static final int FRAMES = 200_000;

    private CodecThroughput() {}

    public static void main(String[] args) {
        Measurement m = new Measurement(
                0,
                BodySite.SKIN,
                TemperatureMeasurement.of(
                        36.42,
                        TemperatureUnit.CELSIUS,
                        LocalDateTime.of(2026, 11, 21, 6, 30, 5),
                        TemperatureType.BODY_GENERAL));
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream(FRAMES * 32);
            for (int i = 0; i < FRAMES; i++) {
                out.writeBytes(FrameCodec.encode(Frame.of(m, i + 1, 1)));
            }
            long t1 = System.nanoTime();
            byte[] stream = out.toByteArray();
            long[] count = new long[1];
            FrameStreamDecoder decoder = new FrameStreamDecoder(new FrameListener() {
                @Override
                public void onFrame(Frame frame) {
                    count[0]++;
                }

                @Override
                public void onError(FrameDecodeException error) {
                    throw error;
                }
            });
            decoder.feed(stream);
            long t2 = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "round %d: encode %,.0f frames/s, stream-decode %,.0f frames/s (%d bytes/frame on the wire, %d decoded)%n",
                    round,
                    FRAMES / ((t1 - t0) / 1e9),
                    count[0] / ((t2 - t1) / 1e9),
                    stream.length / FRAMES,
                    count[0]);
        }
    }
}
