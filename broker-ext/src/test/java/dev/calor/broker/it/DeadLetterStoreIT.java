package dev.calor.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.cli.DeadLettersCommand;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.DeadLetterConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.deadletter.DeadLetter;
import dev.calor.broker.deadletter.DeadLetterStore;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.broker.testing.Mqtt;
import dev.calor.broker.testing.TestBatches;
import dev.calor.proto.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Refused payloads are kept in the durable store even with no operator subscribed, and can be re-injected. */
@Timeout(90)
class DeadLetterStoreIT {

    @TempDir
    Path dir;

    @Test
    void aRefusedBatchIsStoredAndARepairedOneIsReinjectedToTheWorker() throws Exception {
        Path creds = CredentialsFile.builder()
                .device("patch-a", "a-pw")
                .worker("worker-1", "worker-pw")
                .write(dir.resolve("credentials.yaml"));
        Path storeDir = dir.resolve("dead-letters");
        DeadLetterConfig deadLetters = DeadLetterConfig.defaults().withStore(storeDir, 10_000_000, Duration.ofDays(30));
        try (CalorBroker broker = CalorBroker.start(BrokerConfig.builder(dir.resolve("broker"), creds)
                .extension(ExtensionConfig.builder(creds)
                        .deadLetter(deadLetters)
                        .reloadInterval(Duration.ofMillis(200))
                        .build())
                .build())) {
            Mqtt5BlockingClient worker = Mqtt.client(broker.mqttPort(), "calor-worker-shard-all");
            worker.connectWith()
                    .simpleAuth()
                    .username("worker-1")
                    .password("worker-pw".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .applySimpleAuth()
                    .send();
            try (Mqtt5BlockingClient.Mqtt5Publishes ingest = worker.publishes(MqttGlobalPublishFilter.ALL)) {
                Mqtt.subscribe(worker, "calor/v1/ingest/+/+");
                Mqtt5BlockingClient device = Mqtt.connect(broker.mqttPort(), "patch-a", "a-pw");
                assertThat(Mqtt.publish(device, Topics.readings("patch-a"), new byte[0])
                                .getReasonCode())
                        .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);

                DeadLetterStore store =
                        new DeadLetterStore(storeDir, Long.MAX_VALUE, Duration.ofDays(1), Clock.systemUTC());
                await().atMost(Duration.ofSeconds(10)).until(() -> store.list().size() == 1);
                assertThat(store.list().get(0).reason()).isEqualTo("missing-field");
                assertThat(ingest.receive(500, TimeUnit.MILLISECONDS)).isEmpty();

                // an operator repairs nothing here, but a letter whose batch is valid today goes through
                byte[] valid =
                        TestBatches.valid("patch-a", Instant.now(), 2).build().toByteArray();
                String id = store.add(new DeadLetter(
                        "",
                        "patch-a",
                        "patch-a",
                        Topics.readings("patch-a"),
                        "sample-too-old",
                        "",
                        Instant.now(),
                        valid.length,
                        false,
                        valid));
                int code = new CommandLine(new DeadLettersCommand())
                        .execute("--store", storeDir.toString(), "reinject", "--id", id);
                assertThat(code).isZero();

                var forwarded = ingest.receive(10, TimeUnit.SECONDS);
                assertThat(forwarded).isPresent();
                assertThat(forwarded.get().getTopic().toString())
                        .isEqualTo(Topics.ingest(Topics.shardOf("patch-a", 16), "patch-a"));
                assertThat(forwarded.get().getPayloadAsBytes()).isEqualTo(valid);
                assertThat(store.list()).hasSize(1);
                device.disconnect();
            } finally {
                worker.disconnect();
            }
        }
    }
}
