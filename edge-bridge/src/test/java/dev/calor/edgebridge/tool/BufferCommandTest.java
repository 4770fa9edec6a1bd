package dev.calor.edgebridge.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.edgebridge.buffer.BufferListener;
import dev.calor.edgebridge.buffer.BufferSettings;
import dev.calor.edgebridge.buffer.BufferedReading;
import dev.calor.edgebridge.buffer.ReadingBuffer;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BufferCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        BufferCommand command = new BufferCommand();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new CommandLine(command).execute(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Reading reading(int seq, double celsius) {
        return Reading.newBuilder()
                .setBootEpoch(2)
                .setSequence(seq)
                .setTemperatureCelsius(celsius)
                .setSampleTimeUnixNs(1_795_000_000_000_000_000L + seq * 1_000_000_000L)
                .build();
    }

    /** p1: 3 pending readings and one quarantined batch of 1 reading; p2: 1 pending. */
    private Path buffer() {
        Path file = dir.resolve("buffer.db");
        try (ReadingBuffer b =
                ReadingBuffer.open(BufferSettings.defaults(file), Clock.systemUTC(), BufferListener.NONE)) {
            for (int s = 1; s <= 4; s++) {
                b.append("p1", reading(s, s == 4 ? 80.0 : 36.5));
            }
            b.append("p2", reading(1, 37.0));
            List<BufferedReading> bad = b.pending("p1", 2, 3, 1);
            byte[] payload = ReadingBatch.newBuilder()
                    .setDeviceId("p1")
                    .addReadings(bad.get(0).reading())
                    .build()
                    .toByteArray();
            b.quarantine("p1", 77, bad, 0x99, "value-out-of-range: readings[0] 80.0", payload);
        }
        return file;
    }

    @Test
    void statusCountsPendingAndQuarantinedPerPatchAndChecksTheFile() {
        Path file = buffer();
        assertThat(run("status", "--buffer", file.toString())).isZero();
        assertThat(out()).contains("quick_check ok");
        assertThat(out()).containsPattern("p1\\s+3\\s+\\d+\\s+1\\s+1");
        assertThat(out()).containsPattern("p2\\s+1\\s+\\d+\\s+0\\s+0");
    }

    @Test
    void listsPendingReadingsAndQuarantinedBatchesWithTheBrokersReason() {
        Path file = buffer();
        assertThat(run("list", "--buffer", file.toString(), "--device", "p1")).isZero();
        assertThat(out().lines().skip(1).toList()).hasSize(3).allMatch(l -> l.startsWith("p1\t2\t"));
        out.reset();
        assertThat(run("quarantine", "--buffer", file.toString())).isZero();
        assertThat(out()).contains("\tp1\t77\t0x99\t1\t").contains("value-out-of-range");
    }

    @Test
    void requeueMakesAQuarantinedBatchPendingAgainOnAStoppedBridge() {
        Path file = buffer();
        assertThat(run("requeue", "--buffer", file.toString(), "--all")).isZero();
        assertThat(out()).contains("requeued 1 batches (1 readings)");
        try (ReadingBuffer b =
                ReadingBuffer.open(BufferSettings.defaults(file), Clock.systemUTC(), BufferListener.NONE)) {
            assertThat(b.depth("p1")).isEqualTo(4);
            assertThat(b.quarantined()).isEmpty();
        }
    }

    @Test
    void requeueRefusesWhileABridgeHoldsTheBuffer() {
        Path file = buffer();
        try (ReadingBuffer running =
                ReadingBuffer.open(BufferSettings.defaults(file), Clock.systemUTC(), BufferListener.NONE)) {
            assertThat(run("requeue", "--buffer", file.toString(), "--all")).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("in use by a running bridge");
            assertThat(running.quarantined()).hasSize(1);
            out.reset();
            assertThat(run("status", "--buffer", file.toString()))
                    .as("read-only beside it")
                    .isZero();
        }
    }

    @Test
    void exportsPendingReadingsAsCsv() {
        Path file = buffer();
        assertThat(run("export", "--buffer", file.toString())).isZero();
        List<String> lines = out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("device,boot_epoch,sequence,sample_time,temperature_c,site,quality_flags");
        assertThat(lines).hasSize(5);
        out.reset();
        assertThat(run("export", "--buffer", file.toString(), "--quarantined")).isZero();
        assertThat(out().lines().skip(1).toList())
                .singleElement()
                .asString()
                .startsWith("p1,2,4,")
                .contains(",80.0,");
    }

    @Test
    void saysSoWhenThereIsNoBufferFile() {
        assertThat(run("status", "--buffer", dir.resolve("missing.db").toString()))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no buffer file");
    }
}
