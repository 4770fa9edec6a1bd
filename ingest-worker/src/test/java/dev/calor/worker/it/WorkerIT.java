package dev.calor.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.testsupport.InfluxServer;
import dev.calor.worker.Worker;
import dev.calor.worker.config.WorkerConfig;
import dev.calor.worker.consume.ShardTakenException;
import dev.calor.worker.delivery.WebhookSender;
import dev.calor.worker.testing.MosquittoSub;
import dev.calor.worker.testing.TestDevice;
import dev.calor.worker.testing.TestWorkerConfig;
import dev.calor.worker.testing.WebhookReceiver;
import dev.calor.worker.testing.WorkerRig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The worker against the real embedded broker with the Calor extension and a real influxd. */
@Timeout(60)
class WorkerIT {

    @TempDir
    static Path dir;

    static WorkerRig rig;
    static InfluxServer influx;
    static CalorBroker broker;
    static WebhookReceiver webhooks;
    static Path careCircle;

    @BeforeAll
    static void start() throws Exception {
        rig = WorkerRig.start(dir, 20);
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
    void feverEpisodeRaisesOnceAndClearsOnceForItsCaregiversOnlyOverMqttAndWebhook() throws Exception {
        WorkerConfig cfg = TestWorkerConfig.load(
                TestWorkerConfig.write(dir, "fever", broker.mqttPort(), influx.url(), "fever", careCircle, "all", ""));
        try (MosquittoSub mum = MosquittoSub.start(
                        broker.mqttPort(), "caregiver-1", "caregiver-pw", Topics.alerts("P-1"), dir);
                MosquittoSub other = MosquittoSub.start(
                        broker.mqttPort(), "caregiver-2", "caregiver-pw", Topics.alerts("P-2"), dir);
                Worker worker = Worker.start(cfg, Clock.systemUTC(), Duration.ofMillis(300));
                TestDevice patch = new TestDevice(broker.mqttPort(), "patch-1", "device-pw")) {
            awaitSubscribed(mum, "P-1");
            awaitSubscribed(other, "P-2");

            webhooks.failNext.set(1);
            // core = skin + 1.0: 37.5 for 10 min, 37.9 for 5, 38.3 for 20 (fever from minute 15), 37.6 for 25
            Instant start = Instant.now().minus(Duration.ofMinutes(60));
            for (int batch = 0; batch < 6; batch++) {
                Instant[] times = new Instant[10];
                double[] skin = new double[10];
                for (int i = 0; i < 10; i++) {
                    int minute = batch * 10 + i;
                    times[i] = start.plus(Duration.ofMinutes(minute));
                    skin[i] = minute < 10 ? 36.5 : minute < 15 ? 36.9 : minute < 35 ? 37.3 : 36.6;
                }
                patch.publish(times, skin);
            }

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> mum.messages().size() >= 2
                            && webhooks.received("/cg-1").size() >= 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);

            List<Alert> viaMqtt = alerts(mum);
            assertThat(viaMqtt)
                    .extracting(Alert::getKind, Alert::getTransition)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    AlertKind.ALERT_KIND_FEVER, AlertTransition.ALERT_TRANSITION_RAISED),
                            org.assertj.core.groups.Tuple.tuple(
                                    AlertKind.ALERT_KIND_FEVER, AlertTransition.ALERT_TRANSITION_CLEARED));
            assertThat(viaMqtt.get(0).getValueCelsius()).isEqualTo(38.3, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(viaMqtt.get(0).getEpisodeStartUnixNs())
                    .isEqualTo(TestDevice.nanos(start.plus(Duration.ofMinutes(19))));
            assertThat(viaMqtt.get(0).getMessage())
                    .startsWith("Fever 38.3 °C (core est.) since ")
                    .endsWith("patch patch-1");
            assertThat(viaMqtt).noneMatch(Alert::getLate);

            List<WebhookReceiver.Received> hooks = webhooks.received("/cg-1");
            assertThat(hooks).hasSize(2);
            assertThat(hooks)
                    .extracting(WebhookReceiver.Received::idempotencyKey)
                    .containsExactly(
                            viaMqtt.get(0).getAlertId() + "/cg-1/1",
                            viaMqtt.get(1).getAlertId() + "/cg-1/1");
            assertThat(hooks).allSatisfy(h -> {
                assertThat(Long.parseLong(h.timestamp()))
                        .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
                assertThat(h.signature())
                        .isEqualTo("sha256=" + WebhookSender.hmac("secret-1", h.timestamp() + "." + h.body()));
            });
            assertThat(hooks.get(0).body()).contains("\"transition\":\"ALERT_TRANSITION_RAISED\"");

            assertThat(alerts(other)).isEmpty();
            assertThat(webhooks.received("/cg-2")).isEmpty();
            assertThat(influx.count("fever", "SELECT count(celsius) FROM body_temperature WHERE device_id='patch-1'"))
                    .isEqualTo(60);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(influx.count(
                            "fever", "SELECT count(alert_id) FROM rollup_2y.alerts WHERE patient_id='P-1'"))
                    .isEqualTo(2));
            assertThat(worker.metrics().alerts.labelValues("FEVER", "RAISED").get())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void overlappingShardOwnershipIsRefusedAtStartAndTheOwnerKeepsItsShards() throws Exception {
        int shardOfPatch3 = Topics.shardOf("patch-3", 16);
        String owned = shardOfPatch3 + "," + ((shardOfPatch3 + 1) % 16);
        WorkerConfig a = TestWorkerConfig.load(TestWorkerConfig.write(
                dir, "owner", broker.mqttPort(), influx.url(), "overlap", careCircle, owned, ""));
        WorkerConfig b = TestWorkerConfig.load(TestWorkerConfig.write(
                dir,
                "intruder",
                broker.mqttPort(),
                influx.url(),
                "overlap",
                careCircle,
                String.valueOf(shardOfPatch3),
                ""));
        try (Worker owner = Worker.start(a, Clock.systemUTC(), Duration.ofMillis(300))) {
            assertThatThrownBy(() -> Worker.start(b, Clock.systemUTC(), Duration.ofSeconds(2)))
                    .isInstanceOf(ShardTakenException.class)
                    .hasMessageContaining("shard " + shardOfPatch3 + " is owned by another worker");
            try (TestDevice patch = new TestDevice(broker.mqttPort(), "patch-3", "device-pw")) {
                Instant t = Instant.now().minusSeconds(30);
                patch.publish(new Instant[] {t, t.plusSeconds(10)}, new double[] {36.4, 36.5});
            }
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> influx.count(
                                    "overlap", "SELECT count(celsius) FROM body_temperature WHERE device_id='patch-3'")
                            == 2);
            assertThat(owner.health().shardsConnected.get()).isEqualTo(2);
            assertThat(new TreeSet<>(owner.config().shards())).hasSize(2);
        }
    }

    /**
     * Publishes a probe alert (as the worker identity) until the caregiver's mosquitto_sub prints it, so
     * the subscription is known to be in place (alerts are never retained: the broker refuses that).
     */
    private static void awaitSubscribed(MosquittoSub sub, String patientId) {
        var probe = Mqtt5Client.builder()
                .identifier("worker-1/probe-" + patientId)
                .serverHost("127.0.0.1")
                .serverPort(broker.mqttPort())
                .simpleAuth()
                .username("worker-1")
                .password("worker-pw".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .applySimpleAuth()
                .buildBlocking();
        probe.connect();
        try {
            byte[] payload = Alert.newBuilder()
                    .setAlertId("probe")
                    .setPatientId(patientId)
                    .build()
                    .toByteArray();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        probe.publishWith()
                                .topic(Topics.alerts(patientId))
                                .qos(MqttQos.AT_LEAST_ONCE)
                                .payload(payload)
                                .send();
                        return !sub.messages().isEmpty();
                    });
        } finally {
            probe.disconnect();
        }
    }

    private static List<Alert> alerts(MosquittoSub sub) {
        return sub.messages().stream()
                .map(WorkerIT::parse)
                .filter(a -> !a.getAlertId().equals("probe"))
                .toList();
    }

    private static Alert parse(byte[] b) {
        try {
            return Alert.parseFrom(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
