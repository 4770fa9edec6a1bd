package dev.calor.broker.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.config.RateLimits;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.broker.testing.TestBatches;
import dev.calor.proto.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * QoS 1 throughput of the same load against HiveMQ CE with an allow-all authenticator and against HiveMQ CE
 * with the Calor extension (authentication, authorization, validation, rate limits, forwarding), in one run.
 * Each device publishes its batches to its readings topic and waits for every PUBACK; one subscriber receives
 * them (on the readings topic without the extension, on the ingest shards with it). Prints a table and the ratio.
 *
 * <p>{@code java -cp <test class path> dev.calor.broker.bench.ThroughputBench [devices] [batchesPerDevice] [readingsPerBatch]}
 * (the broker-ext README says how to build the class path and record a profile).
 */
public final class ThroughputBench {

    private record Result(String name, int messages, double seconds) {
        double rate() {
            return messages / seconds;
        }
    }

    private static final int ROUNDS = 3;

    private ThroughputBench() {}

    private static Result median(List<Result> runs) {
        List<Result> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(Result::rate));
        return sorted.get(sorted.size() / 2);
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int perDevice = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int readings = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("calor-bench");
        List<String> ids = new ArrayList<>();
        CredentialsFile.Builder creds = CredentialsFile.builder().worker("worker-1", "worker-pw");
        for (int i = 0; i < devices; i++) {
            String id = String.format(Locale.ROOT, "bench-%04d", i);
            ids.add(id);
            creds.device(id, "pw-" + id);
        }
        Path credentials = creds.write(dir.resolve("credentials.yaml"));

