package dev.calor.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertSeverity;
import dev.calor.proto.v1.AlertThresholds;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import dev.calor.proto.v1.DeviceAssignment;
import dev.calor.proto.v1.EpisodeAck;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.MqttChannel;
import dev.calor.proto.v1.Patient;
import dev.calor.proto.v1.QuietHours;
import dev.calor.proto.v1.WebhookChannel;
import dev.calor.worker.Worker;
import dev.calor.worker.testing.OffsetClock;
import dev.calor.worker.testing.TestDevice;
import dev.calor.worker.testing.TestWorkerConfig;
import dev.calor.worker.testing.WebhookReceiver;
import dev.calor.worker.testing.WorkerRig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escalation, acknowledgement and quiet hours on the real broker (with the Calor extension), a real
 * influxd and one worker whose clock the test moves forward over the escalation delays. P-1's circle:
 * cg-a (rank 1, in quiet hours now), cg-b (rank 2), cg-c (unranked); P-2's: cg-a and cg-d (both rank 1).
 */
@Timeout(120)
class EscalationIT {

    private static final Duration STEP = Duration.ofSeconds(30);
    private static final Duration ESCALATE_AFTER = Duration.ofMinutes(10);
    /** The shards of patch-1 and patch-2 (of 16): fewer connections to claim than "all". */
    private static final String SHARDS = "5,15";

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    @TempDir
    static Path dir;

    static WorkerRig rig;
    static WebhookReceiver webhooks;
    static OffsetClock clock = new OffsetClock();
    static Worker worker;

    @BeforeAll
    static void start() throws Exception {
        rig = WorkerRig.start(dir, EscalationIT::careCircle);
        webhooks = rig.webhooks();
        Path config = TestWorkerConfig.write(
                dir, "esc", rig.broker().mqttPort(), rig.influx().url(), "esc", rig.careCircle(), SHARDS, "");
        worker = Worker.start(TestWorkerConfig.load(config), clock, Duration.ofMillis(300));
    }

    @AfterAll
    static void stop() {
        try {
            if (worker != null) {
                worker.close();
            }
        } finally {
            if (rig != null) {
                rig.close();
            }
        }
    }

    @Test
    void anUnacknowledgedCriticalEpisodeEscalatesByRankThenToAllAndAnAckStopsItsReminders() throws Exception {
        Instant start = Instant.now().minus(Duration.ofMinutes(60));
        try (TestDevice patch = new TestDevice(rig.broker().mqttPort(), "patch-1", "device-pw")) {
            // core 37.0 for 15 min, then 39.6 (high fever) for 15 min: skin = core - 1.0
            publish(patch, start, 0, 30, 36.0);
            publish(patch, start, 30, 60, 38.6);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> has("/cg-a", "P-1", AlertTransition.ALERT_TRANSITION_REMINDER));
            Alert critical = alerts("/cg-a", "P-1").stream()
                    .filter(a -> a.getSeverity() == AlertSeverity.ALERT_SEVERITY_CRITICAL)
                    .findFirst()
                    .orElseThrow();
            assertThat(critical.getTransition())
                    .as("the critical raise reaches cg-a in spite of its quiet hours")
                    .isIn(AlertTransition.ALERT_TRANSITION_RAISED, AlertTransition.ALERT_TRANSITION_UPDATED);
            assertThat(critical.getRecipientCaregiverIdsList()).containsExactly("cg-a");
            assertThat(alerts("/cg-b", "P-1"))
                    .as("rank 2 waits for an escalation")
                    .isEmpty();
            assertThat(alerts("/cg-c", "P-1")).isEmpty();

            clock.advance(ESCALATE_AFTER);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> has("/cg-b", "P-1", AlertTransition.ALERT_TRANSITION_ESCALATED));
            Alert first = only("/cg-b", "P-1", AlertTransition.ALERT_TRANSITION_ESCALATED);
            assertThat(first.getEscalationLevel()).isEqualTo(1);
            assertThat(first.getRecipientCaregiverIdsList()).containsExactly("cg-a", "cg-b");
            assertThat(alerts("/cg-c", "P-1"))
                    .as("the unranked caregiver is last")
                    .isEmpty();

