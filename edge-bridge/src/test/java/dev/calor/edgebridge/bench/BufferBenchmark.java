package dev.calor.edgebridge.bench;

import dev.calor.edgebridge.buffer.AckMark;
import dev.calor.edgebridge.buffer.BufferListener;
import dev.calor.edgebridge.buffer.BufferSettings;
import dev.calor.edgebridge.buffer.BufferedReading;
import dev.calor.edgebridge.buffer.ReadingBuffer;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Append-and-commit throughput of the durable buffer with its crash-safety settings (WAL,
 * synchronous=FULL): every commit is on stable storage before it returns. Prints a table; no assertions.
 *
 * <pre>java -cp ... dev.calor.edgebridge.bench.BufferBenchmark [dir]</pre>
 */
public final class BufferBenchmark {

    private BufferBenchmark() {}

    public static void main(String[] args) throws IOException {
        run(args);
        System.exit(0); // client and broker libraries leave non-daemon threads behind
    }

    private static void run(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("calor-buffer-bench");
        System.out.printf(Locale.ROOT, "buffer benchmark in %s (SQLite WAL, synchronous=FULL)%n", dir);
        System.out.printf(
                Locale.ROOT,
                "%-28s %10s %12s %14s %12s%n",
                "operation",
                "readings",
                "commits/s",
                "readings/s",
                "ms/commit");
        int run = 0;
        for (int group : new int[] {1, 10, 100, 1000}) {
            int total = group == 1 ? 2_000 : group == 10 ? 10_000 : 50_000;
            Path file = dir.resolve("append-" + run++ + ".db");
            try (ReadingBuffer buffer = open(file)) {
                long t0 = System.nanoTime();
                int seq = 1;
                for (int c = 0; c < total / group; c++) {
                    List<Reading> readings = new ArrayList<>(group);
                    for (int i = 0; i < group; i++) {
                        readings.add(reading(seq++));
                    }
                    long last = seq - 1;
                    // as the intake does it: the readings and the ACK mark in one transaction
                    buffer.appendAll("bench-patch", readings, outcomes -> List.of(new AckMark(1, last)));
                }
                print("append+ack mark, group " + group, total, total / group, System.nanoTime() - t0);
            }
            if (group == 1000) {
                long bytes = Files.size(file)
                        + (Files.exists(Path.of(file + "-wal")) ? Files.size(Path.of(file + "-wal")) : 0);
                System.out.printf(Locale.ROOT, "  file size: %.1f bytes per pending reading%n", (double) bytes / total);
            }
        }
        Path file = dir.resolve("forward.db");
        try (ReadingBuffer buffer = open(file)) {
            List<Reading> all = new ArrayList<>();
            for (int seq = 1; seq <= 50_000; seq++) {
                all.add(reading(seq));
            }
            buffer.appendAll("bench-patch", all);
            long t0 = System.nanoTime();
            int batches = 0;
            while (true) {
                List<BufferedReading> batch = buffer.pending("bench-patch", -1, -1, 500);
                if (batch.isEmpty()) {
                    break;
                }
                buffer.markForwarded(batch);
                batches++;
            }
            print("read+mark forwarded, 500", 50_000, 2L * batches, System.nanoTime() - t0);
        }
    }

    private static ReadingBuffer open(Path file) {
        return ReadingBuffer.open(BufferSettings.defaults(file), Clock.systemUTC(), BufferListener.NONE);
    }

    private static Reading reading(int seq) {
        long ns = 1_795_000_000_000_000_000L + seq * 1_000_000_000L;
        return Reading.newBuilder()
                .setBootEpoch(1)
                .setSequence(seq)
                .setTemperatureCelsius(36.6)
                .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                .setSampleTimeUnixNs(ns)
                .setReceivedTimeUnixNs(ns)
                .build();
    }

    private static void print(String what, long readings, long commits, long nanos) {
        double s = nanos / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%-28s %10d %12.0f %14.0f %12.2f%n",
                what,
                readings,
                commits / s,
                readings / s,
                nanos / 1e6 / commits);
    }
}
