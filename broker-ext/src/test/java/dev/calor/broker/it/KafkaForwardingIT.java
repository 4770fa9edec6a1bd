package dev.calor.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.broker.forward.ForwardingConfig;
import dev.calor.broker.testing.Mqtt;
import dev.calor.broker.testing.TestBatches;
import dev.calor.proto.CareCircleFiles;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import dev.calor.proto.v1.DeviceAssignment;
import dev.calor.proto.v1.MqttChannel;
import dev.calor.proto.v1.Patient;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.testsupport.KafkaServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One broker node forwarding to a real Kafka: keys, PUBACK after Kafka's ack, the relay, a Kafka outage. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaForwardingIT {

    private static final String NODE = "node-a";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    static Path dir;

    static KafkaServer kafka;
    static CalorBroker broker;
    static Mqtt5BlockingClient device;
    static Mqtt5BlockingClient worker;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaServer.start();
        Path creds = CredentialsFile.builder()
                .device("patch-a", "a-pw")
                .device("patch-z", "z-pw")
                .worker("worker-1", "worker-pw")
                .caregiver("caregiver-mum", "mum-pw")
                .write(dir.resolve("credentials.yaml"));
        Path careCircle = dir.resolve("care-circle.json");
        Files.writeString(
                careCircle,
                CareCircleFiles.toJson(CareCircleRegistry.newBuilder()
                        .setSchemaVersion(1)
                        .addPatients(Patient.newBuilder().setPatientId("P1"))
                        .addAssignments(DeviceAssignment.newBuilder()
                                .setDeviceId("patch-a")
                                .setPatientId("P1")
                                .setValidFrom(Timestamp.newBuilder().setSeconds(0)))
                        .addCaregivers(Caregiver.newBuilder()
                                .setCaregiverId("mum")
                                .addPatientIds("P1")
                                .addChannels(Channel.newBuilder()
                                        .setMqtt(MqttChannel.newBuilder().setUsername("caregiver-mum"))))
                        .build()));
        ExtensionConfig ext = ExtensionConfig.builder(creds)
                .careCircleFile(careCircle)
                .forwarding(
                        ForwardingConfig.kafka(kafka.bootstrapServers(), NODE).withTimeout(TIMEOUT))
                .build();
        broker = CalorBroker.start(BrokerConfig.builder(dir.resolve("broker"), creds)
                .extension(ext)
                .build());
        device = Mqtt.connect(broker.mqttPort(), "patch-a", "a-pw");
        worker = Mqtt.connect(broker.mqttPort(), "worker-1", "worker-pw");
    }

    @AfterAll
    static void stop() {
        for (Mqtt5BlockingClient c : new Mqtt5BlockingClient[] {device, worker}) {
            if (c != null && c.getState().isConnected()) {
                c.disconnect();
            }
        }
        if (broker != null) {
            broker.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void acceptedBatchIsInKafkaKeyedByItsPatientWhenTheDeviceIsAcknowledged() throws Exception {
        ReadingBatch batch =
                TestBatches.valid("patch-a", Instant.now(), 3).setBatchId(101).build();

        Mqtt5PubAck ack = Mqtt.publish(device, Topics.readings("patch-a"), batch.toByteArray());

        assertThat(ack.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        ConsumerRecord<String, byte[]> record = first(
                ForwardingConfig.DEFAULT_READINGS_TOPIC,
                r -> ReadingBatch.parseFrom(r.value()).getBatchId() == 101);
        assertThat(record.key()).isEqualTo("P1");
        assertThat(record.value()).isEqualTo(batch.toByteArray());
        assertThat(new String(record.headers().lastHeader("calor-device").value(), StandardCharsets.UTF_8))
                .isEqualTo("patch-a");
    }

    @Test
    @Order(2)
    void batchOfAnUnassignedDeviceIsKeyedByItsDeviceId() throws Exception {
        Mqtt5BlockingClient other = Mqtt.connect(broker.mqttPort(), "patch-z", "z-pw");
        try {
            ReadingBatch batch = TestBatches.valid("patch-z", Instant.now(), 1)
                    .setBatchId(102)
                    .build();
            assertThat(Mqtt.publish(other, Topics.readings("patch-z"), batch.toByteArray())
                            .getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            ConsumerRecord<String, byte[]> record = first(
                    ForwardingConfig.DEFAULT_READINGS_TOPIC,
                    r -> ReadingBatch.parseFrom(r.value()).getBatchId() == 102);
            assertThat(record.key()).isEqualTo("patch-z");
        } finally {
            other.disconnect();
        }
    }

    @Test
    @Order(3)
    void workersRetainedAlertIsDeliveredHereAndHandedToTheOtherNodesThroughKafka() throws Exception {
        Mqtt5BlockingClient mum = Mqtt.connect(broker.mqttPort(), "caregiver-mum", "mum-pw");
        try (Mqtt5BlockingClient.Mqtt5Publishes inbox = mum.publishes(MqttGlobalPublishFilter.ALL)) {
            Mqtt.subscribe(mum, Topics.alertState("P1"));
            byte[] alert = "fever raised".getBytes(StandardCharsets.UTF_8);

            Mqtt5PubAck ack = ((com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult.Mqtt5Qos1Result)
                            worker.publishWith()
                                    .topic(Topics.alertState("P1"))
                                    .qos(MqttQos.AT_LEAST_ONCE)
                                    .retain(true)
                                    .payload(alert)
                                    .send())
                    .getPubAck();

            assertThat(ack.getReasonCode().isError()).isFalse();
            Optional<Mqtt5Publish> got = inbox.receive(10, TimeUnit.SECONDS);
            assertThat(got).isPresent();
            assertThat(got.get().getPayloadAsBytes()).isEqualTo(alert);
            ConsumerRecord<String, byte[]> record = first(
                    ForwardingConfig.DEFAULT_ALERT_STATE_TOPIC, r -> r.key().equals(Topics.alertState("P1")));
            assertThat(record.value()).isEqualTo(alert);
            assertThat(new String(record.headers().lastHeader("calor-origin").value(), StandardCharsets.UTF_8))
                    .isEqualTo(NODE);
        } finally {
            mum.disconnect();
        }
    }

    @Test
    @Order(4)
    void alertStateAnotherNodePublishedReachesACaregiverHereRetained() throws Exception {
        byte[] state = "P1 state from node-b".getBytes(StandardCharsets.UTF_8);
        String topic = Topics.alertState("P1");
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ProducerRecord<String, byte[]> r =
                    new ProducerRecord<>(ForwardingConfig.DEFAULT_ALERT_STATE_TOPIC, topic, state);
            r.headers().add("calor-origin", "node-b".getBytes(StandardCharsets.UTF_8));
            producer.send(r).get(30, TimeUnit.SECONDS);
        }
        // a caregiver connecting afterwards gets it as the retained message
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Mqtt5BlockingClient mum = Mqtt.connect(broker.mqttPort(), "caregiver-mum", "mum-pw");
            try (Mqtt5BlockingClient.Mqtt5Publishes inbox = mum.publishes(MqttGlobalPublishFilter.ALL)) {
                assertThat(Mqtt.subscribe(mum, topic).isError()).isFalse();
                Optional<Mqtt5Publish> got = inbox.receive(2, TimeUnit.SECONDS);
                assertThat(got).isPresent();
                assertThat(got.get().isRetain()).isTrue();
                assertThat(got.get().getPayloadAsBytes()).isEqualTo(state);
            } finally {
                mum.disconnect();
            }
        });
    }

    @Test
    @Order(5)
    void whileKafkaIsDownTheDeviceIsAnsweredQuotaExceededAndItsResendIsTakenOnceKafkaIsBack() throws Exception {
        ReadingBatch batch =
                TestBatches.valid("patch-a", Instant.now(), 2).setBatchId(105).build();
        kafka.stop();
        try {
            long started = System.nanoTime();
            Mqtt5PubAck refused = Mqtt.publish(device, Topics.readings("patch-a"), batch.toByteArray());
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(refused.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
            assertThat(waitedMs).isLessThan(TIMEOUT.toMillis() + 10_000);
        } finally {
            kafka.restart();
        }
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Mqtt.publish(device, Topics.readings("patch-a"), batch.toByteArray())
                                .getReasonCode()
                        == Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(first(
                                ForwardingConfig.DEFAULT_READINGS_TOPIC,
                                r -> ReadingBatch.parseFrom(r.value()).getBatchId() == 105)
                        .key())
                .isEqualTo("P1");
    }

    interface RecordTest {
        boolean test(ConsumerRecord<String, byte[]> r) throws Exception;
    }

    /** The first record of {@code topic} (read from the beginning) that passes {@code test}. */
    private static ConsumerRecord<String, byte[]> first(String topic, RecordTest test) throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (test.test(r)) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no matching record in " + topic + " within 60 s");
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }
}
