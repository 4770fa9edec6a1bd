package dev.calor.broker.pipeline;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.ModifiablePublishPacket;
import dev.calor.broker.auth.ClientIdentity;
import dev.calor.broker.auth.Role;
import dev.calor.broker.authz.Decision;
import dev.calor.broker.authz.TopicPolicy;
import dev.calor.broker.forward.Forwarder;
import dev.calor.broker.metrics.BrokerMetrics;
import dev.calor.broker.ratelimit.DeviceRateLimiter;
import dev.calor.broker.validation.BatchValidator;
import dev.calor.broker.validation.RejectReason;
import dev.calor.broker.validation.Rejection;
import dev.calor.broker.validation.ValidationResult;
import dev.calor.proto.Topics;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Every inbound PUBLISH passes here before HiveMQ authorizes and routes it. A device's reading batch is
 * authorized, rate limited and validated; an accepted batch goes to the configured {@link Forwarder}
 * (this broker's ingest topic of its shard, or Kafka), and publishes other broker nodes must see too
 * (alerts, alert state, acknowledgements) are shared through it. A refused one is answered with its MQTT 5
 * reason code and reason string (MQTT 3.1.1: dropped quietly, to avoid a disconnect-reconnect storm),
 * counted, logged and copied to the dead-letter topic.
 */
public final class ReadingsInterceptor implements PublishInboundInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ReadingsInterceptor.class);
    private static final Logger REJECTED = LoggerFactory.getLogger("calor.event.reading-rejected");

    private final TopicPolicy policy;
    private final BatchValidator validator;
    private final DeviceRateLimiter rateLimiter;
    private final DeadLetterPublisher deadLetters;
    private final BrokerMetrics metrics;
    private final Clock clock;
    private final Forwarder forwarder;

    public ReadingsInterceptor(
            TopicPolicy policy,
            BatchValidator validator,
            DeviceRateLimiter rateLimiter,
            DeadLetterPublisher deadLetters,
            BrokerMetrics metrics,
            Clock clock,
            Forwarder forwarder) {
        this.policy = policy;
        this.validator = validator;
        this.rateLimiter = rateLimiter;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
        this.forwarder = forwarder;
    }

    /** Handles a publish with the client's and device's ids in the logging MDC (structured logs carry them). */
    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        try (MDC.MDCCloseable client =
                MDC.putCloseable("client_id", input.getClientInformation().getClientId())) {
            handle(input, output);
        } finally {
            MDC.remove("device_id");
        }
    }

    private void handle(PublishInboundInput input, PublishInboundOutput output) {
        String clientId = input.getClientInformation().getClientId();
        MqttVersion version = input.getConnectionInformation().getMqttVersion();
        ModifiablePublishPacket packet = output.getPublishPacket();
        String topic = packet.getTopic();
        ByteBuffer payload = packet.getPayload().orElse(ByteBuffer.allocate(0));
        Optional<ClientIdentity> who = Optional.empty();
        try {
            who = ClientIdentity.from(input.getConnectionInformation().getConnectionAttributeStore());
            if (who.isEmpty()) {
                refuse(
                        output,
                        version,
                        clientId,
                        null,
                        topic,
                        payload,
                        new Rejection(RejectReason.NOT_AUTHORIZED, "not authenticated"));
                return;
            }
            Decision decision = policy.publish(who.get(), topic);
            if (!decision.allowed()) {
                refuse(
                        output,
                        version,
                        clientId,
                        who.get(),
                        topic,
                        payload,
                        new Rejection(RejectReason.NOT_AUTHORIZED, decision.reason()));
                return;
            }
            if (forwarder.shares(topic)) {
                forwarder.share(topic, output);
                return;
            }
            if (who.get().role() != Role.DEVICE) {
                return;
            }
            String deviceId = who.get().name();
            MDC.put("device_id", deviceId);
            if (Topics.deviceOfStatus(topic).isPresent()) {
                Optional<Rejection> bad = validator.validateStatus(payload, deviceId);
                if (bad.isPresent()) {
                    refuse(output, version, clientId, who.get(), topic, payload, bad.get());
                }
                return;
            }
            if (Topics.deviceOfReadings(topic).isEmpty()) {
                return;
            }
            DeviceRateLimiter.Verdict rate = rateLimiter.tryAcquire(deviceId, payload.remaining());
            if (rate != DeviceRateLimiter.Verdict.ALLOWED) {
                refuse(
                        output,
                        version,
                        clientId,
                        who.get(),
                        topic,
                        payload,
                        new Rejection(
                                RejectReason.RATE_LIMITED,
                                rate == DeviceRateLimiter.Verdict.TOO_MANY_MESSAGES
                                        ? "more publishes per second than allowed, retry later"
                                        : "more bytes per second than allowed, retry later"));
                return;
            }
            ValidationResult result = validator.validate(payload, deviceId, clock.instant());
            if (result.rejection().isPresent()) {
                refuse(
                        output,
                        version,
                        clientId,
                        who.get(),
                        topic,
                        payload,
                        result.rejection().get());
                return;
            }
            metrics.accepted(result.batch().map(b -> b.getReadingsCount()).orElse(0));
            forwarder.readings(deviceId, result.batch().orElseThrow(), output);
        } catch (RuntimeException e) {
            LOG.error("publish of client '{}' to '{}' could not be processed", clientId, topic, e);
            try {
                refuse(
                        output,
                        version,
                        clientId,
                        who.orElse(null),
                        topic,
                        payload,
                        new Rejection(RejectReason.INTERNAL_ERROR, "internal error"));
            } catch (RuntimeException again) {
                LOG.error("refusing publish of client '{}' failed too", clientId, again);
            }
        }
    }

    private void refuse(
            PublishInboundOutput output,
            MqttVersion version,
            String clientId,
            ClientIdentity who,
            String topic,
            ByteBuffer payload,
            Rejection rejection) {
        metrics.refused(rejection.reason());
        REJECTED.info(
                "refused publish of client '{}' to '{}' ({} bytes): {}",
                clientId,
                topic,
                payload.remaining(),
                rejection.reasonString());
        if (who != null && who.role() == Role.DEVICE) {
            deadLetters.copy(who.name(), clientId, topic, payload, rejection, Instant.now(clock));
        }
        if (version == MqttVersion.V_5) {
            output.preventPublishDelivery(ackCode(rejection.reason()), rejection.reasonString());
        } else {
            output.preventPublishDelivery();
        }
    }

    private static AckReasonCode ackCode(RejectReason reason) {
        return switch (reason.mqttReasonCode()) {
            case 0x87 -> AckReasonCode.NOT_AUTHORIZED;
            case 0x97 -> AckReasonCode.QUOTA_EXCEEDED;
            case 0x99 -> AckReasonCode.PAYLOAD_FORMAT_INVALID;
            default -> AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
        };
    }
}
