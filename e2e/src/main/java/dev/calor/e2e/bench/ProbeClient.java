package dev.calor.e2e.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.ReadingBatch;
import java.nio.charset.StandardCharsets;

/** One MQTT 5 connection the benchmark measures with: publishes a batch and waits for its PUBACK. */
final class ProbeClient implements AutoCloseable {

    private final Mqtt5BlockingClient client;

    ProbeClient(String host, int port, String username, String password) {
        this.client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(username)
                .serverHost(host)
                .serverPort(port)
                .simpleAuth()
                .username(username)
                .password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .buildBlocking();
        client.connectWith().cleanStart(true).send();
    }

    Mqtt5BlockingClient client() {
        return client;
    }

    /** @throws IllegalStateException when the broker refuses the batch */
    void publish(ReadingBatch batch) {
        Mqtt5PublishResult result = client.publishWith()
                .topic(Topics.readings(batch.getDeviceId()))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(batch.toByteArray())
                .send();
        result.getError().ifPresent(e -> {
            throw new IllegalStateException("broker refused probe batch of " + batch.getDeviceId(), e);
        });
    }

    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnect();
        }
    }
}
