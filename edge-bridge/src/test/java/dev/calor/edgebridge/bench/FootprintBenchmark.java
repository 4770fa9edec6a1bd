package dev.calor.edgebridge.bench;

import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.edgebridge.testing.BrokerFixture;
import dev.calor.edgebridge.testing.IngestRecorder;
import dev.calor.edgebridge.testing.Scenarios;
import dev.calor.sim.patch.PatchListener;
import dev.calor.sim.serial.SerialPatchRunner;
import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.PtyPair;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bridge as its own process with {@code -Xmx64m}, serving N simulated serial patches on real ptys and
 * publishing to the embedded broker: resident memory (VmRSS, VmHWM) and CPU time per reading end to end
 * inside the bridge (serial bytes in, PUBACK back), from /proc. Prints figures; no assertions.
 *
 * <pre>java -cp ... dev.calor.edgebridge.bench.FootprintBenchmark [patches] [readings/s per patch] [seconds]</pre>
 */
public final class FootprintBenchmark {

    private static final long CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux x86-64

    private FootprintBenchmark() {}

    public static void main(String[] args) throws Exception {
        run(args);
        System.exit(0); // client and broker libraries leave non-daemon threads behind
    }

    private static void run(String[] args) throws Exception {
        int patches = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        Path dir = Files.createTempDirectory("calor-footprint-bench");
        CredentialsFile.Builder creds =
                CredentialsFile.builder().worker(BrokerFixture.OBSERVER, BrokerFixture.OBSERVER_PASSWORD);
        List<String> devices = new ArrayList<>();
        for (int i = 1; i <= patches; i++) {
            devices.add(String.format(Locale.ROOT, "patch-%04d", i));
            creds.device(devices.get(i - 1), "pw-" + i);
        }
        Path credentials = creds.write(dir.resolve("credentials.yaml"));
        List<AutoCloseable> open = new ArrayList<>();
        try (CalorBroker broker = CalorBroker.start(dir.resolve("broker"), credentials);
                IngestRecorder worker = new IngestRecorder(broker.mqttPort(), devices)) {
            StringBuilder yaml = new StringBuilder();
            int http = FreePorts.next();
            yaml.append(
                    """
                    bridge-id: footprint
                    buffer: {file: buffer.db}
                    broker: {host: 127.0.0.1, port: %d}
                    publish: {interval: 1s, jitter: 200ms}
                    http: {port: %d}
                    patches:
                    """
                            .formatted(broker.mqttPort(), http));
            List<PtyPair> ptys = new ArrayList<>();
            for (int i = 0; i < patches; i++) {
                Path pd = Files.createDirectories(dir.resolve("pty-" + i));
                PtyPair pty = PtyPair.open(pd);
                open.add(pty);
                ptys.add(pty);
                yaml.append("  - {device-id: %s, password: pw-%d, serial: {port: %s}}\n"
                        .formatted(devices.get(i), i + 1, pty.bridgeSide()));
            }
            Path config = Files.writeString(dir.resolve("bridge.yaml"), yaml.toString());
            List<String> jvm = new ArrayList<>(List.of("-Xmx64m"));
            String extra = System.getProperty("bench.jvm", "").trim();
            if (!extra.isEmpty()) {
                jvm.addAll(List.of(extra.split("\\s+")));
            }
            JavaProcess bridge = JavaProcess.start(
                    jvm,
                    "dev.calor.edgebridge.BridgeMain",
                    List.of("--config", config.toString()),
                    Map.of(),
                    dir.resolve("bridge.log"));
            open.add(bridge);
            int total = (int) (rate * (seconds + 40));
            for (int i = 0; i < patches; i++) {
                SerialPatchRunner patch = new SerialPatchRunner(
                        Scenarios.steady(
                                devices.get(i), total, rate, 0.0, Duration.ofSeconds(5)), // contract: resend after 5 s
                        ptys.get(i).patchSide(),
                        Clock.systemUTC(),
                        PatchListener.NONE,
                        null);
                open.add(patch);
                patch.start();
            }
            Thread.sleep(15_000); // warm-up: JIT, connections, first batches
            long published0 = published(http);
            long cpu0 = cpuTicks(bridge.pid());
            long peakRss = 0;
            for (int s = 0; s < seconds; s++) {
                Thread.sleep(1_000);
                peakRss = Math.max(peakRss, statusKb(bridge.pid(), "VmRSS:"));
            }
            long published = published(http) - published0;
            long cpu = cpuTicks(bridge.pid()) - cpu0;
            double cpuSeconds = (double) cpu / CLOCK_TICKS_PER_SECOND;
            System.out.printf(
                    Locale.ROOT,
                    "bridge process, %s, %d serial patches at %.1f readings/s each, %d s measured%n",
                    String.join(" ", jvm),
                    patches,
                    rate,
                    seconds);
            System.out.printf(
                    Locale.ROOT,
                    "  readings published (PUBACKed): %d (%.1f/s)%n",
                    published,
                    published / (double) seconds);
            System.out.printf(
                    Locale.ROOT,
                    "  CPU time: %.2f s = %.1f%% of one core; %.1f us per reading%n",
                    cpuSeconds,
                    100 * cpuSeconds / seconds,
                    published == 0 ? 0 : cpuSeconds * 1e6 / published);
            System.out.printf(
                    Locale.ROOT,
                    "  RSS: %d KiB now, %d KiB peak while measured, %d KiB high-water mark%n",
                    statusKb(bridge.pid(), "VmRSS:"),
                    peakRss,
                    statusKb(bridge.pid(), "VmHWM:"));
            System.out.printf(Locale.ROOT, "  threads: %d%n", statusKb(bridge.pid(), "Threads:"));
            bridge.stop();
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    private static long published(int httpPort) throws IOException, InterruptedException {
        String body = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith("calor_bridge_readings_published_total{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    /** utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long statusKb(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }
}
