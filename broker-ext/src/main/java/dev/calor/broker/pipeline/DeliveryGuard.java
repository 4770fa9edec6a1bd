package dev.calor.broker.pipeline;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import dev.calor.broker.auth.ClientIdentity;
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
 */
public final class DeliveryGuard implements PublishOutboundInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryGuard.class);
    private static final Logger PREVENTED = LoggerFactory.getLogger("calor.event.delivery-prevented");

    private final TopicPolicy policy;
    private final BrokerMetrics metrics;

    public DeliveryGuard(TopicPolicy policy, BrokerMetrics metrics) {
        this.policy = policy;
        this.metrics = metrics;
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        String clientId = input.getClientInformation().getClientId();
        String topic = input.getPublishPacket().getTopic();
        try {
            Optional<ClientIdentity> who =
                    ClientIdentity.from(input.getConnectionInformation().getConnectionAttributeStore());
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
