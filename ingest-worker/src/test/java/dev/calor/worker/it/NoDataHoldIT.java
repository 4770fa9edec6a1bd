package dev.calor.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.worker.Worker;
import dev.calor.worker.config.WorkerConfig;
import dev.calor.worker.testing.OffsetClock;
import dev.calor.worker.testing.TestDevice;
import dev.calor.worker.testing.TestWorkerConfig;
import dev.calor.worker.testing.WorkerRig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * NO_DATA on the real broker (with the Calor extension), a real influxd and a worker that is stopped,
 * left down longer than {@code noDataAfter} (15 min, jumped over with the worker's clock) and restarted
 * on the same state file. P-1's bridge delivers a backlog after the outage, P-2's patch is truly silent,
 * P-3's bridge reports readings pending ({@code buffer_depth} > 0) on its retained status.
 */
@Timeout(120)
class NoDataHoldIT {

    private static final Duration NO_DATA_AFTER = Duration.ofMinutes(15);
    /** The shards of patch-1, patch-3 and patch-2 (of 16). */
    private static final String SHARDS = "5,9,15";

    @TempDir
    static Path dir;

    static WorkerRig rig;
    static OffsetClock clock = new OffsetClock();

    @BeforeAll
    static void start() throws Exception {
        rig = WorkerRig.start(dir, 3);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void afterAnOutageABacklogRaisesNoNoDataAPendingBridgeHoldsItAndASilentPatchGetsIt() throws Exception {
        WorkerConfig cfg = TestWorkerConfig.load(TestWorkerConfig.write(
                dir, "nodata", rig.broker().mqttPort(), rig.influx().url(), "nodata", rig.careCircle(), SHARDS, ""));
        Instant start = Instant.now().minus(Duration.ofMinutes(60));
        int port = rig.broker().mqttPort();
        try (TestDevice p1 = new TestDevice(port, "patch-1", "device-pw");
                TestDevice p2 = new TestDevice(port, "patch-2", "device-pw");
                TestDevice p3 = new TestDevice(port, "patch-3", "device-pw")) {
            try (Worker before = Worker.start(cfg, clock, Duration.ofMillis(300))) {
                for (TestDevice d : List.of(p1, p2, p3)) {
                    publish(d, start, 0, 10, 36.0);
                }
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> rig.influx().count("nodata", "SELECT count(celsius) FROM body_temperature") == 30);
            }

            // the outage: the worker is down for 20 min (worker time), longer than noDataAfter; meanwhile
            // P-1's bridge delivers 50 readings, a fever among them; P-3's bridge says it holds 240 readings
            publish(p1, start, 10, 30, 36.0);
            publish(p1, start, 30, 60, 37.4);
            p3.publishStatus(240);
            clock.advance(Duration.ofMinutes(20));

            try (Worker after = Worker.start(cfg, clock, Duration.ofMillis(300))) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> raised("/cg-1", AlertKind.ALERT_KIND_RAPID_RISE)
                                || raised("/cg-1", AlertKind.ALERT_KIND_FEVER));
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> true);
                for (String cg : List.of("/cg-1", "/cg-2", "/cg-3")) {
                    assertThat(noData(cg))
                            .as("%s: silence counts from the restart, a backlog never raises NO_DATA", cg)
                            .isEmpty();
                }

                // silence is held (and counts afresh) until the alert consumers have settled after the restart:
                // the clock may only jump once they have, or the jump is swallowed by the hold
                await().atMost(Duration.ofSeconds(30)).until(after::alertStreamSettled);
                Instant jumped = clock.instant().plus(NO_DATA_AFTER.plusMinutes(1));
                clock.advance(NO_DATA_AFTER.plusMinutes(1));
                await().atMost(Duration.ofSeconds(15)).until(() -> raised("/cg-2", AlertKind.ALERT_KIND_NO_DATA));
                await().atMost(Duration.ofSeconds(15)).until(() -> raised("/cg-1", AlertKind.ALERT_KIND_NO_DATA));
                assertThat(Instant.ofEpochSecond(0, noData("/cg-1").get(0).getEventTimeUnixNs()))
                        .as("P-1's NO_DATA comes from the silence after its backlog, not from the backlog")
                        .isAfterOrEqualTo(jumped.minusSeconds(5));
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> true);
                assertThat(noData("/cg-3"))
                        .as("P-3's bridge reports readings pending: its silence is explained")
                        .isEmpty();

                // the bridge has delivered everything it held, yet no reading comes: now it is silence
                p3.publishStatus(0);
                await().during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> true);
                clock.advance(NO_DATA_AFTER.plusMinutes(1));
                await().atMost(Duration.ofSeconds(15)).until(() -> raised("/cg-3", AlertKind.ALERT_KIND_NO_DATA));

                // a reading clears P-2's NO_DATA: one raise, one clear, seconds apart at the least
                publish(p2, Instant.now().minusSeconds(5), 0, 1, 36.0);
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> noData("/cg-2").size() == 2);
                List<Alert> p2NoData = noData("/cg-2");
                assertThat(p2NoData)
                        .extracting(Alert::getTransition)
                        .containsExactly(
                                AlertTransition.ALERT_TRANSITION_RAISED, AlertTransition.ALERT_TRANSITION_CLEARED);
                assertThat(p2NoData.get(1).getEmittedTimeUnixNs()
                                - p2NoData.get(0).getEmittedTimeUnixNs())
                        .isGreaterThan(Duration.ofSeconds(1).toNanos());
            }
        }
    }

    /** Readings [from, to), one a minute from {@code start}, at {@code skin} °C (core estimate + 1.0). */
    private static void publish(TestDevice d, Instant start, int from, int to, double skin) {
        Instant[] times = new Instant[to - from];
        double[] values = new double[to - from];
        for (int i = from; i < to; i++) {
            times[i - from] = start.plus(Duration.ofMinutes(i));
            values[i - from] = skin;
        }
        d.publish(times, values);
    }

    private static boolean raised(String path, AlertKind kind) {
        return alerts(path).stream()
                .anyMatch(a -> a.getKind() == kind && a.getTransition() == AlertTransition.ALERT_TRANSITION_RAISED);
    }

    private static List<Alert> noData(String path) {
        return alerts(path).stream()
                .filter(a -> a.getKind() == AlertKind.ALERT_KIND_NO_DATA)
                .toList();
    }

    private static List<Alert> alerts(String path) {
        return rig.webhooks().received(path).stream()
                .map(r -> parse(r.body()))
                .distinct()
                .toList();
    }

    private static Alert parse(String json) {
        try {
            Alert.Builder b = Alert.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(json, b);
            return b.build();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("webhook body is not an Alert: " + json, e);
        }
    }
}