        List<Result> plainRuns = new ArrayList<>();
        List<Result> calorRuns = new ArrayList<>();
        for (int round = 0; round <= ROUNDS; round++) {
            boolean measured = round > 0; // round 0 warms up both
            try (PlainBroker plain = PlainBroker.start(dir.resolve("plain-" + round))) {
                Result r = run("HiveMQ CE, allow-all", plain.port, ids, perDevice, readings, false);
                if (measured) {
                    plainRuns.add(r);
                }
                report(round, r);
            }
            ExtensionConfig ext = ExtensionConfig.builder(credentials)
                    .rateLimits(new RateLimits(1e6, 1_000_000, 1e12, Long.MAX_VALUE / 4, 1e6, 1_000_000))
                    .build();
            try (CalorBroker calor = CalorBroker.start(BrokerConfig.builder(dir.resolve("calor-" + round), credentials)
                    .extension(ext)
                    .build())) {
                Result r = run("HiveMQ CE + Calor extension", calor.mqttPort(), ids, perDevice, readings, true);
                if (measured) {
                    calorRuns.add(r);
                }
                report(round, r);
            }
        }
        List<Result> results = List.of(median(plainRuns), median(calorRuns));
        System.out.printf(
                Locale.ROOT,
                "%nQoS 1, %d devices x %d batches x %d readings, %d cores, median of %d rounds (after one warm-up"
                        + " round), load average %s%n",
                devices,
                perDevice,
                readings,
                Runtime.getRuntime().availableProcessors(),
                ROUNDS,
                loadAverage());
        System.out.printf(Locale.ROOT, "%-30s %10s %10s %12s%n", "broker", "messages", "seconds", "msgs/s");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-30s %10d %10.2f %12.0f%n", r.name(), r.messages(), r.seconds(), r.rate());
        }
        System.out.printf(
                Locale.ROOT,
                "ratio (with extension / without): %.2f%n",
                results.get(1).rate() / results.get(0).rate());
        System.exit(0);
    }

    private static void report(int round, Result r) {
        System.out.printf(
                Locale.ROOT,
                "round %d%s: %-30s %8d messages in %6.2f s = %8.0f msgs/s (load average %s)%n",
                round,
                round == 0 ? " (warm-up)" : "",
                r.name(),
                r.messages(),
                r.seconds(),
                r.rate(),
                loadAverage());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Result run(String name, int port, List<String> ids, int perDevice, int readings, boolean calor)
            throws Exception {
        int total = ids.size() * perDevice;
        CountDownLatch received = new CountDownLatch(total);
        // the extension lets the worker role use its own name or the calor-worker- prefix only
        Mqtt5AsyncClient sub = client(port, calor ? "calor-worker-bench-sub" : "bench-sub");
        connect(sub, calor ? "worker-1" : null, "worker-pw");
        String filter = calor ? "calor/v1/ingest/+/+" : "calor/v1/devices/+/readings";
        sub.subscribeWith()
                .topicFilter(filter)
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> received.countDown())
                .send()
                .get();

        List<Mqtt5AsyncClient> clients = new ArrayList<>();
        for (String id : ids) {
            Mqtt5AsyncClient c = client(port, id);
            connect(c, calor ? id : null, "pw-" + id);
            clients.add(c);
        }
        List<List<byte[]>> payloads = new ArrayList<>();
        Instant now = Instant.now();
        for (String id : ids) {
            List<byte[]> mine = new ArrayList<>();
            for (int b = 0; b < perDevice; b++) {
                mine.add(TestBatches.valid(id, now, readings)
                        .setBatchId(b)
                        .build()
                        .toByteArray());
            }
            payloads.add(mine);
        }

        long t0 = System.nanoTime();
        List<CompletableFuture<Mqtt5PublishResult>> acks = new ArrayList<>(total);
        for (int b = 0; b < perDevice; b++) {
            for (int d = 0; d < ids.size(); d++) {
                acks.add(clients.get(d)
                        .publishWith()
                        .topic(Topics.readings(ids.get(d)))
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(payloads.get(d).get(b))
                        .send());
            }
        }
        for (CompletableFuture<Mqtt5PublishResult> ack : acks) {
            Mqtt5PublishResult r = ack.get(120, TimeUnit.SECONDS);
            if (r.getError().isPresent()) {
                throw new IllegalStateException(
                        "publish failed: " + r.getError().get());
            }
        }
        if (!received.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("subscriber missed " + received.getCount() + " messages");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (Mqtt5AsyncClient c : clients) {
            c.disconnect().get();
        }
        sub.disconnect().get();
        return new Result(name, total, seconds);
    }

    private static Mqtt5AsyncClient client(int port, String id) {
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(id)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildAsync();
    }

    private static void connect(Mqtt5AsyncClient c, String user, String pw) throws Exception {
        if (user == null) {
            c.connect().get();
        } else {
            c.connectWith()
                    .simpleAuth()
                    .username(user)
                    .password(pw.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth()
                    .send()
                    .get();
        }
    }

    /** HiveMQ CE with nothing but an authenticator that lets everyone in: the baseline. */
    private static final class PlainBroker implements AutoCloseable {
        final EmbeddedHiveMQ hivemq;
        final int port;

        private PlainBroker(EmbeddedHiveMQ hivemq, int port) {
            this.hivemq = hivemq;
            this.port = port;
        }

        static PlainBroker start(Path home) throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Files.createDirectories(home.resolve("conf"));
            Files.createDirectories(home.resolve("extensions"));
            Files.writeString(
                    home.resolve("conf/config.xml"),
                    "<hivemq><listeners><tcp-listener><port>" + port
                            + "</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>"
                            + "<mqtt><queued-messages><max-queue-size>1000000</max-queue-size></queued-messages></mqtt>"
                            + "<persistence><mode>in-memory</mode></persistence>"
                            + "<anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics></hivemq>");
            EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(home.resolve("conf"))
                    .withDataFolder(home.resolve("data"))
                    .withExtensionsFolder(home.resolve("extensions"))
                    .withEmbeddedExtension(EmbeddedExtension.builder()
                            .withId("allow-all")
                            .withName("allow all")
                            .withVersion("1")
                            .withExtensionMain(new AllowAll())
                            .build())
                    .withoutLoggingBootstrap()
                    .build();
            hivemq.start().join();
            return new PlainBroker(hivemq, port);
        }

        @Override
        public void close() throws Exception {
            hivemq.stop().join();
            hivemq.close();
        }
    }

    private static final class AllowAll implements ExtensionMain {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            SimpleAuthenticator allow = (in, out) -> out.authenticateSuccessfully();
            Services.securityRegistry().setAuthenticatorProvider(i -> allow);
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}
    }
}
