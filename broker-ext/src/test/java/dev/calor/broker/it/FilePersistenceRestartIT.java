package dev.calor.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.config.Persistence;
import dev.calor.broker.config.RateLimits;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.broker.testing.Mqtt;
import dev.calor.broker.testing.TestBatches;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's persistent session rides out a broker restart with file persistence, holding more
 * messages than HiveMQ's default queue of 1000.
 */
@Timeout(120)
class FilePersistenceRestartIT {

    private static final int BATCHES = 1500;
    private static final String WORKER_CLIENT_ID = "calor-worker-shard-session";

    @TempDir
    Path dir;

    @Test
    void queuedMessagesOfAnOfflineWorkerSurviveABrokerRestart() throws Exception {
        Path creds = CredentialsFile.builder()
                .device("patch-0001", "device-pw")
                .worker("worker-1", "worker-pw")
                .write(dir.resolve("credentials.yaml"));
        ExtensionConfig ext = ExtensionConfig.builder(creds)
                .rateLimits(new RateLimits(100_000, 100_000, 1e9, 1_000_000_000, 1000, 1000))
                .build();
        BrokerConfig config = BrokerConfig.builder(dir.resolve("broker"), creds)
                .persistence(Persistence.FILE)
                .extension(ext)
                .build();

        int port;
        try (CalorBroker broker = CalorBroker.start(config)) {
            port = broker.mqttPort();
            Mqtt5BlockingClient worker = workerClient(port);
            worker.connectWith()
                    .cleanStart(false)
                    .sessionExpiryInterval(3600)
                    .simpleAuth()
                    .username("worker-1")
                    .password("worker-pw".getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth()
                    .send();
            worker.subscribeWith()
                    .topicFilter("calor/v1/ingest/+/+")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            worker.disconnect();

            Mqtt5AsyncClient device =
                    Mqtt.connect(port, "patch-0001", "device-pw").toAsync();
            List<CompletableFuture<Mqtt5PublishResult>> acks = new ArrayList<>();
            Instant now = Instant.now();
            for (int i = 0; i < BATCHES; i++) {
                acks.add(device.publishWith()
                        .topic(Topics.readings("patch-0001"))
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(TestBatches.valid("patch-0001", now, 1)
                                .setBatchId(i)
                                .build()
                                .toByteArray())
                        .send());
            }
            for (CompletableFuture<Mqtt5PublishResult> ack : acks) {
                Mqtt5PublishResult r = ack.get(30, TimeUnit.SECONDS);
                assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) r).getPubAck().getReasonCode())
                        .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            }
            device.disconnect().get(10, TimeUnit.SECONDS);
        }

        BrokerConfig sameHomeSamePort = config.toBuilder().port(port).build();
        try (CalorBroker restarted = CalorBroker.start(sameHomeSamePort)) {
            Mqtt5BlockingClient worker = workerClient(port);
            Set<Long> batchIds = new HashSet<>();
            try (Mqtt5BlockingClient.Mqtt5Publishes inbox = worker.publishes(MqttGlobalPublishFilter.ALL)) {
                worker.connectWith()
                        .cleanStart(false)
                        .sessionExpiryInterval(3600)
                        .simpleAuth()
                        .username("worker-1")
                        .password("worker-pw".getBytes(StandardCharsets.UTF_8))
                        .applySimpleAuth()
                        .send();
                for (Optional<Mqtt5Publish> p = inbox.receive(10, TimeUnit.SECONDS);
                        p.isPresent();
                        p = inbox.receive(2, TimeUnit.SECONDS)) {
                    batchIds.add(
                            ReadingBatch.parseFrom(p.get().getPayloadAsBytes()).getBatchId());
                }
            } finally {
                worker.disconnect();
            }
            assertThat(batchIds).hasSize(BATCHES);
        }
    }

    private static Mqtt5BlockingClient workerClient(int port) {
        return Mqtt.client(port, WORKER_CLIENT_ID);
    }
}
