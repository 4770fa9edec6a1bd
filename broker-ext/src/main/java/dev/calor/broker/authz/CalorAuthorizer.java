package dev.calor.broker.authz;

import com.hivemq.extension.sdk.api.auth.Authorizer;
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import dev.calor.broker.audit.AuditLog;
import dev.calor.broker.auth.ClientIdentity;
import dev.calor.broker.metrics.BrokerMetrics;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link TopicPolicy} to subscriptions and to publishes (including will messages) as they
 * leave the extension's interceptor. Never throws into the broker: an unexpected error refuses.
 */
public final class CalorAuthorizer {

    private static final Logger LOG = LoggerFactory.getLogger(CalorAuthorizer.class);

    private final TopicPolicy policy;
    private final AuditLog audit;
    private final BrokerMetrics metrics;

    public CalorAuthorizer(TopicPolicy policy, AuditLog audit, BrokerMetrics metrics) {
        this.policy = policy;
        this.audit = audit;
        this.metrics = metrics;
    }

    /**
     * The authorizer of one connection. HiveMQ asks the provider once per connection and keeps what it
     * returns, and a connection's identity is fixed when it connects, so the identity is read once here
     * instead of from the connection's attributes on every publish and subscription. An empty identity
     * refuses everything.
     */
    public Authorizer forConnection(Optional<ClientIdentity> who) {
        return new ConnectionAuthorizer(who);
    }

    private final class ConnectionAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {
        private final Optional<ClientIdentity> who;

        ConnectionAuthorizer(Optional<ClientIdentity> who) {
            this.who = who;
        }

        @Override
        public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
            subscribe(who, input, output);
        }

        @Override
        public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
            publish(who, input, output);
        }
    }

    private void subscribe(
            Optional<ClientIdentity> who, SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String clientId = input.getClientInformation().getClientId();
        String filter = input.getSubscription().getTopicFilter();
        try {
            Decision d = who.isEmpty() ? Decision.deny("not authenticated") : policy.subscribe(who.get(), filter);
            if (d.allowed()) {
                output.authorizeSuccessfully();
            } else {
                metrics.subscriptionRefused();
                audit.authorizationRefused(
                        who.map(ClientIdentity::name).orElse("-"),
                        clientId,
                        input.getConnectionInformation().getInetAddress(),
                        "subscribe",
                        filter,
                        d.reason());
                output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, d.reason());
            }
        } catch (RuntimeException e) {
            LOG.error("authorizing subscription of '{}' to '{}' failed", clientId, filter, e);
            output.failAuthorization(SubackReasonCode.UNSPECIFIED_ERROR, "internal error");
        }
    }

    private void publish(Optional<ClientIdentity> who, PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        String clientId = input.getClientInformation().getClientId();
        String topic = input.getPublishPacket().getTopic();
        try {
            Decision d = who.isEmpty()
                    ? Decision.deny("not authenticated")
                    : policy.publishAfterForwarding(
                            who.get(), topic, input.getPublishPacket().getRetain());
            if (d.allowed()) {
                output.authorizeSuccessfully();
            } else {
                audit.authorizationRefused(
                        who.map(ClientIdentity::name).orElse("-"),
                        clientId,
                        input.getConnectionInformation().getInetAddress(),
                        "publish",
                        topic,
                        d.reason());
                output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, d.reason());
            }
        } catch (RuntimeException e) {
            LOG.error("authorizing publish of '{}' to '{}' failed", clientId, topic, e);
            output.failAuthorization(AckReasonCode.UNSPECIFIED_ERROR, "internal error");
        }
    }
}
