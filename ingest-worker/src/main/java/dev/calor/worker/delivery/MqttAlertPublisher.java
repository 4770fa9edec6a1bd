package dev.calor.worker.delivery;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes a protobuf message QoS 1. A PUBACK with an error reason code is a failure. */
public final class MqttAlertPublisher {

    private final Mqtt5AsyncClient client;
    private final Duration timeout;

    public MqttAlertPublisher(Mqtt5AsyncClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    public void publish(String topic, byte[] payload, boolean retain, String messageType) throws InterruptedException {
        if (!client.getState().isConnected()) {
            throw new DeliveryException("not connected to the broker", false, null);
        }
        try {
            Mqtt5PublishResult r = client.publishWith()
                    .topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .retain(retain)
                    .contentType("application/x-protobuf; messageType=" + messageType)
                    .payload(payload)
                    .send()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r.getError().isPresent()) {
                throw new DeliveryException(
                        "publish to " + topic + " failed: " + r.getError().get(),
                        false,
                        r.getError().get());
            }
            if (r instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1) {
                Mqtt5PubAckReasonCode code = q1.getPubAck().getReasonCode();
                if (code.isError()) {
                    throw new DeliveryException("broker refused the publish on " + topic + ": " + code, false, null);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new DeliveryException("publish to " + topic + " failed: " + e, false, e);
        }
    }
}
