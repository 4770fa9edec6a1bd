package dev.calor.e2e.fault;

import static dev.calor.e2e.fault.CaseSteps.collector;
import static dev.calor.e2e.fault.CaseSteps.holdFor;
import static dev.calor.e2e.fault.CaseSteps.scenario;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.calor.e2e.pipeline.ClusterPipeline;
import dev.calor.e2e.pipeline.KafkaGroups;
import dev.calor.e2e.pipeline.PipelineFiles;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.sim.fleet.FleetConfig;
import dev.calor.sim.fleet.FleetMode;
import dev.calor.sim.fleet.FleetReport;
import dev.calor.sim.fleet.FleetRunner;
import dev.calor.sim.patch.ReadingReport;
import dev.calor.sim.serial.SerialPatchRunner;
import dev.calor.testsupport.TempDirs;
import dev.calor.worker.config.KafkaSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The scaled-out pipeline attacked, one fault per case, on one shared cluster ({@link ClusterPipeline}: Kafka,
 * influxd, two broker nodes forwarding to Kafka behind HAProxy, two workers in the Kafka consumer groups); every
 * case has its own serial patch and edge bridge connecting through HAProxy. Counts as the single-node fault suite
 * does: readings sent, stored, lost, handed to Kafka more than once, alerts raised and raised twice (on the alert
 * stream every broker node relays to caregivers), and the time from the fault until every reading taken before
 * it is queryable. The table is written to {@code target/cluster-fault.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultIT {

    private static final String DB = "calor";
    private static final String SECRET = "cluster-secret";
    private static final String FEVER = "fault/fever.yaml";
    private static final String STEADY = "fault/steady.yaml";
    private static final String WORKER_KILL = "c-worker";
    private static final String BROKER_KILL = "c-broker";
    private static final String KAFKA_RESTART = "c-kafka";
    private static final int FLEET = 20;
    private static final FleetConfig FLEET_NAMES =
            FleetConfig.builder().deviceIdPrefix("cfleet-").build();
    private static final List<String> WORKERS = ClusterPipeline.WORKERS;
    private static final int PARTITIONS = ClusterPipeline.PARTITIONS;

    private static Path dir;
    private static ClusterPipeline cluster;
    private static KafkaReadingsTap readings;
    private static KafkaTap alertTap;
    private static final AlertLog alerts = new AlertLog();
    private static CaseMeter meter;
    private static boolean tableWritten;

    @BeforeAll
    static void startCluster() {
        dir = TempDirs.create("calor-cluster-fault-");
        List<String> devices = new ArrayList<>(List.of(WORKER_KILL, BROKER_KILL, KAFKA_RESTART));
        IntStream.range(0, FLEET).mapToObj(FLEET_NAMES::deviceId).forEach(devices::add);
        cluster = ClusterPipeline.start(new PipelineFiles(dir, DB, 60, SECRET, devices));
        String kafka = cluster.kafka().bootstrapServers();
        readings = cluster.own(new KafkaReadingsTap(kafka, KafkaSettings.DEFAULT_TOPIC));
        alertTap = cluster.own(new KafkaTap(kafka, KafkaSettings.DEFAULT_ALERT_EVENTS_TOPIC, r -> {
            if (r.key() != null && r.key().endsWith("/alerts")) {
                try {
                    alerts.add(Alert.parseFrom(r.value()));
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException("not an Alert on " + r.key(), e);
                }
            }
        }));
        meter = new CaseMeter(cluster.influx(), DB, readings, alertTap::assigned);
    }

    @AfterAll
    static void stopCluster() throws IOException {
        try {
            if (!tableWritten && meter != null) {
                writeTable();
            }
        } finally {
            try {
                if (cluster != null) {
                    cluster.close();
                }
            } finally {
                keepLogs();
                TempDirs.deleteRecursively(dir);
            }
        }
    }

    /**
     * A fleet of patches loads the cluster while a fever patch's episode is open; the worker owning that patient's
     * alerting partition is killed. The survivor must own every partition of both groups within the session
     * time-out, store everything, resume the open episode from the changelog and clear it, never raising it again.
     */
    @Test
    @Order(1)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void workerKilledUnderLoadLosesNothingAndTheSurvivorClearsTheEpisodeItInherited() throws Exception {
        Map<String, Integer> storage = cluster.groups().partitionsByWorker(KafkaGroups.STORAGE);
        Map<String, Integer> alerting = cluster.groups().partitionsByWorker(KafkaGroups.ALERTING);
        assertThat(cluster.groups().spreadOver(WORKERS, PARTITIONS))
                .as("both workers own partitions of both groups: %s / %s", storage, alerting)
                .isTrue();
        String patient = PipelineFiles.patientOf(WORKER_KILL);
        CompletableFuture<FleetReport> load = CompletableFuture.supplyAsync(ClusterFaultIT::runFleet);
        List<ReadingReport> sent = new CopyOnWriteArrayList<>();
        double recovery;
        double movedAfter;
        String victim;
        try (SerialRig rig = SerialRig.open(cluster, dir, "bridge-" + WORKER_KILL, WORKER_KILL, cluster.mqttPort());
                SerialPatchRunner patch = new SerialPatchRunner(
                        scenario(FEVER, WORKER_KILL),
                        rig.pty().patchSide(),
                        Clock.systemUTC(),
                        collector(sent),
                        null)) {
            patch.start();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .alias("the fever episode is open")
                    .until(() -> !alerts.raised(patient).isEmpty());
            victim = cluster.groups().ownerOf(KafkaGroups.ALERTING, patient, PARTITIONS);
            String survivor =
                    WORKERS.stream().filter(w -> !w.equals(victim)).findFirst().orElseThrow();
            cluster.process(victim).kill9();
            Instant killed = Instant.now();
            await().atMost(ClusterPipeline.SESSION_TIMEOUT.plusSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> cluster.groups().ownedBy(survivor, PARTITIONS));
            movedAfter = Duration.between(killed, Instant.now()).toMillis() / 1000.0;
            recovery = meter.awaitStoredSince(WORKER_KILL, sent, killed);
            patch.done().get(120, TimeUnit.SECONDS);
        }
        FleetReport fleet = load.get(120, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> storedFleetReadings() >= fleet.readingsAcknowledged());
        long fleetStored = storedFleetReadings();
        String note = ("partitions before (storage / alerting) %s / %s; %s killed; the survivor owned all %d of both"
                        + " groups %.1f s later (session time-out %d s); load: %d patches, %d readings acknowledged,"
                        + " %d stored, refused %s")
                .formatted(
                        storage,
                        alerting,
                        victim,
                        PARTITIONS,
                        movedAfter,
                        ClusterPipeline.SESSION_TIMEOUT.toSeconds(),
                        FLEET,
                        fleet.readingsAcknowledged(),
                        fleetStored,
                        fleet.batchesRejected());
        CaseResult result = meter.measure("kill -9 worker under load", WORKER_KILL, sent, recovery, note);
        assertNothingLost(result);
        assertThat(fleet.readingsAcknowledged())
                .as("fleet readings acknowledged")
                .isPositive();
        assertThat(fleetStored)
                .as("every fleet reading the broker nodes acknowledged is stored")
                .isGreaterThanOrEqualTo(fleet.readingsAcknowledged());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .alias("the survivor clears the episode the dead worker opened")
                .until(() -> alerts.cleared(patient) > 0);
        assertEpisodeMovedWithItsPartition(patient);
        assertThat(movedAfter)
                .as("seconds until the survivor owned every partition")
                .isLessThan(ClusterPipeline.SESSION_TIMEOUT.toSeconds() + 30.0);
    }

    /** The bridge's node is killed: it reconnects through HAProxy to the other node and resends what was not acked. */
    @Test
    @Order(2)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void brokerNodeKilledItsBridgeReconnectsThroughHaproxyToTheOtherNodeLosingNothing() throws Exception {
        Map<String, Double> before = connectionsByNode();
        List<ReadingReport> sent = new CopyOnWriteArrayList<>();
        double recovery;
        String victim;
        try (SerialRig rig = SerialRig.open(cluster, dir, "bridge-" + BROKER_KILL, BROKER_KILL, cluster.mqttPort());
                SerialPatchRunner patch = new SerialPatchRunner(
                        scenario(STEADY, BROKER_KILL),
                        rig.pty().patchSide(),
                        Clock.systemUTC(),
                        collector(sent),
                        null)) {
            patch.start();
            victim = await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .alias("the bridge is connected to a node")
                    .until(() -> nodeGained(before), node -> node != null);
            holdFor(Duration.ofSeconds(5));
            cluster.process(victim).kill9();
            Instant killed = Instant.now();
            recovery = meter.awaitStoredSince(BROKER_KILL, sent, killed);
            patch.done().get(120, TimeUnit.SECONDS);
        }
        String survivor = ClusterPipeline.NODES.stream()
                .filter(n -> !n.equals(victim))
                .findFirst()
                .orElseThrow();
        CaseResult result = meter.measure(
                "kill -9 broker node",
                BROKER_KILL,
                sent,
                recovery,
                "the bridge was on %s (killed); connections on %s now %.0f (were %.0f)"
                        .formatted(victim, survivor, connections(survivor), before.get(survivor)));
        assertNothingLost(result);
    }

    /** Kafka is stopped and started again under a publishing patch: PUBACKs wait or are refused 0x97 and resent. */
    @Test
    @Order(3)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void kafkaRestartedUnderAPublishingPatchLosesNothing() throws Exception {
        List<ReadingReport> sent = new CopyOnWriteArrayList<>();
        double recovery;
        double down;
        try (SerialRig rig =
                        SerialRig.open(cluster, dir, "bridge-" + KAFKA_RESTART, KAFKA_RESTART, cluster.mqttPort());
                SerialPatchRunner patch = new SerialPatchRunner(
                        scenario(STEADY, KAFKA_RESTART),
                        rig.pty().patchSide(),
                        Clock.systemUTC(),
                        collector(sent),
                        null)) {
            patch.start();
            holdFor(Duration.ofSeconds(6));
            Instant stopped = Instant.now();
            cluster.kafka().restart();
            Instant back = Instant.now();
            down = Duration.between(stopped, back).toMillis() / 1000.0;
            recovery = meter.awaitStoredSince(KAFKA_RESTART, sent, back);
            patch.done().get(120, TimeUnit.SECONDS);
        }
        CaseResult result = meter.measure(
                "Kafka restarted",
                KAFKA_RESTART,
                sent,
                recovery,
                "Kafka stopped (SIGTERM) and listening again after %.1f s".formatted(down));
        assertNothingLost(result);
    }

    @Test
    @Order(100)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noCaseRaisedAnAlertTwice() throws IOException {
        List<CaseResult> withAlerts = new ArrayList<>();
        for (CaseResult r : meter.results()) {
            String patient = PipelineFiles.patientOf(r.deviceId());
            withAlerts.add(r.withAlerts(alerts.raised(patient).size(), alerts.kinds(patient), alerts.doubles(patient)));
        }
        meter.results().clear();
        meter.results().addAll(withAlerts);
        writeTable();
        for (CaseResult r : withAlerts) {
            assertThat(r.doubleAlerts())
                    .as(
                            "alerts raised twice in case '%s':%n%s",
                            r.name(), alerts.describe(PipelineFiles.patientOf(r.deviceId())))
                    .isZero();
        }
    }

    /**
     * The patient's alerts over the kill: one episode raised (by the worker that died) and cleared by the
     * survivor, which resumed it from the changelog instead of raising it again; every alert published once.
     */
    private static void assertEpisodeMovedWithItsPartition(String patient) {
        List<Alert> all = alerts.of(patient);
        Map<String, Long> raisedPerEpisode = all.stream()
                .filter(a -> a.getTransition() == AlertTransition.ALERT_TRANSITION_RAISED)
                .collect(Collectors.groupingBy(Alert::getEpisodeId, TreeMap::new, Collectors.counting()));
        Set<String> clearedEpisodes = all.stream()
                .filter(a -> a.getTransition() == AlertTransition.ALERT_TRANSITION_CLEARED)
                .map(Alert::getEpisodeId)
                .collect(Collectors.toSet());
        assertThat(all.stream().map(Alert::getAlertId).distinct().count())
                .as("every alert of %s published once", patient)
                .isEqualTo(all.size());
        assertThat(raisedPerEpisode).as("one fever episode, raised once").hasSize(1);
        assertThat(raisedPerEpisode.values()).containsOnly(1L);
        assertThat(clearedEpisodes)
                .as("the survivor closes the episode the dead worker opened")
                .isEqualTo(raisedPerEpisode.keySet());
    }

    private static FleetReport runFleet() {
        try {
            return new FleetRunner(FleetConfig.builder()
                            .broker("127.0.0.1", cluster.mqttPort())
                            .devices(FLEET)
                            .deviceIdPrefix("cfleet-")
                            .passwordTemplate(SECRET)
                            .mode(FleetMode.STEADY)
                            .readingsPerSecond(200)
                            .duration(Duration.ofSeconds(30))
                            .ackTimeout(Duration.ofSeconds(30))
                            .build())
                    .run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long storedFleetReadings() {
        return cluster.influx().count(DB, "SELECT count(seq) FROM body_temperature WHERE device_id =~ /^cfleet-/");
    }

    /** The node whose connection count rose since {@code before} (a bridge just connected to it), or null. */
    private static String nodeGained(Map<String, Double> before) {
        Map<String, Double> now = connectionsByNode();
        List<String> gained = ClusterPipeline.NODES.stream()
                .filter(n -> now.get(n) > before.get(n))
                .toList();
        return gained.size() == 1 ? gained.get(0) : null;
    }

    private static Map<String, Double> connectionsByNode() {
        Map<String, Double> byNode = new TreeMap<>();
        ClusterPipeline.NODES.forEach(n -> byNode.put(n, connections(n)));
        return byNode;
    }

    /** {@code calor_broker_connections} of a node, from its /metrics; -1 when the node does not answer. */
    private static double connections(String node) {
        try {
            HttpResponse<String> metrics = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + cluster.brokerMetricsPort(node) + "/metrics"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return metrics.body()
                    .lines()
                    .filter(l -> l.startsWith("calor_broker_connections "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
                    .findFirst()
                    .orElse(-1);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertNothingLost(CaseResult result) {
        assertThat(result.sent())
                .as("readings the patch took in case '%s'", result.name())
                .isGreaterThanOrEqualTo(20);
        assertThat(result.lost())
                .as(
                        "readings lost in case '%s' (%s); component logs under target/pipeline-logs/cluster-fault",
                        result.name(), result.note())
                .isZero();
        assertThat(result.storedTwice())
                .as("readings stored more than once in InfluxDB in case '%s'", result.name())
                .isZero();
        assertThat(result.stored()).isEqualTo(result.sent());
    }

    private static void writeTable() throws IOException {
        String machine = ("Measured on %s, %d cores (load average %s), Java %s; two broker nodes behind HAProxy, two"
                        + " workers, Kafka and influxd, each its own process; each case on its own patch (one"
                        + " reading per second) through HAProxy.")
                .formatted(
                        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                        Runtime.getRuntime().availableProcessors(),
                        loadAverage(),
                        System.getProperty("java.version"));
        String table = FaultTable.markdown(
                "Calor cluster fault suite",
                "| case | sent | stored | lost | duplicates | alerts raised | raised twice | recovery s | notes |",
                meter.results(),
                machine,
                "sent: readings the simulated patch took; stored: distinct readings of that patch in InfluxDB (each"
                        + " exactly once); duplicates: readings handed to Kafka more than once (absorbed by idempotent"
                        + " writes); alerts: on the alert stream every broker node relays; recovery: fault until"
                        + " every reading taken before it is queryable.");
        System.out.println(table);
        Path target = Files.createDirectories(Path.of("target"));
        Files.writeString(target.resolve("cluster-fault.md"), table, StandardCharsets.UTF_8);
        tableWritten = true;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void keepLogs() throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        Path target = Files.createDirectories(Path.of("target", "pipeline-logs", "cluster-fault"));
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.copy(log, target.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
