package dev.calor.worker.delivery;

import dev.calor.proto.v1.Alert;
import dev.calor.worker.state.Delivery;

/** A caregiver's webhook: one queue for every webhook, apart from MQTT and InfluxDB. */
public final class WebhookChannel implements AlertChannel {

    private final WebhookSender sender;

    public WebhookChannel(WebhookSender sender) {
        this.sender = sender;
    }

    @Override
    public String name() {
        return Delivery.WEBHOOK;
    }

    @Override
    public void send(Delivery d, Alert alert) throws InterruptedException {
        sender.send(d, alert);
    }
}
