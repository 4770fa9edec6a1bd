package dev.calor.broker.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.auth.PasswordHasher;
import dev.calor.broker.auth.Role;
import dev.calor.broker.auth.UserEntry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reconnect storm: N devices (default 20 000) with persistent sessions are connected to a broker
 * running as its own process with production settings (file persistence, default rate limits and hashes:
 * keyed hashes of generated secrets); the broker is restarted, and every device reconnects at once, from
 * 200 loopback source addresses (a real fleet comes from many), retrying refused CONNECTs after a random
 * 0.2–1.2 s back-off like a bridge. Prints the time until all are connected, the CONNECT attempts and the
 * broker process's CPU seconds (utime + stime from /proc) over the storm.
 *
 * <p>Run by hand: {@code java -Xmx3g -cp <test class path> dev.calor.broker.bench.ReconnectStormBench [devices]}.
 */
public final class ReconnectStormBench {

    private static final int SOURCE_ADDRESSES = 200;
    private static final long PHASE_TIMEOUT_SECONDS = 600;

    private ReconnectStormBench() {}

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("calor-storm");
        PasswordHasher hasher = new PasswordHasher();
        List<String> ids = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        List<UserEntry> users = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            String id = String.format(Locale.ROOT, "storm-%06d", i);
            String secret = hasher.generateSecret();
            ids.add(id);
            secrets.add(secret);
            users.add(new UserEntry(id, Role.DEVICE, hasher.hashFor(Role.DEVICE, secret.toCharArray())));
        }
        CredentialsFile.write(dir.resolve("credentials.yaml"), users);
        int port = freePort();
        Path config = dir.resolve("broker.yaml");
        Files.writeString(
                config,
                """
                broker:
                  home: home
                  persistence: file
                  listeners:
                    tcp:
                      bind-address: 127.0.0.1
                      port: %d
                extension:
                  credentials-file: credentials.yaml
                  metrics:
                    enabled: false
                """
                        .formatted(port),
                StandardCharsets.UTF_8);

        List<Mqtt5AsyncClient> clients = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            clients.add(MqttClient.builder()
                    .useMqttVersion5()
                    .identifier(ids.get(i) + "/bridge-storm")
                    .transportConfig()
                    .serverAddress(new InetSocketAddress("127.0.0.1", port))
                    .localAddress(new InetSocketAddress("127.0.0." + (2 + i % SOURCE_ADDRESSES), 0))
                    // a bridge waits for its CONNACK; giving up after the client's default 10 s and
                    // reconnecting would only add CONNECTs to an overloaded broker
                    .socketConnectTimeout(60, TimeUnit.SECONDS)
                    .mqttConnectTimeout(60, TimeUnit.SECONDS)
                    .applyTransportConfig()
                    .simpleAuth()
                    .username(ids.get(i))
                    .password(secrets.get(i).getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth()
                    .buildAsync());
        }
        ScheduledExecutorService retries = Executors.newScheduledThreadPool(2);

        Process first = startBroker(dir, config, port);
        Phase populate = storm(clients, retries);
        System.out.printf(Locale.ROOT, "first connect (sessions created): %s%n", populate);
        stop(first);

        Process second = startBroker(dir, config, port);
        long cpuBefore = cpuTicks(second.pid());
        Phase storm = storm(clients, retries);
        long cpuTicks = cpuTicks(second.pid()) - cpuBefore;
        System.out.printf(
                Locale.ROOT,
                "%nreconnect storm after a broker restart: %d devices, %d cores%n"
                        + "  all connected after %.1f s, %d CONNECT attempts (%d refused or failed and retried)%n"
                        + "  broker CPU over the storm: %.1f s%n",
                devices,
                Runtime.getRuntime().availableProcessors(),
                storm.seconds,
                storm.attempts,
                storm.attempts - devices,
                cpuTicks / 100.0);
        for (Mqtt5AsyncClient c : clients) {
            c.disconnect();
        }
        stop(second);
        retries.shutdownNow();
        System.exit(storm.connected == devices ? 0 : 1);
    }

    private record Phase(double seconds, long attempts, long connected) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d connected after %.1f s, %d attempts", connected, seconds, attempts);
        }
    }

    private static Phase storm(List<Mqtt5AsyncClient> clients, ScheduledExecutorService retries)
            throws InterruptedException {
        CountDownLatch all = new CountDownLatch(clients.size());
        AtomicLong attempts = new AtomicLong();
        long t0 = System.nanoTime();
        for (Mqtt5AsyncClient c : clients) {
            connect(c, all, attempts, retries);
        }
        if (!all.await(PHASE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            System.out.printf("timed out: %d devices not connected%n", all.getCount());
        }
        return new Phase((System.nanoTime() - t0) / 1e9, attempts.get(), clients.size() - all.getCount());
    }

    private static void connect(
            Mqtt5AsyncClient c, CountDownLatch all, AtomicLong attempts, ScheduledExecutorService retries) {
        attempts.incrementAndGet();
        c.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().whenComplete((ack, error) -> {
            if (error == null) {
                all.countDown();
            } else if (error instanceof com.hivemq.client.mqtt.exceptions.MqttClientStateException) {
                // a late answer to an attempt that already succeeded or is still under way: do not
                // open a second connection with the same client id (the broker would take the first over)
                if (c.getState().isConnected()) {
                    all.countDown();
                }
            } else {
                long backoff = ThreadLocalRandom.current().nextLong(200, 1200);
                retries.schedule(() -> connect(c, all, attempts, retries), backoff, TimeUnit.MILLISECONDS);
            }
        });
    }

    private static Process startBroker(Path dir, Path config, int port) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "-Xmx2g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.calor.broker.BrokerMain",
                        "--config",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(
                        dir.resolve("broker-" + System.nanoTime() + ".log").toFile())
                .start();
        try {
            org.awaitility.Awaitility.await("broker listening on " + port)
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("broker exited with " + p.exitValue() + "; see " + dir);
                        }
                        try (Socket s = new Socket("127.0.0.1", port)) {
                            return true;
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
            return p;
        } catch (RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }

    /** utime + stime of a process in clock ticks (100 per second on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
