package dev.calor.broker.extension;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationFailedInput;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import dev.calor.broker.auth.ClientIdentity;
import dev.calor.broker.metrics.BrokerMetrics;

/**
 * Keeps the {@code calor_broker_connections} gauge (authenticated clients currently connected) and the
 * {@link LiveSessions} used to close a revoked user's connections.
 */
final class ConnectionCounter implements ClientLifecycleEventListener {

    private final BrokerMetrics metrics;
    private final LiveSessions sessions;

    ConnectionCounter(BrokerMetrics metrics, LiveSessions sessions) {
        this.metrics = metrics;
        this.sessions = sessions;
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {}

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        metrics.connected();
        ClientIdentity.from(input.getConnectionInformation().getConnectionAttributeStore())
                .ifPresent(
                        who -> sessions.connected(input.getClientInformation().getClientId(), who.name()));
    }

    @Override
    public void onAuthenticationFailedDisconnect(AuthenticationFailedInput input) {}

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        if (ClientIdentity.from(input.getConnectionInformation().getConnectionAttributeStore())
                .isPresent()) {
            metrics.disconnected();
            sessions.disconnected(input.getClientInformation().getClientId());
        }
    }
}
