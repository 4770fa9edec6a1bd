package dev.calor.broker.auth;

import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import dev.calor.broker.authz.Decision;
import dev.calor.broker.authz.TopicPolicy;
import dev.calor.broker.validation.BatchValidator;
import dev.calor.broker.validation.Rejection;
import dev.calor.proto.Topics;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * What a CONNECT must satisfy once its identity is known: the client id belongs to the identity
 * ({@link ClientIdRule}), and a will message, which HiveMQ publishes without passing any publish
 * interceptor, is allowed by the topic table and, on a device's status topic, is a valid
 * {@code DeviceStatus}. Refused with 0x85 (client id), 0x87 (will topic or retain) or 0x99 (will payload).
 */
public final class ConnectChecks {

    /** Why a CONNECT is refused. */
    public record Refusal(ConnackReasonCode code, String reason) {}

    private final ClientIdRule clientIds;
    private final TopicPolicy policy;
    private final BatchValidator validator;

    public ConnectChecks(ClientIdRule clientIds, TopicPolicy policy, BatchValidator validator) {
        this.clientIds = clientIds;
        this.policy = policy;
        this.validator = validator;
    }

    public Optional<Refusal> check(ClientIdentity who, String clientId, ConnectPacket connect) {
        Optional<String> idProblem = clientIds.problem(clientId, who);
        if (idProblem.isPresent()) {
            return Optional.of(new Refusal(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, idProblem.get()));
        }
        return connect.getWillPublish().flatMap(will -> checkWill(who, will));
    }

    private Optional<Refusal> checkWill(ClientIdentity who, WillPublishPacket will) {
        Decision d = policy.will(who, will.getTopic(), will.getRetain());
        if (!d.allowed()) {
            return Optional.of(new Refusal(ConnackReasonCode.NOT_AUTHORIZED, "will refused: " + d.reason()));
        }
        ByteBuffer payload = will.getPayload().orElse(ByteBuffer.allocate(0));
        Optional<String> device = Topics.deviceOfStatus(will.getTopic());
        if (device.isPresent()) {
            if (!payload.hasRemaining()) {
                return Optional.of(new Refusal(
                        ConnackReasonCode.PAYLOAD_FORMAT_INVALID, "will refused: a status will must not be empty"));
            }
            Optional<Rejection> bad = validator.validateStatus(payload, device.get());
            if (bad.isPresent()) {
                return Optional.of(new Refusal(
                        ConnackReasonCode.PAYLOAD_FORMAT_INVALID,
                        "will refused: " + bad.get().reasonString()));
            }
        }
        return Optional.empty();
    }
}
