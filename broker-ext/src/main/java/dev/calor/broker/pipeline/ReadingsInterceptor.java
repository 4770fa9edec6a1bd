package dev.calor.broker.pipeline;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.ModifiablePublishPacket;
import dev.calor.broker.audit.AuditLog;
import dev.calor.broker.auth.ClientIdentity;
import dev.calor.broker.auth.Role;
import dev.calor.broker.authz.CareCircleIndex;
import dev.calor.broker.authz.Decision;
import dev.calor.broker.authz.TopicPolicy;
import dev.calor.broker.forward.Forwarder;
import dev.calor.broker.metrics.BrokerMetrics;
import dev.calor.broker.ratelimit.DeviceRateLimiter;
import dev.calor.broker.validation.AckValidator;
import dev.calor.broker.validation.BatchValidator;
import dev.calor.broker.validation.RejectReason;
import dev.calor.broker.validation.Rejection;
import dev.calor.broker.validation.ValidationResult;
import dev.calor.proto.Topics;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Every inbound PUBLISH passes here ({@link #forConnection}) before HiveMQ authorizes and routes it. A
 * device's reading batch is authorized, rate limited and validated; an accepted batch goes to the configured {@link Forwarder}
 * (moved, unchanged, to the ingest topic of its shard, so the broker's own QoS 1 flow delivers it; or to
 * Kafka), and publishes other broker nodes must see too (alerts, alert state, acknowledgements) are
 * shared through it. A caregiver's acknowledgement is checked
 * ({@link AckValidator}). A refused publish is counted, logged, copied to the dead letters and answered
 * with its MQTT 5 reason code and reason string; an MQTT 3.1.1 client, which a PUBACK cannot tell, is
 * disconnected instead (after the count), so it never deletes data that was not accepted.
 */
public final class ReadingsInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ReadingsInterceptor.class);
    private static final Logger REJECTED = LoggerFactory.getLogger("calor.event.reading-rejected");

    private final TopicPolicy policy;
    private final BatchValidator validator;
    private final DeviceRateLimiter rateLimiter;
    private final DeadLetterPublisher deadLetters;
    private final BrokerMetrics metrics;
    private final Clock clock;
    private final Supplier<CareCircleIndex> careCircle;
    private final AuditLog audit;
    private final Forwarder forwarder;

    public ReadingsInterceptor(
            TopicPolicy policy,
            Supplier<CareCircleIndex> careCircle,
            BatchValidator validator,
            DeviceRateLimiter rateLimiter,
            DeadLetterPublisher deadLetters,
            AuditLog audit,
            BrokerMetrics metrics,
            Clock clock,
            Forwarder forwarder) {
        this.policy = policy;
        this.careCircle = careCircle;
        this.audit = audit;
        this.validator = validator;
        this.rateLimiter = rateLimiter;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
        this.forwarder = forwarder;
    }

    /**
     * This interceptor for one connection: a connection's identity is fixed when it connects, so it is read
     * from the connection's attributes once (by the client initializer), not on every publish. An empty
     * identity refuses every publish.
     */
    public PublishInboundInterceptor forConnection(Optional<ClientIdentity> who) {
        return (input, output) -> intercept(who, input, output);
    }

    private void intercept(Optional<ClientIdentity> who, PublishInboundInput input, PublishInboundOutput output) {
        try (MDC.MDCCloseable client =
                MDC.putCloseable("client_id", input.getClientInformation().getClientId())) {
            handle(who, input, output);
        } finally {
            MDC.remove("device_id");
        }
    }

    private void handle(Optional<ClientIdentity> who, PublishInboundInput input, PublishInboundOutput output) {
        String clientId = input.getClientInformation().getClientId();
        ConnectionInformation connection = input.getConnectionInformation();
        ModifiablePublishPacket packet = output.getPublishPacket();
        String topic = packet.getTopic();
        ByteBuffer payload = packet.getPayload().orElse(ByteBuffer.allocate(0));
        try {
            if (who.isEmpty()) {
                refuse(
                        output,
                        connection,
                        clientId,
                        null,
                        topic,
                        payload,
                        new Rejection(RejectReason.NOT_AUTHORIZED, "not authenticated"));
                return;
            }
            Decision decision = policy.publish(who.get(), topic, packet.getRetain());
            if (!decision.allowed()) {
                refuse(
                        output,
                        connection,
                        clientId,
                        who.get(),
                        topic,
                        payload,
                        new Rejection(RejectReason.NOT_AUTHORIZED, decision.reason()));
                return;
            }
            if (who.get().role() == Role.CAREGIVER) {
                ClientIdentity caregiver = who.get();
                Optional<Rejection> bad = Topics.patientOfAlertAck(topic)
                        .flatMap(p -> AckValidator.validate(
                                payload,
                                packet.getQos() == Qos.AT_LEAST_ONCE,
                                p,
                                careCircle.get().caregiverIdsOf(caregiver)));
                if (bad.isPresent()) {
                    refuse(output, connection, clientId, who.get(), topic, payload, bad.get());
                    return;
                }
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
            DeviceRateLimiter.Verdict rate = rateLimiter.tryAcquire(deviceId, payload.remaining());
            if (rate != DeviceRateLimiter.Verdict.ALLOWED) {
                refuse(
                        output,
                        connection,
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
            if (Topics.deviceOfStatus(topic).isPresent()) {
                Optional<Rejection> bad = validator.validateStatus(payload, deviceId);
                if (bad.isPresent()) {
                    refuse(output, connection, clientId, who.get(), topic, payload, bad.get());
                }
                return;
            }
            ValidationResult result = validator.validate(payload, deviceId, clock.instant());
            if (result.rejection().isPresent()) {
                refuse(
                        output,
                        connection,
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
                        connection,
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
            ConnectionInformation connection,
            String clientId,
            ClientIdentity who,
            String topic,
            ByteBuffer payload,
            Rejection rejection) {
        MqttVersion version = connection.getMqttVersion();
        metrics.refused(rejection.reason());
        REJECTED.info(
                "refused publish of client '{}' to '{}' ({} bytes){}: {}",
                clientId,
                topic,
                payload.remaining(),
                version == MqttVersion.V_5 ? "" : ", disconnecting the MQTT 3 client",
                rejection.reasonString());
        if (rejection.reason() == RejectReason.NOT_AUTHORIZED) {
            audit.authorizationRefused(
                    who == null ? "-" : who.name(),
                    clientId,
                    connection.getInetAddress(),
                    "publish",
                    topic,
                    rejection.detail());
        }
        if (who != null && who.role() == Role.DEVICE) {
            deadLetters.copy(who.name(), clientId, topic, payload, rejection, Instant.now(clock));
        }
        // MQTT 5: a PUBACK with the reason code. MQTT 3.1.1 has no failure PUBACK: HiveMQ closes the
        // connection when an extension refuses with a reason code, so the client keeps its data.
        output.preventPublishDelivery(ackCode(rejection.reason()), rejection.reasonString());
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
