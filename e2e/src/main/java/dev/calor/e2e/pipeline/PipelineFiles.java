package dev.calor.e2e.pipeline;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.proto.CareCircleFiles;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.AlertThresholds;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import dev.calor.proto.v1.DeviceAssignment;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.MqttChannel;
import dev.calor.proto.v1.Patient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The configuration files of a local pipeline: who may connect, who cares for whom, and each component's
 * config, all in one directory so an operator can read what ran.
 */
public final class PipelineFiles {

    public static final String DEVICE = "patch-0001";
    public static final String PATIENT = "rose";
    public static final String CAREGIVER = "emma";
    public static final String WORKER = "worker-1";
    /** The second worker of a cluster pipeline. */
    public static final String WORKER_2 = "worker-2";

    private final Path dir;
    private final String database;
    private final double acceleration;
    private final String secret;
    private final List<String> extraDevices;
    private final List<String> unassignedDevices;
    private final boolean loadTest;

    /**
     * @param acceleration how much faster than real time the patch's scenario runs; the clinical windows
     *     of the care circle shrink by the same factor
     */
    public PipelineFiles(Path dir, String database, double acceleration, String secret) {
        this.dir = dir;
        this.database = database;
        this.acceleration = acceleration;
        this.secret = secret;
        this.extraDevices = List.of();
        this.unassignedDevices = List.of();
        this.loadTest = false;
    }

    /**
     * The same pipeline with more patches: each extra device may connect, is worn by its own patient
     * ({@link #patientOf(String)}) and Emma cares for every patient.
     */
    public PipelineFiles(Path dir, String database, double acceleration, String secret, List<String> extraDevices) {
        this(dir, database, acceleration, secret, extraDevices, List.of(), false);
    }

    private PipelineFiles(
            Path dir,
            String database,
            double acceleration,
            String secret,
            List<String> extraDevices,
            List<String> unassignedDevices,
            boolean loadTest) {
        this.dir = dir;
        this.database = database;
        this.acceleration = acceleration;
        this.secret = secret;
        this.extraDevices = List.copyOf(extraDevices);
        this.unassignedDevices = List.copyOf(unassignedDevices);
        this.loadTest = loadTest;
    }

    /**
     * The pipeline of a load test ({@code ./calor bench}): every device in the care circle as above, the
     * broker's per-device and connect rate limits raised because one load generator on 127.0.0.1 sends what
     * thousands of patches would, a client queue deep enough for the worker to fall behind without losing a
     * reading, and a worker heap for that load ({@link #jvmOptions(String)}); the broker keeps the 512 MiB heap
     * {@code ./calor broker} gives it (G1 fills a larger heap before collecting, which inflates its RSS).
     */
    public static PipelineFiles forLoadTest(
            Path dir, String database, double acceleration, String secret, List<String> devices) {
        return forLoadTest(dir, database, acceleration, secret, devices, List.of());
    }

    /**
     * The same with {@code unassignedDevices} that may connect but are worn by nobody: no patient of theirs waits
     * for them, so the worker raises no NO_DATA for them while they have not yet connected.
     */
    public static PipelineFiles forLoadTest(
            Path dir,
            String database,
            double acceleration,
            String secret,
            List<String> devices,
            List<String> unassignedDevices) {
        return new PipelineFiles(dir, database, acceleration, secret, devices, unassignedDevices, true);
    }

    /** JVM options of a pipeline process by its name ({@code broker}, {@code worker-2}, {@code bridge}). */
    public List<String> jvmOptions(String process) {
        if (loadTest && process.startsWith("worker")) {
            return List.of("-Xmx1g");
        }
        return List.of("-Xmx512m");
    }

    /** The patient wearing a device: Rose wears {@link #DEVICE}; an extra device's patient is {@code p-<device>}. */
    public static String patientOf(String deviceId) {
        return DEVICE.equals(deviceId) ? PATIENT : "p-" + deviceId;
    }

    public List<String> extraDevices() {
        return extraDevices;
    }

    public Path dir() {
        return dir;
    }

    public String database() {
        return database;
    }

    public String secret() {
        return secret;
    }

    public Path credentials() {
        return credentials(List.of(WORKER));
    }

