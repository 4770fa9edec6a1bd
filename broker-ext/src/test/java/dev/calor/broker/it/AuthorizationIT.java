package dev.calor.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.broker.testing.Mosquitto;
import dev.calor.broker.testing.Mqtt;
import dev.calor.broker.testing.TestBatches;
import dev.calor.proto.CareCircleFiles;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import dev.calor.proto.v1.MqttChannel;
import dev.calor.proto.v1.Patient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Who may publish and subscribe where, with real clients against the embedded broker. */
@Timeout(60)
class AuthorizationIT {

    @TempDir
    static Path dir;

    static Path careCircle;
    static CalorBroker broker;
    static int port;

    @BeforeAll
    static void startBroker() throws Exception {
        Path creds = CredentialsFile.builder()
                .device("patch-a", "a-pw")
                .device("patch-b", "b-pw")
                .worker("worker-1", "worker-pw")
                .caregiver("caregiver-mum", "mum-pw")
                .caregiver("caregiver-jo", "jo-pw")
                .caregiver("caregiver-nurse", "nurse-pw")
                .operator("ops", "ops-pw")
                .write(dir.resolve("credentials.yaml"));
        careCircle = dir.resolve("care-circle.json");
        writeCareCircle("P2");
        ExtensionConfig ext = ExtensionConfig.builder(creds)
                .careCircleFile(careCircle)
                .reloadInterval(Duration.ofMillis(200))
                .build();
        broker = CalorBroker.start(BrokerConfig.builder(dir.resolve("broker"), creds)
                .extension(ext)
                .build());
        port = broker.mqttPort();
    }

    static volatile String nurseCaresFor = "P3";
    static volatile String joPatient = "P2";

