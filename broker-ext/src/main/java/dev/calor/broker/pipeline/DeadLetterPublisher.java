package dev.calor.broker.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import dev.calor.broker.config.DeadLetterConfig;
import dev.calor.broker.metrics.BrokerMetrics;
import dev.calor.broker.ratelimit.TokenBucket;
import dev.calor.broker.validation.Rejection;
import dev.calor.proto.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies refused payloads to {@code calor/v1/dlq/{deviceId}} with the reason in user properties:
 * {@code reason}, {@code detail}, {@code client-id}, {@code topic}, {@code received-at},
 * {@code payload-bytes}, {@code truncated}. Bounded per device, truncated, expiring.
 */
public final class DeadLetterPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);
    private static final int MAX_TRACKED_DEVICES = 100_000;

    private final DeadLetterConfig config;
    private final PublishService publishService;
    private final BrokerMetrics metrics;
    private final LongSupplier nanoClock;
    private final java.util.Optional<dev.calor.broker.deadletter.DeadLetterStore> store;
    /** A budget idle for two minutes is full again; forgetting it changes nothing. */
    private final Cache<String, TokenBucket> budgets = Caffeine.newBuilder()
            .maximumSize(MAX_TRACKED_DEVICES)
            .expireAfterAccess(Duration.ofMinutes(2))
            .build();

    public DeadLetterPublisher(
            DeadLetterConfig config,
            PublishService publishService,
            java.util.Optional<dev.calor.broker.deadletter.DeadLetterStore> store,
            BrokerMetrics metrics,
            LongSupplier nanoClock) {
        this.config = config;
        this.store = store;
        this.publishService = publishService;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    public void copy(
            String deviceId, String clientId, String topic, ByteBuffer payload, Rejection rejection, Instant at) {
        if (!config.enabled()) {
            return;
        }
        long now = nanoClock.getAsLong();
        TokenBucket budget = budgets.get(
                deviceId, id -> new TokenBucket(config.perDevicePerMinute() / 60.0, config.perDevicePerMinute(), now));
        if (!budget.tryTake(1, now)) {
            metrics.deadLetter("suppressed");
            return;
        }
        int size = payload.remaining();
        boolean truncated = size > config.maxPayloadBytes();
        ByteBuffer copy = payload.duplicate();
        if (truncated) {
            copy.limit(copy.position() + config.maxPayloadBytes());
        }
        store.ifPresent(s -> keep(s, deviceId, clientId, topic, copy, rejection, at, size, truncated));
        Publish publish = Builders.publish()
                .topic(Topics.deadLetter(deviceId))
                .qos(Qos.AT_LEAST_ONCE)
                .payload(copy)
                .messageExpiryInterval(config.messageExpiry().toSeconds())
                .userProperty("reason", rejection.reason().label())
                .userProperty("detail", rejection.detail())
                .userProperty("client-id", clientId)
                .userProperty("topic", topic)
                .userProperty("received-at", at.toString())
                .userProperty("payload-bytes", Integer.toString(size))
                .userProperty("truncated", Boolean.toString(truncated))
                .build();
        publishService.publish(publish).whenComplete((ok, error) -> {
            if (error == null) {
                metrics.deadLetter("copied");
            } else {
                metrics.deadLetter("failed");
                LOG.warn("dead-letter copy for device '{}' failed: {}", deviceId, error.toString());
            }
        });
    }

    private void keep(
            dev.calor.broker.deadletter.DeadLetterStore s,
            String deviceId,
            String clientId,
            String topic,
            ByteBuffer copy,
            Rejection rejection,
            Instant at,
            int size,
            boolean truncated) {
        byte[] bytes = new byte[copy.remaining()];
        copy.duplicate().get(bytes);
        try {
            s.add(new dev.calor.broker.deadletter.DeadLetter(
                    "",
                    deviceId,
                    clientId,
                    topic,
                    rejection.reason().label(),
                    rejection.detail(),
                    at,
                    size,
                    truncated,
                    bytes));
            metrics.deadLetter("stored");
        } catch (RuntimeException e) {
            metrics.deadLetter("store-failed");
            LOG.warn("dead letter of device '{}' could not be stored: {}", deviceId, e.toString());
        }
    }
}
