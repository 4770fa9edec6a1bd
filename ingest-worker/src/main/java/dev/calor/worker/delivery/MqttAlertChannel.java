package dev.calor.worker.delivery;

import dev.calor.proto.v1.Alert;
import dev.calor.worker.state.Delivery;

/**
 * Every transition on {@code calor/v1/patients/{p}/alerts}, QoS 1, not retained (the retained picture
 * of a patient is its state topic, {@link MqttStateChannel}).
 */
public final class MqttAlertChannel implements AlertChannel {

    private final MqttAlertPublisher mqtt;

    public MqttAlertChannel(MqttAlertPublisher mqtt) {
        this.mqtt = mqtt;
    }

    @Override
    public String name() {
        return Delivery.MQTT;
    }

    @Override
    public void send(Delivery d, Alert alert) throws InterruptedException {
        mqtt.publish(d.target(), alert.toByteArray(), false, "calor.v1.Alert");
    }
}