    /** caregiver-mum cares for P1; caregiver-jo for {@code jo}; caregiver-nurse for {@link #nurseCaresFor}. */
    private static synchronized void writeCareCircle(String jo) throws Exception {
        joPatient = jo;
        CareCircleRegistry registry = CareCircleRegistry.newBuilder()
                .setSchemaVersion(1)
                .addPatients(Patient.newBuilder().setPatientId("P1"))
                .addPatients(Patient.newBuilder().setPatientId("P2"))
                .addCaregivers(caregiver("mum", "caregiver-mum", "P1"))
                .addCaregivers(caregiver("jo", "caregiver-jo", jo))
                .addCaregivers(caregiver("nurse", "caregiver-nurse", nurseCaresFor))
                .build();
        Path tmp = dir.resolve("care-circle.tmp");
        Files.writeString(tmp, CareCircleFiles.toJson(registry));
        Files.move(
                tmp,
                careCircle,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Caregiver caregiver(String id, String username, String patient) {
        return Caregiver.newBuilder()
                .setCaregiverId(id)
                .addPatientIds(patient)
                .addChannels(
                        Channel.newBuilder().setMqtt(MqttChannel.newBuilder().setUsername(username)))
                .build();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void deviceCannotPublishAsAnotherDevice() throws Exception {
        Mqtt5BlockingClient ops = Mqtt.connect(port, "ops", "ops-pw");
        Mqtt5BlockingClient a = Mqtt.connect(port, "patch-a", "a-pw");
        try (Mqtt5BlockingClient.Mqtt5Publishes dlq = ops.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(Mqtt.subscribe(ops, Topics.deadLetter("patch-a")))
                    .isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            byte[] forged =
                    TestBatches.valid("patch-b", Instant.now(), 1).build().toByteArray();

            Mqtt5PubAck ack = Mqtt.publish(a, Topics.readings("patch-b"), forged);

            assertThat(ack.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(ack.getReasonString().map(Object::toString))
                    .hasValueSatisfying(s -> assertThat(s).contains("patch-a").contains("may not publish"));
            Optional<Mqtt5Publish> copy = dlq.receive(10, TimeUnit.SECONDS);
            assertThat(copy).isPresent();
            assertThat(copy.get().getTopic().toString()).isEqualTo(Topics.deadLetter("patch-a"));
            assertThat(copy.get().getPayloadAsBytes()).isEqualTo(forged);
            assertThat(userProperty(copy.get(), "reason")).isEqualTo("not-authorized");
            assertThat(userProperty(copy.get(), "topic")).isEqualTo(Topics.readings("patch-b"));
        } finally {
            a.disconnect();
            ops.disconnect();
        }
    }

    @Test
    void deviceCannotPublishToIngestDeadLetterOrAlertsDirectly() {
        Mqtt5BlockingClient a = Mqtt.connect(port, "patch-a", "a-pw");
        try {
            byte[] batch =
                    TestBatches.valid("patch-a", Instant.now(), 1).build().toByteArray();
            String ownShard = Topics.ingest(Topics.shardOf("patch-a", 16), "patch-a");
            assertThat(Mqtt.publish(a, ownShard, batch).getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(Mqtt.publish(a, Topics.deadLetter("patch-a"), batch).getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(Mqtt.publish(a, Topics.alerts("P1"), batch).getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        } finally {
            a.disconnect();
        }
    }

    @Test
    void onlyWorkersSubscribeToIngest() {
        assertSubscribe("worker-1", "worker-pw", "calor/v1/ingest/3/+", Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        assertSubscribe(
                "worker-1", "worker-pw", "$share/workers/calor/v1/ingest/4/+", Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        assertSubscribe("patch-a", "a-pw", "calor/v1/ingest/3/+", Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertSubscribe("caregiver-mum", "mum-pw", "calor/v1/ingest/3/+", Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertSubscribe("ops", "ops-pw", "calor/v1/ingest/+/+", Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void nobodyReadsReadingsTopics() {
        assertSubscribe("ops", "ops-pw", "calor/v1/devices/+/readings", Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertSubscribe("worker-1", "worker-pw", Topics.readings("patch-a"), Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertSubscribe("patch-b", "b-pw", Topics.readings("patch-a"), Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertSubscribe("caregiver-mum", "mum-pw", Topics.readings("patch-a"), Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void broadWildcardsAreRefused() {
        for (String filter : new String[] {"#", "+/#", "calor/#", "calor/v1/#"}) {
            assertSubscribe("ops", "ops-pw", filter, Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
            assertSubscribe("worker-1", "worker-pw", filter, Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        }
        Mosquitto.Run run = Mosquitto.sub(port, "mqttv5", "ops", "ops-pw", "#", 1, 2);
        assertThat(run.stderr()).contains("All subscription requests were denied");
    }

    @Test
    void caregiverReceivesAlertsOfItsPatientButCannotReadAnotherPatients() throws Exception {
        Mqtt5BlockingClient mum = Mqtt.connect(port, "caregiver-mum", "mum-pw");
        Mqtt5BlockingClient worker = Mqtt.connect(port, "worker-1", "worker-pw");
        try (Mqtt5BlockingClient.Mqtt5Publishes inbox = mum.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(Mqtt.subscribe(mum, Topics.alerts("P1"))).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            assertThat(Mqtt.subscribe(mum, Topics.alerts("P2"))).isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
            assertThat(Mqtt.subscribe(mum, "calor/v1/patients/+/alerts"))
                    .isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);

            Alert p2 = Alert.newBuilder()
                    .setSchemaVersion(1)
                    .setPatientId("P2")
                    .setAlertId("a-2")
                    .build();
            Alert p1 = Alert.newBuilder()
                    .setSchemaVersion(1)
                    .setPatientId("P1")
                    .setAlertId("a-1")
                    .build();
            assertThat(Mqtt.publish(worker, Topics.alerts("P2"), p2.toByteArray())
                            .getReasonCode())
                    .isIn(Mqtt5PubAckReasonCode.SUCCESS, Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
            assertThat(Mqtt.publish(worker, Topics.alerts("P1"), p1.toByteArray())
                            .getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

            Optional<Mqtt5Publish> got = inbox.receive(10, TimeUnit.SECONDS);
            assertThat(got).isPresent();
            assertThat(Alert.parseFrom(got.get().getPayloadAsBytes()).getAlertId())
                    .isEqualTo("a-1");
            assertThat(inbox.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
        } finally {
            mum.disconnect();
            worker.disconnect();
        }
        Mosquitto.Run run = Mosquitto.sub(port, "mqttv5", "caregiver-mum", "mum-pw", Topics.alerts("P2"), 1, 2);
        assertThat(run.stderr()).contains("All subscription requests were denied");
    }

    @Test
    void caregiversAndOperatorsCannotPublish() {
        Mqtt5BlockingClient mum = Mqtt.connect(port, "caregiver-mum", "mum-pw");
        Mqtt5BlockingClient ops = Mqtt.connect(port, "ops", "ops-pw");
        try {
            byte[] alert = Alert.newBuilder().setPatientId("P1").build().toByteArray();
            assertThat(Mqtt.publish(mum, Topics.alerts("P1"), alert).getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(Mqtt.publish(ops, Topics.status("patch-a"), alert).getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        } finally {
            mum.disconnect();
            ops.disconnect();
        }
    }

    @Test
    void careCircleChangesApplyWithoutRestart() throws Exception {
        assertSubscribe("caregiver-jo", "jo-pw", Topics.alerts("P1"), Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        writeCareCircle("P1");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> subscribeCode("caregiver-jo", "jo-pw", Topics.alerts("P1"))
                        == Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        assertSubscribe("caregiver-jo", "jo-pw", Topics.alerts("P2"), Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        writeCareCircle("P2");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> subscribeCode("caregiver-jo", "jo-pw", Topics.alerts("P2"))
                        == Mqtt5SubAckReasonCode.GRANTED_QOS_1);
    }

    @Test
    void anotherUserCannotTakeOverAWorkersSession() {
        Mqtt5BlockingClient worker = Mqtt.client(port, "calor-worker-takeover-test");
        worker.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(600)
                .simpleAuth()
                .username("worker-1")
                .password(utf8("worker-pw"))
                .applySimpleAuth()
                .send();
        worker.disconnect();
        Mqtt5BlockingClient thief = Mqtt.client(port, "calor-worker-takeover-test");
        try {
            thief.connectWith()
                    .cleanStart(false)
                    .simpleAuth()
                    .username("patch-a")
                    .password(utf8("a-pw"))
                    .applySimpleAuth()
                    .send();
            throw new AssertionError("another user resumed the worker's session");
        } catch (com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException e) {
            assertThat(e.getMqttMessage().getReasonCode())
                    .isEqualTo(
                            com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode
                                    .CLIENT_IDENTIFIER_NOT_VALID);
        }
    }

    @Test
    void caregiverRemovedFromACareCircleStopsReceivingThatPatientsAlerts() throws Exception {
        Mqtt5BlockingClient nurse = Mqtt.connect(port, "caregiver-nurse", "nurse-pw");
        Mqtt5BlockingClient worker = Mqtt.connect(port, "worker-1", "worker-pw");
        try (Mqtt5BlockingClient.Mqtt5Publishes inbox = nurse.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(Mqtt.subscribe(nurse, Topics.alerts("P3"))).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            Mqtt.publish(
                    worker,
                    Topics.alerts("P3"),
                    Alert.newBuilder().setAlertId("before").build().toByteArray());
            assertThat(inbox.receive(10, TimeUnit.SECONDS)).isPresent();
            long prevented = broker.metrics().deliveriesPreventedCount();

            nurseCaresFor = "P4";
            writeCareCircle(joPatient);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> subscribeCode("caregiver-nurse", "nurse-pw", Topics.alerts("P4"))
                            == Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            Mqtt.publish(
                    worker,
                    Topics.alerts("P3"),
                    Alert.newBuilder().setAlertId("after").build().toByteArray());

            assertThat(inbox.receive(1, TimeUnit.SECONDS)).isEmpty();
            assertThat(broker.metrics().deliveriesPreventedCount()).isEqualTo(prevented + 1);
        } finally {
            nurse.disconnect();
            worker.disconnect();
        }
    }

    private static void assertSubscribe(String user, String pw, String filter, Mqtt5SubAckReasonCode expected) {
        assertThat(subscribeCode(user, pw, filter))
                .as(user + " subscribing " + filter)
                .isEqualTo(expected);
    }

    private static Mqtt5SubAckReasonCode subscribeCode(String user, String pw, String filter) {
        Mqtt5BlockingClient c = Mqtt.connect(port, user, pw);
        try {
            return Mqtt.subscribe(c, filter);
        } finally {
            c.disconnect();
        }
    }

    private static String userProperty(Mqtt5Publish publish, String name) {
        return publish.getUserProperties().asList().stream()
                .filter(p -> p.getName().toString().equals(name))
                .map(p -> p.getValue().toString())
                .findFirst()
                .orElse(null);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
