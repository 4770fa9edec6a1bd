package dev.calor.broker.pipeline;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import dev.calor.broker.auth.ClientIdRule;
import dev.calor.broker.auth.ClientIdentity;
import dev.calor.broker.auth.Role;
import dev.calor.broker.authz.Decision;
import dev.calor.broker.authz.TopicPolicy;
import dev.calor.broker.metrics.BrokerMetrics;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-checks every delivery against the current policy. A subscription is authorized once, when it is
 * made; this catches what changed since: a caregiver removed from a care circle, a user whose role changed,
 * a session resumed under another identity.
 *
 * <p>A worker connected under a {@code calor-worker-} client id is the one case where no delivery can be
 * refused that its subscription was not: the worker rules name no identity and no care circle, only a
 * worker may ever use that client id (so every subscription of the session was authorized for a worker,
 * against the same rules), and a worker whose credentials are revoked is disconnected at the reload. For
 * such a connection the check is made once, when it connects ({@link #neededFor}), instead of on each of
 * its deliveries (one extension task per delivery, the worker's whole reading stream).
 */
public final class DeliveryGuard {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryGuard.class);
    private static final Logger PREVENTED = LoggerFactory.getLogger("calor.event.delivery-prevented");

    private final TopicPolicy policy;
    private final BrokerMetrics metrics;

    public DeliveryGuard(TopicPolicy policy, BrokerMetrics metrics) {
        this.policy = policy;
        this.metrics = metrics;
    }

    /**
     * Whether the deliveries of a connection need re-checking: every connection except a worker's under a
     * worker client id (and any connection whose identity is unknown).
     */
    public static boolean neededFor(Optional<ClientIdentity> who, String clientId) {
        return who.isEmpty() || who.get().role() != Role.WORKER || !clientId.startsWith(ClientIdRule.WORKER_PREFIX);
    }

    /**
     * This guard for one connection: its identity is fixed when it connects, so it is read once (by the
     * client initializer), not on every delivery. An empty identity prevents every delivery.
     */
    public PublishOutboundInterceptor forConnection(Optional<ClientIdentity> who) {
        return (input, output) -> check(who, input, output);
    }

    private void check(Optional<ClientIdentity> who, PublishOutboundInput input, PublishOutboundOutput output) {
        String clientId = input.getClientInformation().getClientId();
        String topic = input.getPublishPacket().getTopic();
        try {
            Decision d = who.isEmpty() ? Decision.deny("not authenticated") : policy.subscribe(who.get(), topic);
            if (!d.allowed()) {
                metrics.deliveryPrevented();
                PREVENTED.warn("delivery of '{}' to client '{}' prevented: {}", topic, clientId, d.reason());
                output.preventPublishDelivery();
            }
        } catch (RuntimeException e) {
            LOG.error("checking delivery of '{}' to '{}' failed; not delivered", topic, clientId, e);
            metrics.deliveryPrevented();
            output.preventPublishDelivery();
        }
    }
}
