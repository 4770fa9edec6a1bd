package dev.calor.edgebridge.bench;

import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.config.RateLimits;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.edgebridge.Bridge;
import dev.calor.edgebridge.buffer.BufferSettings;
import dev.calor.edgebridge.config.BridgeConfig;
import dev.calor.edgebridge.config.HttpSettings;
import dev.calor.edgebridge.config.IntakeSettings;
import dev.calor.edgebridge.config.PatchConfig;
import dev.calor.edgebridge.publish.BrokerSettings;
import dev.calor.edgebridge.publish.PublishSettings;
import dev.calor.edgebridge.testing.BacklogWriter;
import dev.calor.edgebridge.testing.BridgeConfigs;
import dev.calor.edgebridge.testing.BrokerFixture;
import dev.calor.edgebridge.testing.IngestRecorder;
import dev.calor.retry.Backoff;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Drain rate of a 24-hour backlog of 1 Hz readings (86 400) after an outage: the buffer file is filled
 * first, then a bridge starts against the embedded broker with the real extension and the time until the
 * last PUBACK is measured. Once with the broker's default per-device rate limits, once with them lifted
 * (what the bridge itself can do). Prints a table; no assertions.
 */
public final class DrainBenchmark {

    private static final String DEVICE = "patch-drain";
    private static final int BACKLOG = 86_400;

    private DrainBenchmark() {}

    public static void main(String[] args) throws Exception {
        run(args);
        System.exit(0); // client and broker libraries leave non-daemon threads behind
    }

    private static void run(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("calor-drain-bench");
        Path creds = CredentialsFile.builder()
                .device(DEVICE, "pw")
                .worker(BrokerFixture.OBSERVER, BrokerFixture.OBSERVER_PASSWORD)
                .write(dir.resolve("credentials.yaml"));
        System.out.printf(
                Locale.ROOT, "drain of %d buffered readings to the embedded broker + Calor extension%n", BACKLOG);
        System.out.printf(
                Locale.ROOT,
                "%-26s %6s %7s %9s %12s %14s%n",
                "broker limits",
                "batch",
                "window",
                "seconds",
                "readings/s",
                "bridge cpu ms/1k");
        for (boolean defaults : new boolean[] {true, false}) {
            ExtensionConfig.Builder ext = ExtensionConfig.builder(creds);
            if (!defaults) {
                ext.rateLimits(new RateLimits(1e6, 1_000_000, 1e10, 1L << 34, 500, 2000));
            }
            BrokerConfig config = BrokerConfig.builder(dir.resolve(defaults ? "b1" : "b2"), creds)
                    .extension(ext.build())
                    .build();
            // a subscriber on the device's ingest shard, as the worker would be (else PUBACK 0x10: kept, resent)
            try (CalorBroker broker = CalorBroker.start(config);
                    IngestRecorder worker = new IngestRecorder(broker.mqttPort(), List.of(DEVICE))) {
                for (int[] shape : new int[][] {{500, 8}, {1000, 8}}) {
                    run(
                            dir,
                            broker.mqttPort(),
                            defaults ? "default (5 msg/s, burst 100)" : "lifted",
                            shape[0],
                            shape[1]);
                }
            }
        }
    }

    private static void run(Path dir, int port, String label, int batch, int window) throws IOException {
        Path file = dir.resolve("drain-" + label.hashCode() + "-" + batch + ".db");
        BacklogWriter.write(file, DEVICE, BACKLOG, Duration.ofSeconds(1));
        PatchConfig patch = BridgeConfigs.serialPatch(DEVICE, dir.resolve("no-port"));
        patch = new PatchConfig(DEVICE, "pw", patch.serial(), patch.ble());
        BridgeConfig config = new BridgeConfig(
                "bench",
                BufferSettings.defaults(file),
                BrokerSettings.plain("127.0.0.1", port),
                new PublishSettings(
                        Duration.ofSeconds(1),
                        Duration.ZERO,
                        batch,
                        window,
                        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2))),
                IntakeSettings.defaults(),
                new HttpSettings("127.0.0.1", HttpSettings.DISABLED),
                List.of(patch));
        java.util.Map<Long, Long> cpu0 = bridgeThreadCpu();
        long t0 = System.nanoTime();
        double seconds;
        long cpuNanos = 0;
        try (Bridge bridge = Bridge.start(config, Clock.systemUTC())) {
            bridge.publisher(DEVICE).orElseThrow().drainNow();
            while (bridge.buffer().depth() > 0) {
                sleep();
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            for (var e : bridgeThreadCpu().entrySet()) {
                cpuNanos += e.getValue() - cpu0.getOrDefault(e.getKey(), 0L);
            }
        }
        double cpuMsPer1k = cpuNanos / 1e6 / (BACKLOG / 1000.0);
        System.out.printf(
                Locale.ROOT,
                "%-26s %6d %7d %9.1f %12.0f %14.1f%n",
                label,
                batch,
                window,
                seconds,
                BACKLOG / seconds,
                cpuMsPer1k);
    }

    /**
     * CPU time of the bridge's threads (its own {@code calor-*} threads, the MQTT client's threads and the
     * caller), by thread id; the broker in the same JVM is left out.
     */
    private static java.util.Map<Long, Long> bridgeThreadCpu() {
        var threads = ManagementFactory.getThreadMXBean();
        java.util.Map<Long, Long> cpu = new java.util.HashMap<>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null
                    && (info.getThreadName().startsWith("calor-")
                            || info.getThreadName().startsWith("com.hivemq.client")
                            || info.getThreadName().equals("main"))) {
                cpu.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return cpu;
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
