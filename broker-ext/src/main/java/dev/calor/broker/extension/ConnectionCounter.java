package dev.calor.broker.extension;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationFailedInput;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import dev.calor.broker.auth.ClientIdentity;
import dev.calor.broker.metrics.BrokerMetrics;

/** Keeps the {@code calor_broker_connections} gauge: authenticated clients currently connected. */
final class ConnectionCounter implements ClientLifecycleEventListener {

    private final BrokerMetrics metrics;

    ConnectionCounter(BrokerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {}

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        metrics.connected();
    }

    @Override
    public void onAuthenticationFailedDisconnect(AuthenticationFailedInput input) {}

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        if (ClientIdentity.from(input.getConnectionInformation().getConnectionAttributeStore())
                .isPresent()) {
            metrics.disconnected();
        }
    }
}
