package dev.calor.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.calor.e2e.pipeline.LocalPipeline;
import dev.calor.e2e.pipeline.PipelineFiles;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.sim.ble.BlePatchRunner;
import dev.calor.sim.patch.PatchListener;
import dev.calor.sim.patch.ReadingReport;
import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioEvent;
import dev.calor.sim.scenario.ScenarioLoader;
import dev.calor.sim.serial.SerialPatchRunner;
import dev.calor.testsupport.DbusDaemon;
import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.TcpProxy;
import dev.calor.testsupport.TempDirs;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The whole pipeline attacked, one fault per case, on real parts and one shared pipeline (influxd, the broker
 * with the Calor extension, the worker, each its own process); every case has its own patch (device) and its
 * own edge bridge process. Every case counts readings sent by the patch, stored in InfluxDB, lost, delivered
 * to the ingest stage more than once, alerts raised twice, and the time from the end of the fault until every
 * reading taken before it is queryable. Loss and double alerts fail the suite. The table is printed and
 * written to {@code target/fault-suite.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    private static final String DB = "calor";
    private static final String SECRET = "fault-secret";
    private static final String FEVER = "fault/fever.yaml";
    private static final String STEADY = "fault/steady.yaml";
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(90);

    private static final String WORKER_KILL = "f-worker";
    private static final String BRIDGE_KILL = "f-bridge";
    private static final String BROKER_RESTART = "f-broker";
    private static final String INFLUX_STOP = "f-influx";
    private static final String NETWORK_CUT = "f-net";
    private static final String PTY_UNPLUG = "f-pty";
    private static final String BLE_LOSS = "f-ble";
    private static final String VICTIM = "f-victim";
    private static final String FLOODER = "f-flood";
    private static final List<String> DEVICES = List.of(
            WORKER_KILL, BRIDGE_KILL, BROKER_RESTART, INFLUX_STOP, NETWORK_CUT, PTY_UNPLUG, BLE_LOSS, VICTIM, FLOODER);
    /** Cases whose patch runs a fever, so alerts are in flight during the fault. */
    private static final Set<String> FEVER_DEVICES = Set.of(WORKER_KILL, BROKER_RESTART, INFLUX_STOP);

    private static Path dir;
    private static LocalPipeline pipeline;
    private static IngestTap ingest;
    private static AlertTap alerts;
    private static final List<CaseResult> results = new CopyOnWriteArrayList<>();
    private static boolean tableWritten;

    @BeforeAll
    static void startPipeline() {
        dir = TempDirs.create("calor-fault-");
        pipeline = LocalPipeline.start(new PipelineFiles(dir, DB, 60, SECRET, DEVICES), null);
        ingest = pipeline.own(IngestTap.connect(pipeline.brokerPort(), PipelineFiles.WORKER, SECRET));
        alerts = pipeline.own(AlertTap.connect(
                pipeline.brokerPort(),
                PipelineFiles.CAREGIVER,
                SECRET,
                DEVICES.stream().map(PipelineFiles::patientOf).toList()));
    }

    @AfterAll
    static void stopPipeline() throws IOException {
        try {
            if (!tableWritten) {
                writeTable();
            }
        } finally {
            try {
                if (pipeline != null) {
                    pipeline.close();
                }
            } finally {
                keepLogs();
                TempDirs.deleteRecursively(dir);
            }
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void workerKilledWithSigkillAndRestartedLosesNothingAndRaisesNoAlertTwice() throws Exception {
        CaseResult result = serialCase(
                "kill -9 worker (restart after 8 s)",
                WORKER_KILL,
                FEVER,
                pipeline.brokerPort(),
                Duration.ofSeconds(6),
                Duration.ofSeconds(8),
                rig -> pipeline.worker().kill9(),
                rig -> pipeline.restartWorker());
        assertNothingLost(result);
    }

    @Test
    @Order(2)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void bridgeKilledWithSigkillKeepsWhatItAcknowledgedInItsDurableBuffer() throws Exception {
        CaseResult result = serialCase(
                "kill -9 bridge (restart after 5 s)",
                BRIDGE_KILL,
                STEADY,
                pipeline.brokerPort(),
                Duration.ofSeconds(6),
                Duration.ofSeconds(5),
                rig -> rig.bridge().kill9(),
                SerialRig::restartBridge);
        assertNothingLost(result);
    }

    @Test
    @Order(3)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void brokerRestartedWithFilePersistenceLosesNothingAndRaisesNoAlertTwice() throws Exception {
        CaseResult result = serialCase(
                "restart broker (file persistence)",
                BROKER_RESTART,
                FEVER,
                pipeline.brokerPort(),
                Duration.ofSeconds(8),
                Duration.ZERO,
                rig -> pipeline.restartBroker(),
                rig -> {});
        assertNothingLost(result);
    }

    @Test
    @Order(4)
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void influxDbStoppedForSixtySecondsLosesNothingAndRaisesNoAlertTwice() throws Exception {
        CaseResult result = serialCase(
                "InfluxDB stopped 60 s",
                INFLUX_STOP,
                FEVER,
                pipeline.brokerPort(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60),
                rig -> pipeline.ownInflux().stop(),
                rig -> pipeline.ownInflux().restart());
        assertNothingLost(result);
    }

    @Test
    @Order(5)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void networkBetweenBridgeAndBrokerCutForTwelveSecondsLosesNothing() throws Exception {
        TcpProxy proxy = pipeline.own(TcpProxy.start("127.0.0.1", pipeline.brokerPort()));
        CaseResult result = serialCase(
                "network bridge-broker cut 12 s",
                NETWORK_CUT,
                STEADY,
                proxy.port(),
                Duration.ofSeconds(6),
                Duration.ofSeconds(12),
                rig -> proxy.cut(),
                rig -> proxy.restore());
        proxy.close();
        assertNothingLost(result);
    }

    @Test
    @Order(6)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void serialPtyUnpluggedForEightSecondsLosesNothing() throws Exception {
        CaseResult result = serialCase(
                "serial pty unplugged 8 s",
                PTY_UNPLUG,
                STEADY,
                pipeline.brokerPort(),
                Duration.ofSeconds(6),
                Duration.ofSeconds(8),
                rig -> rig.pty().unplug(),
                rig -> rig.pty().replug());
        assertNothingLost(result);
    }

    @Test
    @Order(7)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void bleLinkLossOfEightSecondsLosesNothing() throws Exception {
        Path busDir = Files.createDirectories(dir.resolve("ble"));
        DbusDaemon bus = pipeline.own(DbusDaemon.start(busDir));
        Duration lossAt = Duration.ofMinutes(6);
        Duration lossFor = Duration.ofMinutes(8);
        Scenario scenario = scenario(STEADY, BLE_LOSS).withEvents(List.of(new ScenarioEvent.LinkLoss(lossAt, lossFor)));
        List<ReadingReport> sent = new CopyOnWriteArrayList<>();
        JavaProcess bridge;
        double recovery;
        try (BlePatchRunner patch = new BlePatchRunner(
                scenario, bus.address(), BlePatchRunner.DEFAULT_ADDRESS, Clock.systemUTC(), collector(sent))) {
            patch.start();
            Instant start = Instant.now();
            bridge = pipeline.startBridge(
                    "bridge-" + BLE_LOSS,
                    pipeline.files()
                            .bleBridge(
                                    "bridge-" + BLE_LOSS,
                                    BLE_LOSS,
                                    pipeline.brokerPort(),
                                    BlePatchRunner.DEFAULT_ADDRESS,
                                    bus.address(),
                                    FreePorts.next()));
            // scenario minutes are wall seconds at acceleration 60
            Instant faultEnd = start.plusSeconds(lossAt.plus(lossFor).toMinutes());
            holdUntil(faultEnd);
            recovery = awaitStoredSince(BLE_LOSS, sent, faultEnd);
            patch.done().get(120, TimeUnit.SECONDS);
            assertThat(patch.patch().storedCount())
                    .as("readings the bridge never acknowledged")
                    .isZero();
        }
        assertThat(sent.stream().filter(r -> !r.sent()).count())
                .as("readings taken while out of radio range")
                .isGreaterThanOrEqualTo(5);
        CaseResult result = measure("BLE link loss 8 s", BLE_LOSS, sent, recovery, "");
        bridge.stop();
        bus.close();
        assertNothingLost(result);
    }

    @Test
    @Order(8)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aFloodingDeviceIsRefusedWith0x97WhileAnotherPatchLosesNothing() throws Exception {
        List<ReadingReport> sent = new CopyOnWriteArrayList<>();
        Flood flood;
        Instant floodEnd;
        double recovery;
        try (SerialRig rig = SerialRig.open(pipeline, dir, "bridge-" + VICTIM, VICTIM, pipeline.brokerPort());
                SerialPatchRunner patch = new SerialPatchRunner(
                        scenario(STEADY, VICTIM), rig.pty().patchSide(), Clock.systemUTC(), collector(sent), null)) {
            patch.start();
            holdFor(Duration.ofSeconds(4));
            flood = flood(FLOODER, 600);
            floodEnd = Instant.now();
            recovery = awaitStoredSince(VICTIM, sent, floodEnd);
            patch.done().get(120, TimeUnit.SECONDS);
        }
        await().atMost(STORE_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> pipeline.storedReadings(FLOODER) >= flood.accepted());
        String note = "flooding device: %d batches published, %d refused 0x97, %d accepted, %d stored, other codes %s"
                .formatted(
                        flood.published(),
                        flood.refused(),
                        flood.accepted(),
                        pipeline.storedReadings(FLOODER),
                        flood.otherCodes());
        CaseResult result = measure("one device flooding (other patch)", VICTIM, sent, recovery, note);
        assertThat(flood.refused())
                .as("publishes of the flooding device refused with 0x97")
                .isPositive();
        assertThat(flood.otherCodes()).as("refusals other than 0x97").isEmpty();
        assertThat(pipeline.storedReadings(FLOODER))
                .as("every accepted reading of the flooding device is stored, once")
                .isEqualTo(flood.accepted());
        assertNothingLost(result);
    }

    @Test
    @Order(100)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noCaseRaisedAnAlertTwiceAndFeverCasesRaisedAlertsDuringTheirFault() throws IOException {
        List<CaseResult> withAlerts = new ArrayList<>();
        for (CaseResult r : results) {
            String patient = PipelineFiles.patientOf(r.deviceId());
            withAlerts.add(r.withAlerts(alerts.raised(patient).size(), alerts.doubles(patient)));
        }
        results.clear();
        results.addAll(withAlerts);
        writeTable();
        for (CaseResult r : withAlerts) {
            String patient = PipelineFiles.patientOf(r.deviceId());
            assertThat(r.doubleAlerts())
                    .as("alerts raised twice in case '%s':%n%s", r.name(), alerts.describe(patient))
                    .isZero();
            if (FEVER_DEVICES.contains(r.deviceId())) {
                assertThat(r.alertsRaised())
                        .as("a fever alert raised for the patient of case '%s'", r.name())
                        .isPositive();
            }
        }
    }

    // ---- one serial case -------------------------------------------------------------------------------

    @FunctionalInterface
    interface Step {
        void run(SerialRig rig) throws Exception;
    }

    /**
     * Runs the device's scenario on a serial patch through its own bridge; {@code at} after the patch started,
     * begins the fault, holds it {@code hold}, ends it; then measures.
     */
    private static CaseResult serialCase(
            String name,
            String device,
            String scenarioFile,
            int mqttPort,
            Duration at,
            Duration hold,
            Step begin,
            Step end)
            throws Exception {
        List<ReadingReport> sent = new CopyOnWriteArrayList<>();
        double recovery;
        try (SerialRig rig = SerialRig.open(pipeline, dir, "bridge-" + device, device, mqttPort);
                SerialPatchRunner patch = new SerialPatchRunner(
                        scenario(scenarioFile, device),
                        rig.pty().patchSide(),
                        Clock.systemUTC(),
                        collector(sent),
                        null)) {
            patch.start();
            holdFor(at);
            begin.run(rig);
            holdFor(hold);
            end.run(rig);
            Instant faultEnd = Instant.now();
            recovery = awaitStoredSince(device, sent, faultEnd);
            patch.done().get(120, TimeUnit.SECONDS);
        }
        return measure(name, device, sent, recovery, "");
    }

    /**
     * Waits until every reading the patch took before {@code faultEnd} is queryable; seconds from
     * {@code faultEnd}, or -1 if that did not happen within {@link #STORE_TIMEOUT}.
     */
    private static double awaitStoredSince(String device, List<ReadingReport> sent, Instant faultEnd) {
        Set<Long> before = sequences(List.copyOf(sent));
        try {
            await().atMost(STORE_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> storedSequences(device)
                    .containsAll(before));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return -1;
        }
        return Duration.between(faultEnd, Instant.now()).toMillis() / 1000.0;
    }

    /** Waits for every reading sent to be stored (or the timeout), then counts. */
    private static CaseResult measure(
            String name, String device, List<ReadingReport> sent, double recovery, String note) {
        Set<Long> sentSequences = sequences(sent);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .alias("the ingest and caregiver taps are connected (else they could not see duplicates or alerts)")
                .until(() -> ingest.connected() && alerts.connected());
        try {
            await().atMost(STORE_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> storedSequences(device)
                    .containsAll(sentSequences));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // counted as lost below
        }
        List<Map<String, Object>> rows = storedRows(device);
        Set<Long> stored = rows.stream()
                .map(r -> ((Number) r.get("seq")).longValue())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Long> lost = new TreeSet<>(sentSequences);
        lost.removeAll(stored);
        CaseResult result = new CaseResult(
                name,
                device,
                sent.size(),
                stored.size(),
                lost.size(),
                rows.size() - stored.size(),
                ingest.duplicates(device),
                0,
                0,
                lost.isEmpty() ? recovery : -1,
                lost.isEmpty() ? note : (note.isEmpty() ? "" : note + "; ") + "lost sequences " + lost);
        results.add(result);
        System.out.printf(
                "fault case %s: sent %d, stored %d, lost %d, stored twice %d, duplicates delivered %d, recovery %.1f s%n",
                name,
                result.sent(),
                result.stored(),
                result.lost(),
                result.storedTwice(),
                result.duplicatesDelivered(),
                result.recoverySeconds());
        return result;
    }

    private static void assertNothingLost(CaseResult result) {
        assertThat(result.sent())
                .as("readings the patch took in case '%s'", result.name())
                .isGreaterThanOrEqualTo(20);
        assertThat(result.lost())
                .as(
                        "readings lost in case '%s' (%s); component logs under target/pipeline-logs/fault-suite",
                        result.name(), result.note())
                .isZero();
        assertThat(result.storedTwice())
                .as("readings stored more than once in InfluxDB in case '%s'", result.name())
                .isZero();
        assertThat(result.stored()).isEqualTo(result.sent());
    }

    // ---- flooding ---------------------------------------------------------------------------------------

    record Flood(long published, long accepted, long refused, Map<String, Long> otherCodes) {}

    /** Publishes {@code batches} one-reading batches as one device, as fast as the broker lets it. */
    private static Flood flood(String device, int batches) {
        Mqtt5AsyncClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier("fault-flood-" + device)
                .serverHost("127.0.0.1")
                .serverPort(pipeline.brokerPort())
                .buildAsync();
        client.connectWith()
                .simpleAuth()
                .username(device)
                .password(SECRET.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send()
                .join();
        try {
            long firstNs = Instant.now().minusSeconds(60).toEpochMilli() * 1_000_000L;
            List<CompletableFuture<Mqtt5PubAckReasonCode>> acks = new ArrayList<>();
            for (int i = 1; i <= batches; i++) {
                long timeNs = firstNs + i * 1_000_000L;
                ReadingBatch batch = ReadingBatch.newBuilder()
                        .setSchemaVersion(SchemaVersions.CURRENT)
                        .setDeviceId(device)
                        .setBridgeId("fault-flood")
                        .setBatchId(i)
                        .setCreatedTimeUnixNs(timeNs)
                        .addReadings(Reading.newBuilder()
                                .setBootEpoch(1)
                                .setSequence(i)
                                .setSampleTimeUnixNs(timeNs)
                                .setTemperatureCelsius(36.5)
                                .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                                .setReceivedTimeUnixNs(timeNs))
                        .build();
                acks.add(client.publishWith()
                        .topic(Topics.readings(device))
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(batch.toByteArray())
                        .send()
                        .handle(FaultSuiteIT::reasonCode));
            }
            Map<Mqtt5PubAckReasonCode, Long> codes = acks.stream()
                    .map(CompletableFuture::join)
                    .collect(Collectors.groupingBy(c -> c, Collectors.counting()));
            long accepted = codes.getOrDefault(Mqtt5PubAckReasonCode.SUCCESS, 0L);
            long refused = codes.getOrDefault(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED, 0L);
            Map<String, Long> other = codes.entrySet().stream()
                    .filter(e -> e.getKey() != Mqtt5PubAckReasonCode.SUCCESS
                            && e.getKey() != Mqtt5PubAckReasonCode.QUOTA_EXCEEDED)
                    .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
            return new Flood(batches, accepted, refused, other);
        } finally {
            client.disconnect().join();
        }
    }

    private static Mqtt5PubAckReasonCode reasonCode(Mqtt5PublishResult result, Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        if (cause instanceof Mqtt5PubAckException pubAck) {
            return pubAck.getMqttMessage().getReasonCode();
        }
        if (cause != null) {
            throw new IllegalStateException("publish failed", cause);
        }
        if (result.getError().isPresent() && result.getError().get() instanceof Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
        return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static Scenario scenario(String file, String device) throws IOException, URISyntaxException {
        Path path =
                Path.of(FaultSuiteIT.class.getClassLoader().getResource(file).toURI());
        return ScenarioLoader.read(path).withDeviceId(device);
    }

    private static PatchListener collector(List<ReadingReport> sent) {
        return new PatchListener() {
            @Override
            public void onReading(ReadingReport report) {
                sent.add(report);
            }
        };
    }

    private static Set<Long> sequences(List<ReadingReport> reports) {
        return reports.stream().map(ReadingReport::sequence).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Map<String, Object>> storedRows(String device) {
        return pipeline.influx()
                .rows(DB, "SELECT seq, boot_epoch FROM body_temperature WHERE device_id = '" + device + "' GROUP BY *");
    }

    private static Set<Long> storedSequences(String device) {
        return storedRows(device).stream()
                .map(r -> ((Number) r.get("seq")).longValue())
                .collect(Collectors.toSet());
    }

    /** Lets the scenario run on for a while (the fault's schedule, not a wait for a result). */
    private static void holdFor(Duration duration) {
        if (!duration.isZero()) {
            await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
        }
    }

    private static void holdUntil(Instant instant) {
        Duration left = Duration.between(Instant.now(), instant);
        if (!left.isNegative()) {
            holdFor(left);
        }
    }

    private static void writeTable() throws IOException {
        String machine = "Measured on %s, %d cores, Java %s; each case on its own patch (one reading per second)."
                .formatted(
                        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                        Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.version"));
        String table = FaultTable.markdown(results, machine);
        System.out.println(table);
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("fault-suite.md"), table, StandardCharsets.UTF_8);
        tableWritten = true;
    }

    private static void keepLogs() throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        Path target = Files.createDirectories(Path.of("target", "pipeline-logs", "fault-suite"));
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.copy(log, target.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
