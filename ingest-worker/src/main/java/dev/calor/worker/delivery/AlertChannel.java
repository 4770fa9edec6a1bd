package dev.calor.worker.delivery;

import dev.calor.proto.v1.Alert;
import dev.calor.worker.state.Delivery;

/**
 * A way alerts leave the worker. Each channel has its own durable queue (the outbox rows with its
 * {@link #name()}) and its own {@link AlertDeliverer} thread, so a slow or dead channel (a webhook that
 * times out, InfluxDB down) never delays another. A new channel (e-mail) is one more implementation,
 * registered in the worker and named by the fan-out.
 */
public interface AlertChannel {

    /** The {@link Delivery#channel()} this channel serves. */
    String name();

    /**
     * Makes one attempt.
     *
     * @throws DeliveryException when it failed; {@link DeliveryException#permanent()} abandons it
     */
    void send(Delivery d, Alert alert) throws InterruptedException;
}
