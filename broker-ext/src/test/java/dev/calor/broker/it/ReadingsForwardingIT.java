package dev.calor.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.broker.testing.Mqtt;
import dev.calor.broker.testing.TestBatches;
import dev.calor.broker.validation.RejectReason;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.ReadingBatch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ReadingsForwardingIT {

    private static final int SHARDS = 16;
    private static final String DEVICE = "patch-0001";

    @TempDir
    static Path dir;

    static CalorBroker broker;
    static Mqtt5BlockingClient worker;
    static Mqtt5BlockingClient.Mqtt5Publishes workerInbox;
    static Mqtt5BlockingClient device;

    @BeforeAll
    static void startBroker() {
        Path creds = CredentialsFile.builder()
                .device(DEVICE, "device-pw")
                .worker("worker-1", "worker-pw")
                .write(dir.resolve("credentials.yaml"));
        broker = CalorBroker.start(
                BrokerConfig.builder(dir.resolve("broker"), creds).build());
        worker = Mqtt.connect(broker.mqttPort(), "worker-1", "worker-pw");
        workerInbox = worker.publishes(MqttGlobalPublishFilter.ALL);
        for (int shard = 0; shard < SHARDS; shard++) {
            worker.subscribeWith()
                    .topicFilter(Topics.ingestFilter(shard))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
        }
        device = Mqtt.connect(broker.mqttPort(), DEVICE, "device-pw");
    }

    @AfterAll
    static void stopBroker() {
        if (device != null) {
            device.disconnect();
        }
        if (worker != null) {
            worker.disconnect();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void validBatchReachesWorkerOnItsShardsIngestTopicUnchanged() throws Exception {
        ReadingBatch batch = TestBatches.valid(DEVICE, Instant.now(), 3).build();

        Mqtt5PubAck ack = Mqtt.publish(device, Topics.readings(DEVICE), batch.toByteArray());

        assertThat(ack.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        Optional<Mqtt5Publish> received = workerInbox.receive(10, TimeUnit.SECONDS);
        assertThat(received).isPresent();
        assertThat(received.get().getTopic().toString())
                .isEqualTo(Topics.ingest(Topics.shardOf(DEVICE, SHARDS), DEVICE));
        assertThat(ReadingBatch.parseFrom(received.get().getPayloadAsBytes())).isEqualTo(batch);
    }

    @Test
    void emptyPayloadIsRefusedWithPayloadFormatInvalidAndNeverReachesWorker() throws Exception {
        long refusedBefore = broker.metrics().refusedCount(RejectReason.MISSING_FIELD);

        Mqtt5PubAck ack = Mqtt.publish(device, Topics.readings(DEVICE), new byte[0]);

        assertThat(ack.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(ack.getReasonString())
                .hasValueSatisfying(s -> assertThat(s.toString()).contains("schema_version is missing"));
        assertThat(broker.metrics().refusedCount(RejectReason.MISSING_FIELD)).isEqualTo(refusedBefore + 1);
        // a valid batch sent afterwards is the next thing the worker sees: the refused one was never queued
        ReadingBatch marker =
                TestBatches.valid(DEVICE, Instant.now(), 1).setBatchId(42).build();
        assertThat(Mqtt.publish(device, Topics.readings(DEVICE), marker.toByteArray())
                        .getReasonCode())
                .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        Optional<Mqtt5Publish> next = workerInbox.receive(10, TimeUnit.SECONDS);
        assertThat(next).isPresent();
        assertThat(ReadingBatch.parseFrom(next.get().getPayloadAsBytes()).getBatchId())
                .isEqualTo(42);
    }
}
