package dev.calor.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.config.RateLimits;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.broker.metrics.BrokerMetrics.ConnectOutcome;
import dev.calor.broker.testing.Mqtt;
import dev.calor.broker.testing.TestBatches;
import dev.calor.broker.validation.RejectReason;
import dev.calor.proto.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Per-device token buckets answer 0x97; the broker-wide CONNECT bucket answers 0x9F. */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitIT {

    /** Bucket sizes; the slow refill (one token per 50 s) keeps the counts exact during the test. */
    private static final int MESSAGE_BURST = 3;

    private static final int BYTE_BURST = 2000;
    private static final int CONNECT_BURST = 12;

    @TempDir
    static Path dir;

    static CalorBroker broker;
    static int port;
    static Mqtt5BlockingClient worker;

    @BeforeAll
    static void startBroker() {
        Path creds = CredentialsFile.builder()
                .device("patch-fast", "fast-pw")
                .device("patch-big", "big-pw")
                .device("patch-calm", "calm-pw")
                .device("patch-storm", "storm-pw")
                .worker("worker-1", "worker-pw")
                .write(dir.resolve("credentials.yaml"));
        ExtensionConfig ext = ExtensionConfig.builder(creds)
                .rateLimits(new RateLimits(0.02, MESSAGE_BURST, 0.02, BYTE_BURST, 0.02, CONNECT_BURST))
                .build();
        broker = CalorBroker.start(BrokerConfig.builder(dir.resolve("broker"), creds)
                .extension(ext)
                .build());
        port = broker.mqttPort();
        // a subscribed worker, so accepted batches are answered SUCCESS rather than NO_MATCHING_SUBSCRIBERS
        worker = Mqtt.connect(port, "worker-1", "worker-pw");
        Mqtt.subscribe(worker, "calor/v1/ingest/+/+");
    }

    @AfterAll
    static void stopBroker() {
        if (worker != null) {
            worker.disconnect();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void publishesBeyondTheMessageBurstGetQuotaExceededWhileOtherDevicesPass() {
        Mqtt5BlockingClient fast = Mqtt.connect(port, "patch-fast", "fast-pw");
        Mqtt5BlockingClient calm = Mqtt.connect(port, "patch-calm", "calm-pw");
        try {
            List<Mqtt5PubAckReasonCode> codes = new ArrayList<>();
            for (int i = 0; i < MESSAGE_BURST + 2; i++) {
                codes.add(Mqtt.publish(fast, Topics.readings("patch-fast"), batch("patch-fast", i))
                        .getReasonCode());
            }
            assertThat(codes)
                    .containsExactly(
                            Mqtt5PubAckReasonCode.SUCCESS,
                            Mqtt5PubAckReasonCode.SUCCESS,
                            Mqtt5PubAckReasonCode.SUCCESS,
                            Mqtt5PubAckReasonCode.QUOTA_EXCEEDED,
                            Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
            Mqtt5PubAck refused = Mqtt.publish(fast, Topics.readings("patch-fast"), batch("patch-fast", 9));
            assertThat(refused.getReasonString().map(Object::toString))
                    .hasValueSatisfying(s -> assertThat(s).startsWith("rate-limited: "));
            assertThat(Mqtt.publish(calm, Topics.readings("patch-calm"), batch("patch-calm", 1))
                            .getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            assertThat(broker.metrics().refusedCount(RejectReason.RATE_LIMITED)).isGreaterThanOrEqualTo(3);
        } finally {
            fast.disconnect();
            calm.disconnect();
        }
    }

    @Test
    @Order(2)
    void publishesBeyondTheByteBurstGetQuotaExceeded() {
        Mqtt5BlockingClient big = Mqtt.connect(port, "patch-big", "big-pw");
        try {
            byte[] payload =
                    TestBatches.valid("patch-big", Instant.now(), 40).build().toByteArray();
            assertThat(payload.length).isBetween(BYTE_BURST / 2 + 1, BYTE_BURST);
            assertThat(Mqtt.publish(big, Topics.readings("patch-big"), payload).getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            Mqtt5PubAck second = Mqtt.publish(big, Topics.readings("patch-big"), payload);
            assertThat(second.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
            assertThat(second.getReasonString().map(Object::toString))
                    .hasValueSatisfying(s -> assertThat(s).contains("bytes per second"));
        } finally {
            big.disconnect();
        }
    }

    @Test
    @Order(3)
    void reconnectStormBeyondTheConnectBurstGetsConnectionRateExceeded() {
        List<Mqtt5ConnAckReasonCode> codes = new ArrayList<>();
        // the bucket already paid for the 4 connections of the earlier tests and the worker
        for (int i = 0; i < CONNECT_BURST + 5; i++) {
            codes.add(Mqtt.connectCode(port, "patch-storm", "storm-pw"));
        }
        assertThat(codes).contains(Mqtt5ConnAckReasonCode.CONNECTION_RATE_EXCEEDED);
        assertThat(codes.subList(codes.size() - 3, codes.size()))
                .containsOnly(Mqtt5ConnAckReasonCode.CONNECTION_RATE_EXCEEDED);
        assertThat(broker.metrics().connectCount(ConnectOutcome.RATE_LIMITED)).isGreaterThanOrEqualTo(5);
        assertThat(broker.metrics().connectCount(ConnectOutcome.ACCEPTED)
                        + broker.metrics().connectCount(ConnectOutcome.RATE_LIMITED))
                .isGreaterThanOrEqualTo(CONNECT_BURST + 5);
    }

    private static byte[] batch(String device, int id) {
        return TestBatches.valid(device, Instant.now(), 1)
                .setBatchId(id)
                .build()
                .toByteArray();
    }
}