    /** Who may connect, with a worker identity for each of {@code workers}. */
    public Path credentials(List<String> workers) {
        CredentialsFile.Builder builder =
                CredentialsFile.builder().device(DEVICE, secret).caregiver(CAREGIVER, secret);
        workers.forEach(worker -> builder.worker(worker, secret));
        extraDevices.forEach(device -> builder.device(device, secret));
        unassignedDevices.forEach(device -> builder.device(device, secret));
        return builder.write(dir.resolve("credentials.yaml"));
    }

    /**
     * Rose wears the patch on her skin; Emma, her daughter, gets her alerts. The clinical windows (fever
     * sustained 10 min, rapid rise within 30 min, no data for 15 min, reminders every 30 min) shrink by the
     * scenario's acceleration so a night's fever plays out in a couple of minutes; the worker does not
     * accept a rise window, silence or reminder interval under one minute, so those stop there. The
     * thresholds themselves are the defaults.
     */
    public Path careCircle() {
        Duration sustainFloor = Duration.ofSeconds(2);
        Duration intervalFloor = Duration.ofMinutes(1);
        AlertThresholds thresholds = AlertThresholds.newBuilder()
                .setFeverSustain(scaled(Duration.ofMinutes(10), sustainFloor))
                .setFeverClearSustain(scaled(Duration.ofMinutes(10), sustainFloor))
                .setHypothermiaSustain(scaled(Duration.ofMinutes(10), sustainFloor))
                .setRapidRiseWindow(scaled(Duration.ofMinutes(30), intervalFloor))
                .setReminderInterval(scaled(Duration.ofMinutes(30), intervalFloor))
                .setNoDataAfter(scaled(Duration.ofMinutes(15), intervalFloor))
                .build();
        Instant from = Instant.now().minus(Duration.ofDays(1));
        CareCircleRegistry.Builder registry = CareCircleRegistry.newBuilder()
                .setSchemaVersion(SchemaVersions.CURRENT)
                .addPatients(Patient.newBuilder()
                        .setPatientId(PATIENT)
                        .setDisplayName("Rose")
                        .setThresholds(thresholds))
                .addAssignments(DeviceAssignment.newBuilder()
                        .setDeviceId(DEVICE)
                        .setPatientId(PATIENT)
                        .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                        .setValidFrom(Timestamp.newBuilder().setSeconds(from.getEpochSecond())))
                .addCaregivers(Caregiver.newBuilder()
                        .setCaregiverId(CAREGIVER)
                        .setDisplayName("Emma")
                        .addPatientIds(PATIENT)
                        .addChannels(Channel.newBuilder()
                                .setMqtt(MqttChannel.newBuilder().setUsername(CAREGIVER))));
        for (String device : extraDevices) {
            String patient = patientOf(device);
            registry.addPatients(Patient.newBuilder()
                            .setPatientId(patient)
                            .setDisplayName(patient)
                            .setThresholds(thresholds))
                    .addAssignments(DeviceAssignment.newBuilder()
                            .setDeviceId(device)
                            .setPatientId(patient)
                            .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                            .setValidFrom(Timestamp.newBuilder().setSeconds(from.getEpochSecond())));
            registry.getCaregiversBuilder(0).addPatientIds(patient);
        }
        return write("care-circle.json", CareCircleFiles.toJson(registry.build()));
    }

    public Path broker(int port, Path credentials, Path careCircle, int metricsPort) {
        return write("broker.yaml", brokerYaml("broker", port, credentials, careCircle, metricsPort, ""));
    }

    /**
     * Broker node {@code node} of a cluster ({@code <node>.yaml}, home {@code <node>/}): the same credentials and
     * care circle as every node, accepted batches produced to Kafka at {@code kafkaBootstrap}; a device's PUBACK
     * waits for Kafka at most {@code kafkaTimeout}, then it is answered 0x97 and its bridge resends the batch.
     */
    public Path clusterBroker(
            String node,
            int port,
            Path credentials,
            Path careCircle,
            int metricsPort,
            String kafkaBootstrap,
            int partitions,
            Duration kafkaTimeout) {
        String forwarding =
                """
                  forwarding:
                    mode: kafka
                    bootstrap-servers: %s
                    node-id: %s
                    partitions: %d
                    timeout: %ds
                """
                        .formatted(kafkaBootstrap, node, partitions, kafkaTimeout.toSeconds());
        return write(node + ".yaml", brokerYaml(node, port, credentials, careCircle, metricsPort, forwarding));
    }

