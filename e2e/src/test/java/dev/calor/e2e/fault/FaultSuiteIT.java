package dev.calor.e2e.fault;

import static dev.calor.e2e.fault.CaseSteps.collector;
import static dev.calor.e2e.fault.CaseSteps.holdFor;
import static dev.calor.e2e.fault.CaseSteps.holdUntil;
import static dev.calor.e2e.fault.CaseSteps.scenario;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.e2e.pipeline.LocalPipeline;
import dev.calor.e2e.pipeline.PipelineFiles;
import dev.calor.edgebridge.Bridge;
import dev.calor.edgebridge.config.BridgeConfigReader;
import dev.calor.sim.ble.BlePatchRunner;
import dev.calor.sim.patch.ReadingReport;
import dev.calor.sim.physiology.Physiology;
import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioEvent;
import dev.calor.sim.serial.SerialPatchRunner;
import dev.calor.testsupport.DbusDaemon;
import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.PtyPair;
import dev.calor.testsupport.TcpProxy;
import dev.calor.testsupport.TempDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
    private static final String CLOCK_JUMP = "f-clock";
    private static final List<String> DEVICES = List.of(
            WORKER_KILL,
            BRIDGE_KILL,
            BROKER_RESTART,
            INFLUX_STOP,
            NETWORK_CUT,
            PTY_UNPLUG,
            BLE_LOSS,
            VICTIM,
            FLOODER,
            CLOCK_JUMP);
    /** Cases whose patch runs a fever, so alerts are in flight during the fault. */
    private static final Set<String> FEVER_DEVICES = Set.of(WORKER_KILL, BROKER_RESTART, INFLUX_STOP);

    private static Path dir;
    private static LocalPipeline pipeline;
    private static IngestTap ingest;
    private static AlertTap alerts;
    private static CaseMeter meter;
    private static boolean tableWritten;
    private static volatile Instant patchStarted;
    private static volatile Instant faultBegan;
    private static volatile Instant faultEnded;

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
        meter = new CaseMeter(pipeline.influx(), DB, ingest, alerts::connected);
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
                rig -> {
                    pipeline.ownInflux().stop();
                    faultBegan = Instant.now();
                },
                rig -> {
                    faultEnded = Instant.now();
                    pipeline.ownInflux().restart();
                });
        assertNothingLost(result);
        // alerting never waits for storage: the fever reaches the caregiver during the outage, within the
        // sustain window (+5 s) of the moment the patch's core temperature crossed 38.0 °C
        Scenario fever = scenario(FEVER, INFLUX_STOP);
        Instant onset = patchStarted.plus(trueOnset(fever, 38.0));
        Duration sustain = Duration.ofMinutes(10).dividedBy(Math.round(fever.acceleration()));
        Instant told = alerts.feverReceivedAt(PipelineFiles.patientOf(INFLUX_STOP))
                .orElseThrow(() -> new AssertionError("no fever reached the caregiver in the InfluxDB outage case"));
        assertThat(told)
                .as("fever told to the caregiver while InfluxDB was down")
                .isBetween(faultBegan, faultEnded);
        // the patch samples on its own clock; its readings reach the pipeline once its bridge is up, so the
        // delay counts from the onset, or from when the first reading sampled at or after it arrived
        Instant known = ingest.arrivalOfFirstSampledFrom(INFLUX_STOP, onset)
                .filter(arrived -> arrived.isAfter(onset))
                .orElse(onset);
        assertThat(Duration.between(known, told))
                .as("fever delay from its onset %s, data in at %s (sustain %s + 5 s allowed)", onset, known, sustain)
                .isLessThanOrEqualTo(sustain.plusSeconds(5));
    }

    /** Scenario time → wall time from the patch's start: when the noise-free core first reaches {@code celsius}. */
    private static Duration trueOnset(Scenario s, double celsius) {
        Physiology body = new Physiology(s);
        for (Duration t = Duration.ZERO; t.compareTo(s.duration()) < 0; t = t.plusSeconds(1)) {
            if (body.coreC(t) >= celsius) {
                return Duration.ofNanos(Math.round(t.toNanos() / s.acceleration()));
            }
        }
        throw new AssertionError("the scenario never reaches " + celsius + " °C");
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
            recovery = meter.awaitStoredSince(BLE_LOSS, sent, faultEnd);
            patch.done().get(120, TimeUnit.SECONDS);
            assertThat(patch.patch().storedCount())
                    .as("readings the bridge never acknowledged")
                    .isZero();
        }
        assertThat(sent.stream().filter(r -> !r.sent()).count())
                .as("readings taken while out of radio range")
                .isGreaterThanOrEqualTo(5);
        CaseResult result = meter.measure("BLE link loss 8 s", BLE_LOSS, sent, recovery, "");
        bridge.stop();
        bus.close();
        assertNothingLost(result);
    }

    @Test
    @Order(8)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aFloodingDeviceIsRefusedWith0x97WhileAnotherPatchLosesNothing() throws Exception {
        List<ReadingReport> sent = new CopyOnWriteArrayList<>();
        Flooder.Flood flood;
        Instant floodEnd;
        double recovery;
        try (SerialRig rig = SerialRig.open(pipeline, dir, "bridge-" + VICTIM, VICTIM, pipeline.brokerPort());
                SerialPatchRunner patch = new SerialPatchRunner(
                        scenario(STEADY, VICTIM), rig.pty().patchSide(), Clock.systemUTC(), collector(sent), null)) {
            patch.start();
            holdFor(Duration.ofSeconds(4));
            flood = Flooder.flood(pipeline.brokerPort(), FLOODER, SECRET, 600);
            floodEnd = Instant.now();
            recovery = meter.awaitStoredSince(VICTIM, sent, floodEnd);
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
        CaseResult result = meter.measure("one device flooding (other patch)", VICTIM, sent, recovery, note);
        assertThat(flood.refused())
                .as("publishes of the flooding device refused with 0x97")
                .isPositive();
        assertThat(flood.otherCodes()).as("refusals other than 0x97").isEmpty();
        assertThat(pipeline.storedReadings(FLOODER))
                .as("every accepted reading of the flooding device is stored, once")
                .isEqualTo(flood.accepted());
        assertNothingLost(result);
    }

    /**
     * The bridge's wall clock jumps two hours ahead and back (a gateway without RTC whose NTP sync steps the
     * clock, then a wrong manual setting corrected), with the patch replugged while the clock is wrong, so it
     * says HELLO to a bridge whose clock cannot be believed. The bridge runs in this JVM on an injected clock;
     * its time-outs, buffer ages and dedup window run on monotonic time.
     */
    @Test
    @Order(9)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void bridgeWallClockJumpsTwoHoursForwardAndBackLosesNothingAndDuplicatesNothing() throws Exception {
        List<ReadingReport> sent = new CopyOnWriteArrayList<>();
        JumpingClock clock = new JumpingClock();
        PtyPair pty = pipeline.own(PtyPair.open(Files.createDirectories(dir.resolve("bridge-" + CLOCK_JUMP))));
        Path config = pipeline.files()
                .serialBridge(
                        "bridge-" + CLOCK_JUMP, CLOCK_JUMP, pipeline.brokerPort(), pty.bridgeSide(), FreePorts.next());
        double recovery;
        double forward;
        double backward;
        try (Bridge bridge = Bridge.start(BridgeConfigReader.read(config), clock);
                SerialPatchRunner patch = new SerialPatchRunner(
                        scenario(STEADY, CLOCK_JUMP), pty.patchSide(), Clock.systemUTC(), collector(sent), null)) {
            patch.start();
            holdFor(Duration.ofSeconds(5));
            clock.jumpTo(Duration.ofHours(2));
            holdFor(Duration.ofSeconds(3));
            pty.unplug();
            holdFor(Duration.ofSeconds(3));
            pty.replug(); // HELLO while the bridge clock is two hours ahead: no TIME_SET may follow
            holdFor(Duration.ofSeconds(4));
            clock.jumpTo(Duration.ZERO);
            Instant faultEnd = Instant.now();
            recovery = meter.awaitStoredSince(CLOCK_JUMP, sent, faultEnd);
            patch.done().get(120, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> bridge.metrics().value("calor_bridge_clock_jumps_total", "backward") >= 1);
            forward = bridge.metrics().value("calor_bridge_clock_jumps_total", "forward");
            backward = bridge.metrics().value("calor_bridge_clock_jumps_total", "backward");
        }
        pty.close();
        CaseResult result = meter.measure(
                "bridge wall clock +2 h and back (patch replugged meanwhile)",
                CLOCK_JUMP,
                sent,
                recovery,
                "jumps counted by the bridge: %.0f forward, %.0f backward".formatted(forward, backward));
        assertNothingLost(result);
        assertThat(result.duplicatesDelivered()).as("batches delivered twice").isZero();
        assertThat(forward).isEqualTo(1);
        assertThat(backward).isEqualTo(1);
    }

    @Test
    @Order(100)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noCaseRaisedAnAlertTwiceAndFeverCasesRaisedAFeverAlert() throws IOException {
        List<CaseResult> withAlerts = new ArrayList<>();
        for (CaseResult r : meter.results()) {
            String patient = PipelineFiles.patientOf(r.deviceId());
            withAlerts.add(r.withAlerts(alerts.raised(patient).size(), alerts.kinds(patient), alerts.doubles(patient)));
        }
        meter.results().clear();
        meter.results().addAll(withAlerts);
        writeTable();
        for (CaseResult r : withAlerts) {
            String patient = PipelineFiles.patientOf(r.deviceId());
            assertThat(r.doubleAlerts())
                    .as("alerts raised twice in case '%s':%n%s", r.name(), alerts.describe(patient))
                    .isZero();
            if (FEVER_DEVICES.contains(r.deviceId())) {
                // one episode per illness: it may open as a rapid rise and reach fever as an UPDATED transition
                assertThat(alerts.feverReceivedAt(patient))
                        .as(
                                "a fever-family episode at fever level for the patient of fever case '%s':%n%s",
                                r.name(), alerts.describe(patient))
                        .isPresent();
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
            patchStarted = Instant.now();
            holdFor(at);
            begin.run(rig);
            holdFor(hold);
            end.run(rig);
            Instant faultEnd = Instant.now();
            recovery = meter.awaitStoredSince(device, sent, faultEnd);
            patch.done().get(120, TimeUnit.SECONDS);
        }
        return meter.measure(name, device, sent, recovery, "");
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

    // ---- helpers ----------------------------------------------------------------------------------------

    private static void writeTable() throws IOException {
        String machine = "Measured on %s, %d cores, Java %s; each case on its own patch (one reading per second)."
                .formatted(
                        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                        Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.version"));
        String table = FaultTable.markdown(meter.results(), machine);
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