            clock.advance(ESCALATE_AFTER);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> has("/cg-c", "P-1", AlertTransition.ALERT_TRANSITION_ESCALATED));
            Alert last = only("/cg-c", "P-1", AlertTransition.ALERT_TRANSITION_ESCALATED);
            assertThat(last.getEscalationLevel()).isEqualTo(2);
            assertThat(last.getRecipientCaregiverIdsList()).containsExactly("cg-a", "cg-b", "cg-c");
            assertThat(alerts("/cg-a", "P-1"))
                    .filteredOn(a -> a.getTransition() == AlertTransition.ALERT_TRANSITION_ESCALATED)
                    .extracting(Alert::getEscalationLevel)
                    .containsExactly(1, 2);

            acknowledge("caregiver-b", "cg-b", critical.getEpisodeId());
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> has("/cg-c", "P-1", AlertTransition.ALERT_TRANSITION_ACKNOWLEDGED));
            Alert ack = only("/cg-a", "P-1", AlertTransition.ALERT_TRANSITION_ACKNOWLEDGED);
            assertThat(ack.getAcknowledgedBy()).isEqualTo("cg-b");
            assertThat(ack.getRecipientCaregiverIdsList()).containsExactly("cg-a", "cg-b", "cg-c");
            long remindersBefore = count("/cg-a", "P-1", AlertTransition.ALERT_TRANSITION_REMINDER);

            // 10 more minutes of high fever (10 reminder intervals), then 20 min back to normal
            publish(patch, start, 60, 80, 38.6);
            clock.advance(ESCALATE_AFTER);
            publish(patch, start, 80, 120, 36.0);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> has("/cg-c", "P-1", AlertTransition.ALERT_TRANSITION_CLEARED));
            assertThat(count("/cg-a", "P-1", AlertTransition.ALERT_TRANSITION_REMINDER))
                    .as("no reminder after the acknowledgement")
                    .isEqualTo(remindersBefore);
            assertThat(count("/cg-a", "P-1", AlertTransition.ALERT_TRANSITION_ESCALATED))
                    .as("an acknowledged episode escalates no further")
                    .isEqualTo(2);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                List<Map<String, Object>> rows = rig.influx()
                        .rows(
                                "esc",
                                "SELECT episode_id, escalation_level, acknowledged_by, recipients, transition"
                                        + " FROM rollup_2y.alerts WHERE patient_id = 'P-1'"
                                        + " AND (transition = 'ESCALATED' OR transition = 'ACKNOWLEDGED')");
                assertThat(rows)
                        .extracting(r -> r.get("transition") + " " + r.get("escalation_level") + " "
                                + r.get("acknowledged_by") + " " + r.get("recipients"))
                        .containsExactlyInAnyOrder(
                                "ESCALATED 1 null cg-a,cg-b",
                                "ESCALATED 2 null cg-a,cg-b,cg-c",
                                "ACKNOWLEDGED null cg-b cg-a,cg-b,cg-c");
                assertThat(rows).allSatisfy(r -> assertThat(r.get("episode_id")).isEqualTo(critical.getEpisodeId()));
            });
        }
    }

    @Test
    void quietHoursHoldBackANonCriticalReminderButNeverTheRaise() throws Exception {
        Instant start = Instant.now().minus(Duration.ofMinutes(50));
        try (TestDevice patch = new TestDevice(rig.broker().mqttPort(), "patch-2", "device-pw")) {
            // core 37.0 for 15 min, a fever of 38.4 for 20 min, back to 37.0 for 15 min
            publish(patch, start, 0, 30, 36.0);
            publish(patch, start, 30, 70, 37.4);
            publish(patch, start, 70, 100, 36.0);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> has("/cg-d", "P-2", AlertTransition.ALERT_TRANSITION_CLEARED));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> has("/cg-a", "P-2", AlertTransition.ALERT_TRANSITION_CLEARED));

            List<Alert> awake = alerts("/cg-d", "P-2");
            List<Alert> quiet = alerts("/cg-a", "P-2");
            assertThat(awake)
                    .filteredOn(a -> a.getTransition() == AlertTransition.ALERT_TRANSITION_REMINDER)
                    .as("the awake caregiver is reminded")
                    .isNotEmpty()
                    .allSatisfy(
                            a -> assertThat(a.getRecipientCaregiverIdsList()).containsExactly("cg-d"));
            assertThat(quiet)
                    .extracting(Alert::getTransition)
                    .as("the caregiver in quiet hours gets the raise and the clear, not the reminders")
                    .contains(AlertTransition.ALERT_TRANSITION_RAISED, AlertTransition.ALERT_TRANSITION_CLEARED)
                    .doesNotContain(AlertTransition.ALERT_TRANSITION_REMINDER);
            assertThat(quiet.get(0).getRecipientCaregiverIdsList()).containsExactlyInAnyOrder("cg-a", "cg-d");
        }
    }

    /** Readings [from, to) of a series one every {@link #STEP} from {@code start}, at {@code skin} °C. */
    private static void publish(TestDevice patch, Instant start, int from, int to, double skin) {
        Instant[] times = new Instant[to - from];
        double[] values = new double[to - from];
        for (int i = from; i < to; i++) {
            times[i - from] = start.plus(STEP.multipliedBy(i));
            values[i - from] = skin;
        }
        patch.publish(times, values);
    }

    private static void acknowledge(String username, String caregiverId, String episodeId) {
        Mqtt5BlockingClient c = Mqtt5Client.builder()
                .identifier(username + "/app")
                .serverHost("127.0.0.1")
                .serverPort(rig.broker().mqttPort())
                .simpleAuth()
                .username(username)
                .password("caregiver-pw".getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .buildBlocking();
        c.connect();
        try {
            Mqtt5PublishResult r = c.publishWith()
                    .topic(Topics.alertAck("P-1"))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(EpisodeAck.newBuilder()
                            .setSchemaVersion(SchemaVersions.CURRENT)
                            .setPatientId("P-1")
                            .setEpisodeId(episodeId)
                            .setCaregiverId(caregiverId)
                            .build()
                            .toByteArray())
                    .send();
            assertThat(r.getError()).isEmpty();
        } finally {
            c.disconnect();
        }
    }

    /** The distinct alerts about one patient a caregiver's webhook received, in order. */
    private static List<Alert> alerts(String path, String patient) {
        return webhooks.received(path).stream()
                .map(r -> parse(r.body()))
                .filter(a -> a.getPatientId().equals(patient))
                .distinct()
                .toList();
    }

    private static boolean has(String path, String patient, AlertTransition t) {
        return count(path, patient, t) > 0;
    }

    private static long count(String path, String patient, AlertTransition t) {
        return alerts(path, patient).stream()
                .filter(a -> a.getTransition() == t)
                .count();
    }

    private static Alert only(String path, String patient, AlertTransition t) {
        List<Alert> matching = alerts(path, patient).stream()
                .filter(a -> a.getTransition() == t)
                .toList();
        assertThat(matching).as("%s at %s", t, path).hasSize(1);
        return matching.get(0);
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

    /** Quiet hours from three hours ago to three hours ahead (UTC), so cg-a is in them for the whole test. */
    private static CareCircleRegistry careCircle(String webhookBase) {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        QuietHours quiet = QuietHours.newBuilder()
                .setStart(now.minusHours(3).format(HH_MM))
                .setEnd(now.plusHours(3).format(HH_MM))
                .build();
        AlertThresholds thresholds = AlertThresholds.newBuilder()
                .setEscalateAfter(com.google.protobuf.Duration.newBuilder().setSeconds(ESCALATE_AFTER.toSeconds()))
                .setReminderInterval(com.google.protobuf.Duration.newBuilder().setSeconds(60))
                .setNoDataAfter(com.google.protobuf.Duration.newBuilder().setSeconds(86_400))
                .build();
        CareCircleRegistry.Builder r = CareCircleRegistry.newBuilder().setSchemaVersion(1);
        for (String p : List.of("P-1", "P-2")) {
            r.addPatients(Patient.newBuilder().setPatientId(p).setThresholds(thresholds));
            r.addAssignments(DeviceAssignment.newBuilder()
                    .setDeviceId("patch-" + p.substring(2))
                    .setPatientId(p)
                    .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                    .setValidFrom(Timestamp.newBuilder().setSeconds(1_767_225_600L)));
        }
        // cg-a watches both patients
        r.addCaregivers(caregiver("cg-a", 1, webhookBase + "/cg-a", "P-1")
                .setQuietHours(quiet)
                .addPatientIds("P-2"));
        r.addCaregivers(caregiver("cg-b", 2, webhookBase + "/cg-b", "P-1"));
        r.addCaregivers(caregiver("cg-c", 0, webhookBase + "/cg-c", "P-1"));
        r.addCaregivers(caregiver("cg-d", 1, webhookBase + "/cg-d", "P-2"));
        return r.build();
    }

    private static Caregiver.Builder caregiver(String id, int rank, String webhook, String patient) {
        return Caregiver.newBuilder()
                .setCaregiverId(id)
                .addPatientIds(patient)
                .setEscalationRank(rank)
                .addChannels(Channel.newBuilder()
                        .setMqtt(MqttChannel.newBuilder().setUsername("caregiver-" + id.substring(3))))
                .addChannels(Channel.newBuilder()
                        .setWebhook(WebhookChannel.newBuilder().setUrl(webhook).setSigningSecret("secret-" + id)));
    }
}
