package dev.calor.edgebridge.publish;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Publishes a batch with QoS 1 and reports its outcome exactly once: the PUBACK (success or refusal), a lost
 * connection, or {@link PublishOutcome.Failed} with a {@link TimeoutException} when no PUBACK came within the
 * time-out (a half-open connection, a broker that stopped answering). A PUBACK arriving after the time-out is
 * ignored: the batch is still buffered and the publisher resends it.
 */
final class BatchSender {

    private final Mqtt5AsyncClient client;
    private final String topic;
    private final ScheduledExecutorService scheduler;
    private final Duration pubackTimeout;

    BatchSender(Mqtt5AsyncClient client, String topic, ScheduledExecutorService scheduler, Duration pubackTimeout) {
        this.client = client;
        this.topic = topic;
        this.scheduler = scheduler;
        this.pubackTimeout = pubackTimeout;
    }

    /** Sends {@code payload}; {@code settled} is called once, on the scheduler or on the client's thread. */
    void send(byte[] payload, Consumer<PublishOutcome> settled) {
        AtomicBoolean done = new AtomicBoolean();
        ScheduledFuture<?> timeout = scheduler.schedule(
                () -> {
                    if (done.compareAndSet(false, true)) {
                        settled.accept(new PublishOutcome.Failed(
                                new TimeoutException("no PUBACK within " + pubackTimeout.toMillis() + " ms")));
                    }
                },
                pubackTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
        client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .send()
                .whenComplete((result, error) -> {
                    if (done.compareAndSet(false, true)) {
                        timeout.cancel(false);
                        settled.accept(PublishOutcome.of(result, error));
                    }
                });
    }
}
