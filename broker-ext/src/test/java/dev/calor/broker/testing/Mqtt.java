package dev.calor.broker.testing;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Small helpers around the HiveMQ MQTT client for the broker's tests. */
public final class Mqtt {

    private Mqtt() {}

    public static Mqtt5BlockingClient connect(int port, String username, String password) {
        Mqtt5BlockingClient c = client(port, username + "/" + UUID.randomUUID());
        c.connectWith()
                .simpleAuth()
                .username(username)
                .password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send();
        return c;
    }

    public static Mqtt5BlockingClient client(int port, String clientId) {
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildBlocking();
    }

    /** The CONNACK reason code of a connection attempt (the client is disconnected again on success). */
    public static Mqtt5ConnAckReasonCode connectCode(int port, String username, String password) {
        Mqtt5BlockingClient c =
                client(port, (username == null ? "anonymous" : username) + "/probe-" + UUID.randomUUID());
        try {
            var builder = c.connectWith();
            if (username != null) {
                var auth = builder.simpleAuth().username(username);
                if (password != null) {
                    auth.password(password.getBytes(StandardCharsets.UTF_8));
                }
                auth.applySimpleAuth();
            }
            Mqtt5ConnAckReasonCode code = builder.send().getReasonCode();
            c.disconnect();
            return code;
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    /** Subscribes and returns the SUBACK reason code of the one filter, whatever it is. */
    public static Mqtt5SubAckReasonCode subscribe(Mqtt5BlockingClient client, String filter) {
        try {
            return client.subscribeWith()
                    .topicFilter(filter)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send()
                    .getReasonCodes()
                    .get(0);
        } catch (Mqtt5SubAckException e) {
            return e.getMqttMessage().getReasonCodes().get(0);
        }
    }

    /** Publishes QoS 1 and returns the broker's PUBACK, whatever its reason code. */
    public static Mqtt5PubAck publish(Mqtt5BlockingClient client, String topic, byte[] payload) {
        try {
            Mqtt5PublishResult result = client.publishWith()
                    .topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload)
                    .send();
            if (result.getError().isPresent() && result.getError().get() instanceof Mqtt5PubAckException e) {
                return e.getMqttMessage();
            }
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage();
        }
    }
}
