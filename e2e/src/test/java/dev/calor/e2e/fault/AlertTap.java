package dev.calor.e2e.fault;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A caregiver's phone: a persistent session as the caregiver, subscribed to the alerts of every patient, keeping
 * every alert received in an {@link AlertLog}.
 */
final class AlertTap implements AutoCloseable {

    private final Mqtt5AsyncClient client;
    private final AlertLog log = new AlertLog();

    private AlertTap(Mqtt5AsyncClient client) {
        this.client = client;
    }

    static AlertTap connect(int brokerPort, String username, String password, List<String> patients) {
        Mqtt5AsyncClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(username + "/fault-suite")
                .serverHost("127.0.0.1")
                .serverPort(brokerPort)
                // on the builder, not the CONNECT: an automatic reconnect would otherwise log in anonymously
                .simpleAuth()
                .username(username)
                .password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .automaticReconnect()
                .initialDelay(100, TimeUnit.MILLISECONDS)
                .maxDelay(1, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .buildAsync();
        AlertTap tap = new AlertTap(client);
        client.publishes(MqttGlobalPublishFilter.ALL, tap::onPublish);
        client.connectWith()
                .cleanStart(false) // reconnects resume the session the broker kept across its restart
                .sessionExpiryInterval(3600)
                .send()
                .join();
        for (String patient : patients) {
            client.subscribeWith()
                    .topicFilter(Topics.alerts(patient))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send()
                    .join();
        }
        return tap;
    }

    private void onPublish(Mqtt5Publish publish) {
        try {
            log.add(Alert.parseFrom(publish.getPayloadAsBytes()));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an alert that is not an Alert on " + publish.getTopic(), e);
        }
    }

    java.util.Optional<java.time.Instant> feverReceivedAt(String patientId) {
        return log.feverReceivedAt(patientId);
    }

    List<Alert> raised(String patientId) {
        return log.raised(patientId);
    }

    String kinds(String patientId) {
        return log.kinds(patientId);
    }

    long cleared(String patientId) {
        return log.cleared(patientId);
    }

    long doubles(String patientId) {
        return log.doubles(patientId);
    }

    String describe(String patientId) {
        return log.describe(patientId);
    }

    boolean connected() {
        return client.getState().isConnected();
    }

    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnectWith().sessionExpiryInterval(0).send().join();
        }
    }
}