    private String brokerYaml(
            String home, int port, Path credentials, Path careCircle, int metricsPort, String forwarding) {
        return """
                broker:
                  home: %s
                  persistence: file
                  listeners:
                    tcp:
                      bind-address: 127.0.0.1
                      port: %d
                %sextension:
                  credentials-file: %s
                  care-circle-file: %s
                  reload-interval: 2s
                  caregiver-tokens:
                    jwks-file: %s
                  metrics:
                    enabled: true
                    bind-address: 127.0.0.1
                    port: %d
                %s%s"""
                .formatted(
                        dir.resolve(home),
                        port,
                        loadTest ? "  max-queue-size: 100000\n" : "",
                        credentials,
                        careCircle,
                        caregiverKeys(),
                        metricsPort,
                        loadTest ? LOAD_TEST_RATE_LIMITS : "",
                        forwarding);
    }

    /** The whole fleet of a load test connects from 127.0.0.1, as fast as the test plans. */
    private static final String LOAD_TEST_RATE_LIMITS =
            """
              rate-limits:
                device-messages-per-second: 1000
                device-message-burst: 10000
                device-bytes-per-second: 100000000
                device-byte-burst: 100000000
                connects-per-second: 100000
                connect-burst: 100000
                connects-per-second-per-address: 100000
                connect-burst-per-address: 100000
            """;

    /**
     * The caregiver app's public keys, which the broker verifies caregiver tokens with: the app (when the demo
     * runs it) rewrites this file atomically and the broker reloads it; until then it holds no key, so no
     * token logs in.
     */
    public Path caregiverKeys() {
        Path jwks = dir.resolve("jwks.json");
        if (!Files.exists(jwks)) {
            write("jwks.json", "{\"keys\":[]}\n");
        }
        return jwks;
    }

    /** The worker: every shard; it sets up the InfluxDB schema (retention policies, roll-up) at start. */
    public Path worker(int brokerPort, String influxUrl, Path careCircle, int metricsPort) {
        return write(
                "worker.yaml",
                workerYaml(WORKER, brokerPort, secret, influxUrl, database, careCircle, dir, metricsPort));
    }

    /**
     * Worker {@code workerId} of a cluster ({@code <workerId>.yaml}, its outbox and dead-letter files named after
     * it): a member of the Kafka consumer groups on the readings topic at {@code kafkaBootstrap}, declared dead
     * after {@code sessionTimeout}; it still connects over MQTT (through {@code mqttPort}) for the caregivers'
     * acknowledgements.
     */
    public Path clusterWorker(
            String workerId,
            int mqttPort,
            String influxUrl,
            int metricsPort,
            String kafkaBootstrap,
            Duration sessionTimeout) {
        String yaml = workerYaml(
                        workerId,
                        mqttPort,
                        secret,
                        influxUrl,
                        database,
                        dir.resolve("care-circle.json"),
                        dir.resolve(workerId + "-alerts.db"),
                        dir.resolve(workerId + "-dead-letter.jsonl"),
                        metricsPort)
                + """
                source: kafka
                kafka:
                  bootstrap-servers: %s
                  session-timeout: %ds
                """
                        .formatted(kafkaBootstrap, sessionTimeout.toSeconds());
        return write(workerId + ".yaml", yaml);
    }

    /**
     * A worker configuration owning every shard, with its state and dead-letter files in {@code dir}; the
     * MQTT user name is the worker id. Everything else takes the worker's defaults (among them: the
     * InfluxDB schema is set up at start, writes go to InfluxDB as soon as none is under way).
     */
    public static String workerYaml(
            String workerId,
            int brokerPort,
            String password,
            String influxUrl,
            String database,
            Path careCircle,
            Path dir,
            int metricsPort) {
        return workerYaml(
                workerId,
                brokerPort,
                password,
                influxUrl,
                database,
                careCircle,
                dir.resolve("worker-alerts.db"),
                dir.resolve("worker-dead-letter.jsonl"),
                metricsPort);
    }

