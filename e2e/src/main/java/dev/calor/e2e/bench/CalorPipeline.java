package dev.calor.e2e.bench;

import com.google.protobuf.Timestamp;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.auth.PasswordHasher;
import dev.calor.broker.auth.Role;
import dev.calor.broker.auth.UserEntry;
import dev.calor.e2e.pipeline.PipelineFiles;
import dev.calor.proto.CareCircleFiles;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import dev.calor.proto.v1.DeviceAssignment;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.MqttChannel;
import dev.calor.proto.v1.Patient;
import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.InfluxServer;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.PtyPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline under test, every server its own process: influxd (test-support), the broker with the
 * Calor extension ({@code dev.calor.broker.BrokerMain}) and the ingest worker ({@code
 * dev.calor.worker.WorkerMain}), optionally an edge bridge with a simulated serial patch, each with a
 * generated configuration in a temporary folder.
 * {@link #close()} stops all of them and deletes the folder.
 */
final class CalorPipeline implements Pipeline, AutoCloseable {

    static final String DATABASE = "calor";
    static final String BROKER_MAIN = "dev.calor.broker.BrokerMain";
    static final String WORKER_MAIN = "dev.calor.worker.WorkerMain";
    static final String BRIDGE_MAIN = "dev.calor.edgebridge.BridgeMain";
    static final String SIM_MAIN = "dev.calor.sim.SimMain";
    /** The patch behind the benchmark's edge bridge. */
    static final String BRIDGE_PATCH = "bridge-000001";
    /** The minimum the broker accepts: keeps the hashing of 20 000 device passwords to seconds. */
    static final int HASH_ITERATIONS = PasswordHasher.MIN_ITERATIONS;

    private static final Logger LOG = LoggerFactory.getLogger(CalorPipeline.class);
    /**
     * One password for every simulated device, so one hash serves all 20 000 entries and writing the
     * file takes milliseconds; the broker still verifies each device's first connection in full.
     */
    private static final String PASSWORD_TEMPLATE = "bench-device-secret";

    private static final String WORKER = "bench-worker";
    private static final String CAREGIVER = "bench-caregiver";
    private static final String SECRET = "bench-secret";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int YAML_CODE_POINT_LIMIT = 3 * 1024 * 1024;

    private final Path dir;
    private final List<AutoCloseable> started = new ArrayList<>();
    private InfluxServer influx;
    private JavaProcess broker;
    private JavaProcess worker;
    private JavaProcess bridge;
    private int brokerPort;

    private CalorPipeline(Path dir) {
        this.dir = dir;
    }

    /** Starts influxd, the broker and the worker for a run of {@code plan}. */
    static CalorPipeline start(BenchPlan plan) {
        Path dir;
        try {
            dir = Files.createTempDirectory("calor-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CalorPipeline pipeline = new CalorPipeline(dir);
        try {
            pipeline.launch(plan);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    private void launch(BenchPlan plan) {
        influx = InfluxServer.start();
        started.add(influx);
        influx.createDatabase(DATABASE);
        Path credentials = writeCredentials(plan);
        Path careCircle = writeCareCircle(plan);
        brokerPort = FreePorts.next();
        Path brokerConfig = write("broker.yaml", BenchConfigs.broker(dir, brokerPort, credentials, careCircle));
        broker = JavaProcess.start(
                List.of("-Xmx512m"), // as ./calor broker and LocalPipeline size it: G1 fills a larger heap before
                // collecting
                BROKER_MAIN,
                List.of("--config", brokerConfig.toString()),
                Map.of(),
                dir.resolve("broker.log"));
        started.add(broker);
        awaitPort(broker, brokerPort);
        Path workerConfig = write(
                "worker.yaml",
                BenchConfigs.worker(dir, brokerPort, WORKER, SECRET, influx.url(), DATABASE, careCircle));
        worker = JavaProcess.start(
                List.of("-Xmx1g"),
                WORKER_MAIN,
                List.of("--config", workerConfig.toString()),
                Map.of(),
                dir.resolve("worker.log"));
        started.add(worker);
        awaitFirstReading();
    }

    /**
     * Starts an edge bridge process with one simulated patch on a real pty (the simulator in a process
     * of its own), so the bridge's footprint is measured while it carries readings during the run.
     */
    void startBridge() {
        Path ptyDir = dir.resolve("pty");
        try {
            Files.createDirectories(ptyDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PtyPair pty = PtyPair.open(ptyDir);
        started.add(pty);
        // the patch's password is the fleet's; no HTTP endpoint (-1)
        Path bridgeConfig = new PipelineFiles(dir, DATABASE, 1, PASSWORD_TEMPLATE)
                .serialBridge("bridge", BRIDGE_PATCH, brokerPort, pty.bridgeSide(), -1);
        bridge = JavaProcess.start(
                List.of("-Xmx256m"),
                BRIDGE_MAIN,
                List.of("--config", bridgeConfig.toString()),
                Map.of(),
                dir.resolve("bridge.log"));
        started.add(bridge);
        JavaProcess sim = JavaProcess.start(
                List.of("-Xmx128m"),
                SIM_MAIN,
                List.of("--serial", pty.patchSide().toString(), "--device-id", BRIDGE_PATCH, "--acceleration", "60"),
                Map.of(),
                dir.resolve("sim.log"));
        started.add(sim);
    }

    InfluxServer influx() {
        return influx;
    }

    @Override
    public String brokerHost() {
        return "127.0.0.1";
    }

    @Override
    public int brokerPort() {
        return brokerPort;
    }

    @Override
    public String passwordTemplate() {
        return PASSWORD_TEMPLATE;
    }

    @Override
    public long storedReadings(String devicePrefix) {
        return influx.count(DATABASE, InfluxSchema.countByPrefix(devicePrefix));
    }

    @Override
    public long storedReadingsOf(String deviceId) {
        return influx.count(DATABASE, InfluxSchema.countOf(deviceId));
    }

    @Override
    public String caregiverUsername() {
        return CAREGIVER;
    }

    @Override
    public String caregiverPassword() {
        return SECRET;
    }

    @Override
    public String alertPatient(int index) {
        return String.format("bench-patient-%03d", index + 1);
    }

    @Override
    public String alertDevice(int index) {
        return String.format("alert-%06d", index + 1);
    }

    @Override
    public List<ProcessFootprint> footprints() {
        List<ProcessFootprint> list = new ArrayList<>();
        list.add(ProcessFootprint.of("broker", broker.pid()));
        list.add(ProcessFootprint.of("worker", worker.pid()));
        if (bridge != null && bridge.isAlive()) {
            list.add(ProcessFootprint.of("bridge", bridge.pid()));
        }
        return list;
    }

    /** Every device id any phase uses, so the broker knows them all from the start. */
    static List<String> deviceIds(BenchPlan plan) {
        List<String> ids = new ArrayList<>();
        IntStream.rangeClosed(1, plan.steadyDevices()).forEach(i -> ids.add(id(SteadyPhase.PREFIX, i)));
        IntStream.rangeClosed(1, SteadyPhase.WARM_UP_DEVICES).forEach(i -> ids.add(id(SteadyPhase.WARM_UP_PREFIX, i)));
        IntStream.rangeClosed(1, LatencyPhase.BACKGROUND_DEVICES)
                .forEach(i -> ids.add(id(LatencyPhase.BACKGROUND_PREFIX, i)));
        ids.add(LatencyPhase.PROBE);
        ids.add(WARM_UP);
        ids.add(BRIDGE_PATCH);
        IntStream.rangeClosed(1, plan.alertSamples()).forEach(i -> ids.add(id("alert-", i)));
        return ids;
    }

    private static final String WARM_UP = "warmup-000001";

    private static String id(String prefix, int index) {
        return prefix + String.format("%06d", index);
    }

    private Path writeCredentials(BenchPlan plan) {
        long start = System.nanoTime();
        PasswordHasher hasher = new PasswordHasher();
        // production hashing: a keyed hash for machine secrets, as ./calor broker users add writes it
        String deviceHash = hasher.hashFor(Role.DEVICE, PASSWORD_TEMPLATE.toCharArray());
        List<UserEntry> users = new ArrayList<>(deviceIds(plan).stream()
                .map(id -> new UserEntry(id, Role.DEVICE, deviceHash))
                .toList());
        users.add(new UserEntry(WORKER, Role.WORKER, hasher.hashFor(Role.WORKER, SECRET.toCharArray())));
        users.add(new UserEntry(CAREGIVER, Role.CAREGIVER, hasher.hash(SECRET.toCharArray(), HASH_ITERATIONS)));
        Path file = dir.resolve("credentials.yaml");
        writeCompact(file, users);
        LOG.info("credentials for {} users written in {} ms", users.size(), (System.nanoTime() - start) / 1_000_000);
        return file;
    }

    /**
     * The credentials file in YAML flow style, one short line per user (about 143 bytes with a PBKDF2
     * hash). The broker's YAML reader stops at 3 MiB (SnakeYAML's default code-point limit), which is
     * about 21 900 users in this style and 22 000 in {@link CredentialsFile#write}'s block style.
     */
    private static void writeCompact(Path file, List<UserEntry> users) {
        StringBuilder yaml = new StringBuilder("users:\n");
        for (UserEntry u : users) {
            // ids and base64 hashes hold no YAML flow indicator, so they need no quotes
            yaml.append("- {username: ")
                    .append(u.username())
                    .append(", role: ")
                    .append(u.role().name().toLowerCase(java.util.Locale.ROOT))
                    .append(", password-hash: ")
                    .append(u.passwordHash())
                    .append("}\n");
        }
        if (yaml.length() > YAML_CODE_POINT_LIMIT) {
            LOG.warn(
                    "the credentials file for {} users has {} characters; the broker reads at most {}",
                    users.size(),
                    yaml.length(),
                    YAML_CODE_POINT_LIMIT);
        }
        try {
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeCareCircle(BenchPlan plan) {
        Instant from = Instant.now().minus(Duration.ofDays(1));
        CareCircleRegistry.Builder registry = CareCircleRegistry.newBuilder().setSchemaVersion(SchemaVersions.CURRENT);
        Caregiver.Builder caregiver = Caregiver.newBuilder()
                .setCaregiverId(CAREGIVER)
                .setDisplayName("Benchmark caregiver")
                .addChannels(
                        Channel.newBuilder().setMqtt(MqttChannel.newBuilder().setUsername(CAREGIVER)));
        for (int i = 0; i < Math.max(1, plan.alertSamples()); i++) {
            registry.addPatients(
                    Patient.newBuilder().setPatientId(alertPatient(i)).setDisplayName("Bench " + (i + 1)));
            registry.addAssignments(DeviceAssignment.newBuilder()
                    .setDeviceId(alertDevice(i))
                    .setPatientId(alertPatient(i))
                    .setSite(MeasurementSite.MEASUREMENT_SITE_CORE)
                    .setValidFrom(Timestamp.newBuilder().setSeconds(from.getEpochSecond())));
            caregiver.addPatientIds(alertPatient(i));
        }
        registry.addCaregivers(caregiver);
        return write("care-circle.json", CareCircleFiles.toJson(registry.build()));
    }

    private Path write(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitPort(JavaProcess process, int port) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited at start:\n" + tail(process.log()));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(100_000_000L);
            }
        }
        throw new IllegalStateException("nothing listens on port " + port + " after " + START_TIMEOUT);
    }

    /** One reading through the whole pipeline before any measurement: the worker is subscribed and writing. */
    private void awaitFirstReading() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (ProbeClient probe =
                new ProbeClient(brokerHost(), brokerPort, WARM_UP, PASSWORD_TEMPLATE.replace("{device}", WARM_UP))) {
            dev.calor.sim.fleet.SimulatedPatch patch =
                    new dev.calor.sim.fleet.SimulatedPatch(WARM_UP, 1, Duration.ofSeconds(1), 3);
            while (System.nanoTime() < deadline) {
                if (!worker.isAlive()) {
                    throw new IllegalStateException("worker exited at start:\n" + tail(worker.log()));
                }
                probe.publish(patch.nextBatch(1, Instant.now()));
                long until = System.nanoTime() + 2_000_000_000L;
                while (System.nanoTime() < until) {
                    if (storedReadingsOf(WARM_UP) > 0) {
                        return;
                    }
                    LockSupport.parkNanos(50_000_000L);
                }
            }
        }
        throw new IllegalStateException(
                "no reading reached InfluxDB within " + START_TIMEOUT + "; worker log:\n" + tail(worker.log()));
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 30), lines.length));
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("could not stop {}", started.get(i), e);
            }
        }
        started.clear();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}", dir, e);
        }
    }
}
