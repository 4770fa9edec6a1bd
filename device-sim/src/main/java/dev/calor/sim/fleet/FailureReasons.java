package dev.calor.sim.fleet;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Names why a connection or a publish failed: the MQTT reason code when the broker sent one. */
final class FailureReasons {

    static final String TIMEOUT = "TIMEOUT";

    private FailureReasons() {}

    static String of(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode().name();
        }
        if (t instanceof Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode().name();
        }
        if (t instanceof Mqtt5DisconnectException e) {
            return "DISCONNECTED_" + e.getMqttMessage().getReasonCode().name();
        }
        if (t instanceof TimeoutException) {
            return TIMEOUT;
        }
        if (t instanceof ConnectionFailedException) {
            return "CONNECTION_FAILED";
        }
        if (t instanceof ConnectionClosedException) {
            return "CONNECTION_CLOSED";
        }
        return t.getClass().getSimpleName();
    }
}