    private static String workerYaml(
            String workerId,
            int brokerPort,
            String password,
            String influxUrl,
            String database,
            Path careCircle,
            Path stateFile,
            Path deadLetterFile,
            int metricsPort) {
        return """
                worker-id: %s
                shard-count: %d
                shards: all
                mqtt:
                  host: 127.0.0.1
                  port: %d
                  username: %s
                  password: %s
                influx:
                  version: "1"
                  url: %s
                  database: %s
                care-circle-file: %s
                alerts:
                  state-file: %s
                dead-letter-file: %s
                metrics-port: %d
                """
                .formatted(
                        workerId,
                        Topics.DEFAULT_SHARD_COUNT,
                        brokerPort,
                        workerId,
                        password,
                        influxUrl,
                        database,
                        careCircle,
                        stateFile,
                        deadLetterFile,
                        metricsPort);
    }

    /** The demo's and the spine test's bridge: patch {@link #DEVICE} on a serial port, straight to the broker. */
    public Path bridge(int brokerPort, Path serialPort, int httpPort) {
        return serialBridge("bridge", DEVICE, brokerPort, serialPort, httpPort);
    }

    /**
     * A bridge serving one serial patch, named so several bridges of one pipeline keep apart: its config
     * {@code <name>.yaml} and its durable buffer {@code <name>-buffer.db}. The MQTT port may be the broker's
     * or a proxy's in front of it.
     */
    public Path serialBridge(String name, String deviceId, int mqttPort, Path serialPort, int httpPort) {
        return write(
                name + ".yaml",
                """
                bridge-id: %s
                buffer:
                  file: %s
                broker:
                  host: 127.0.0.1
                  port: %d
                  keep-alive: 5s
                publish:
                  interval: 1s
                  jitter: 200ms
                  reconnect-initial: 100ms
                  reconnect-max: 1s
                http:
                  port: %d
                patches:
                  - device-id: %s
                    password: %s
                    serial:
                      port: %s
                      reconnect-initial: 100ms
                      reconnect-max: 1s
                """
                        .formatted(
                                name,
                                dir.resolve(name + "-buffer.db"),
                                mqttPort,
                                httpPort,
                                deviceId,
                                secret,
                                serialPort));
    }

    /** A bridge serving one BLE patch through BlueZ's D-Bus API on {@code busAddress}. */
    public Path bleBridge(
            String name, String deviceId, int mqttPort, String bleAddress, String busAddress, int httpPort) {
        return write(
                name + ".yaml",
                """
                bridge-id: %s
                buffer:
                  file: %s
                broker:
                  host: 127.0.0.1
                  port: %d
                publish:
                  interval: 1s
                  jitter: 200ms
                http:
                  port: %d
                patches:
                  - device-id: %s
                    password: %s
                    ble:
                      address: "%s"
                      bus-address: "%s"
                      reconnect-initial: 100ms
                      reconnect-max: 1s
                """
                        .formatted(
                                name,
                                dir.resolve(name + "-buffer.db"),
                                mqttPort,
                                httpPort,
                                deviceId,
                                secret,
                                bleAddress,
                                busAddress));
    }

    /** One log format for every component, so the demo can pick out what matters. */
    public Path logback() {
        return write(
                "logback.xml",
                """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{40} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="com.hivemq" level="WARN"/>
                  <logger name="io.netty" level="WARN"/>
                  <logger name="org.jboss" level="WARN"/>
                  <logger name="jetbrains.exodus" level="WARN"/>
                  <logger name="com.influxdb" level="WARN"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
    }

    /** A clinical window of the real world shrunk by the acceleration, never below {@code floor}. */
    private com.google.protobuf.Duration scaled(Duration realWorld, Duration floor) {
        Duration scaled = Duration.ofMillis((long) (realWorld.toMillis() / acceleration));
        return toProto(scaled.compareTo(floor) < 0 ? floor : scaled);
    }

    private static com.google.protobuf.Duration toProto(Duration duration) {
        return Durations.fromMillis(duration.toMillis());
    }

    private Path write(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
