package dev.calor.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.broker.embedded.CalorBroker;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.testsupport.InfluxServer;
import dev.calor.testsupport.JavaProcess;
import dev.calor.worker.alert.AlertEngine;
import dev.calor.worker.alert.Evaluation;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.alert.PatientProfile;
import dev.calor.worker.alert.ReadingInput;
import dev.calor.worker.carecircle.SiteCorrections;
import dev.calor.worker.testing.TestDevice;
import dev.calor.worker.testing.TestWorkerConfig;
import dev.calor.worker.testing.WebhookReceiver;
import dev.calor.worker.testing.WorkerRig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the worker process (a child JVM running WorkerMain) under load, then a restart: every
 * reading is in InfluxDB exactly once per series and the fever alert is raised once and cleared once.
 */
@Timeout(180)
class WorkerCrashIT {

    private static final int DEVICES = 10;
    private static final int BATCHES = 20;
    private static final int PER_BATCH = 50;
    private static final Duration STEP = Duration.ofSeconds(6);

    @TempDir
    static Path dir;

    static WorkerRig rig;
    static InfluxServer influx;
    static CalorBroker broker;
    static WebhookReceiver webhooks;
    static Path careCircle;

    @BeforeAll
    static void start() throws Exception {
        rig = WorkerRig.start(dir, DEVICES);
        influx = rig.influx();
        broker = rig.broker();
        webhooks = rig.webhooks();
        careCircle = rig.careCircle();
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void killNineUnderLoadThenRestartLosesNothingDuplicatesNothingAndFiresNoAlertTwice() throws Exception {
        Path config =
                TestWorkerConfig.write(dir, "crash", broker.mqttPort(), influx.url(), "crash", careCircle, "all", "");
        Instant start = Instant.now().minus(STEP.multipliedBy((long) BATCHES * PER_BATCH + 60));
        List<TestDevice> devices = new ArrayList<>();
        java.nio.file.Files.deleteIfExists(Path.of("target", "worker-crash-1.log"));
        java.nio.file.Files.deleteIfExists(Path.of("target", "worker-crash-2.log"));
        JavaProcess worker = JavaProcess.start(
                "dev.calor.worker.WorkerMain",
                List.of("--config", config.toString()),
                Map.of(),
                Path.of("target", "worker-crash-1.log"));
        try {
            JavaProcess first = worker;
            await().atMost(Duration.ofSeconds(60)).until(() -> first.log().contains("running: shards"));
            for (int i = 1; i <= DEVICES; i++) {
                devices.add(new TestDevice(broker.mqttPort(), "patch-" + i, "device-pw"));
            }
            publish(devices, start, 0, 10);
            JavaProcess running = worker;
            try {
                await().atMost(Duration.ofSeconds(40)).until(() -> raised("/cg-1") == 1);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(
                        "no fever raised; readings in InfluxDB: "
                                + influx.count("crash", "SELECT count(celsius) FROM body_temperature")
                                + "; worker log:\n"
                                + running.log(),
                        e);
            }

            publish(devices, start, 10, 13);
            worker.kill9();
            assertThat(worker.isAlive()).isFalse();
            // a webhook sent just before the kill may not have been marked delivered: the outbox sends it again
            // after the restart with the same Idempotency-Key (at least once; receivers drop repeated keys)
            java.util.Set<String> sentBeforeKill = webhooks.received("/cg-1").stream()
                    .map(WebhookReceiver.Received::idempotencyKey)
                    .collect(java.util.stream.Collectors.toSet());
            long beforeRestart = influx.count("crash", "SELECT count(celsius) FROM body_temperature");
            publish(devices, start, 13, BATCHES);

            worker = JavaProcess.start(
                    "dev.calor.worker.WorkerMain",
                    List.of("--config", config.toString()),
                    Map.of(),
                    Path.of("target", "worker-crash-2.log"));
            long total = (long) DEVICES * BATCHES * PER_BATCH;
            await().atMost(Duration.ofSeconds(40))
                    .until(() -> influx.count("crash", "SELECT count(celsius) FROM body_temperature") == total);
            await().atMost(Duration.ofSeconds(20)).until(() -> cleared("/cg-1") == 1);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> true);

            assertThat(beforeRestart).isLessThan(total);
            List<Map<String, Object>> perSeries = influx.rows(
                    "crash", "SELECT count(celsius) FROM body_temperature GROUP BY device_id, patient_id, site");
            assertThat(perSeries).hasSize(DEVICES).allSatisfy(r -> assertThat(((Number) r.get("count")).longValue())
                    .isEqualTo((long) BATCHES * PER_BATCH));
            assertThat(raised("/cg-1")).isEqualTo(1);
            assertThat(cleared("/cg-1")).isEqualTo(1);
            List<String> keys = webhooks.received("/cg-1").stream()
                    .map(WebhookReceiver.Received::idempotencyKey)
                    .toList();
            java.util.List<String> repeated = new java.util.ArrayList<>(keys);
            keys.stream().distinct().forEach(repeated::remove);
            assertThat(repeated)
                    .as("only a delivery sent before the kill is sent again, under the same key")
                    .allMatch(sentBeforeKill::contains);
            // no rule progress lost: the episode raises and clears at exactly the readings an uninterrupted
            // engine run over the same series raises and clears at
            assertThat(eventTimes("/cg-1")).isEqualTo(referenceRun(start));
            for (int i = 2; i <= DEVICES; i++) {
                assertThat(webhooks.received("/cg-" + i))
                        .as("caregiver of a patient without fever")
                        .isEmpty();
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                            influx.count("crash", "SELECT count(alert_id) FROM rollup_2y.alerts"))
                    .as("one alerts point per alert, however often its webhook was sent")
                    .isEqualTo(keys.stream().distinct().count()));
        } finally {
            devices.forEach(TestDevice::close);
            worker.close();
        }
    }

    /** Batches [from, to) of every device; P-1's core estimate has a fever from minute 20 to 50. */
    private static void publish(List<TestDevice> devices, Instant start, int from, int to) {
        for (int b = from; b < to; b++) {
            for (int d = 0; d < devices.size(); d++) {
                Instant[] times = new Instant[PER_BATCH];
                double[] skin = new double[PER_BATCH];
                for (int i = 0; i < PER_BATCH; i++) {
                    int n = b * PER_BATCH + i;
                    times[i] = start.plus(STEP.multipliedBy(n));
                    skin[i] = skinOf(d, n);
                }
                devices.get(d).publish(times, skin);
            }
        }
    }

    /** Event time of the RAISED and CLEARED transitions received, by transition. */
    private static Map<String, Long> eventTimes(String path) {
        return webhooks.received(path).stream()
                .filter(r -> r.body().contains("RAISED\"") || r.body().contains("CLEARED\""))
                .collect(Collectors.toMap(
                        r -> r.body().replaceAll(".*\"transition\":\"([A-Z_]+)\".*", "$1"),
                        r -> Long.parseLong(r.body().replaceAll(".*\"eventTimeUnixNs\":\"([0-9]+)\".*", "$1")),
                        (a, b) -> a));
    }

    /** The same for P-1's series fed straight through the engine, without a crash. */
    private static Map<String, Long> referenceRun(Instant start) {
        AlertEngine engine = new AlertEngine(java.time.Clock.systemUTC(), Duration.ofHours(3));
        PatientProfile profile = PatientProfile.withDefaults("P-1");
        PatientAlertState state = PatientAlertState.initial("P-1");
        Map<String, Long> times = new java.util.HashMap<>();
        SiteCorrections site = SiteCorrections.defaults();
        for (int n = 0; n < BATCHES * PER_BATCH; n++) {
            long ns = TestDevice.nanos(start.plus(STEP.multipliedBy(n)));
            double skin = skinOf(0, n);
            double core = site.coreEquivalent(skin, MeasurementSite.MEASUREMENT_SITE_SKIN);
            Evaluation e = engine.onReading(
                    state,
                    profile,
                    new ReadingInput("patch-1", ns, skin, core, 0, MeasurementSite.MEASUREMENT_SITE_SKIN));
            state = e.state();
            e.alerts().stream()
                    .filter(a -> a.getTransition() == AlertTransition.ALERT_TRANSITION_RAISED
                            || a.getTransition() == AlertTransition.ALERT_TRANSITION_CLEARED)
                    .forEach(a -> times.put(a.getTransition().name(), a.getEventTimeUnixNs()));
        }
        return times;
    }

    private static double skinOf(int device, int n) {
        double minute = n * STEP.toSeconds() / 60.0;
        double core = device == 0 && minute >= 20 && minute < 50 ? 38.4 : device == 0 && minute < 20 ? 37.5 : 37.2;
        return Math.round((core - 1.0) * 100.0) / 100.0;
    }

    private static long raised(String path) {
        return transitions(path).getOrDefault("ALERT_TRANSITION_RAISED", 0L);
    }

    private static long cleared(String path) {
        return transitions(path).getOrDefault("ALERT_TRANSITION_CLEARED", 0L);
    }

    /** Distinct alert ids received per transition. */
    private static Map<String, Long> transitions(String path) {
        return webhooks.received(path).stream()
                .map(r -> r.body().replaceAll(".*\"transition\":\"([A-Z_]+)\".*", "$1") + " "
                        + r.body().replaceAll(".*\"alertId\":\"([^\"]+)\".*", "$1"))
                .distinct()
                .collect(Collectors.groupingBy(s -> s.split(" ")[0], Collectors.counting()));
    }
}
