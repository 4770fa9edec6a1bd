package dev.calor.e2e.demo;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A caregiver's phone: subscribes to a patient's alerts as that caregiver and shows each one. */
final class AlertWatcher implements AutoCloseable {

    private final Mqtt5BlockingClient client;
    private final List<ReceivedAlert> received = new CopyOnWriteArrayList<>();

    AlertWatcher(int brokerPort, String caregiver, String password, String patient, DemoConsole console) {
        client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(caregiver + "/demo")
                .serverHost("127.0.0.1")
                .serverPort(brokerPort)
                // credentials on the client, not on connect(): an automatic reconnect reuses only these
                .simpleAuth()
                .username(caregiver)
                .password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .automaticReconnectWithDefaultConfig()
                .buildBlocking();
        client.connect();
        client.toAsync()
                .subscribeWith()
                .topicFilter(Topics.alerts(patient))
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(publish -> show(publish, console, caregiver))
                .send()
                .join();
    }

    private void show(Mqtt5Publish publish, DemoConsole console, String caregiver) {
        try {
            Alert alert = Alert.parseFrom(publish.getPayloadAsBytes());
            ReceivedAlert shown = ReceivedAlert.of(alert, publish.isRetain());
            received.add(shown);
            console.line(
                    caregiver,
                    (shown.retained() ? "(current state) " : "") + shown.transition() + " " + shown.kind() + ": "
                            + shown.message() + (alert.getLate() ? " [late]" : ""));
        } catch (InvalidProtocolBufferException e) {
            console.line(caregiver, "unreadable alert on " + publish.getTopic() + ": " + e.getMessage());
        }
    }

    List<ReceivedAlert> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        try {
            client.disconnect();
        } catch (RuntimeException alreadyGone) {
            // the broker may be down already
        }
    }
}
