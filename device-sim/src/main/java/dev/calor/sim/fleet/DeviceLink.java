package dev.calor.sim.fleet;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One patch's own MQTT 5 connection (username = device id), publishing its batches at QoS 1 and
 * counting every outcome in the run's {@link FleetStats}. Its futures never complete exceptionally.
 */
final class DeviceLink {

    private static final Logger REJECTED = LoggerFactory.getLogger("calor.event.fleet-publish-rejected");
    private static final Logger CONNECT_FAILED = LoggerFactory.getLogger("calor.event.fleet-connect-failed");

    private final SimulatedPatch patch;
    private final Mqtt5AsyncClient client;
    private final String topic;
    private final FleetStats stats;
    private final long ackTimeoutMillis;
    private final AtomicBoolean open = new AtomicBoolean();

    DeviceLink(FleetConfig config, SimulatedPatch patch, FleetStats stats) {
        this.patch = patch;
        this.stats = stats;
        this.topic = Topics.readings(patch.deviceId());
        this.ackTimeoutMillis = config.ackTimeout().toMillis();
        this.client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(patch.deviceId())
                .serverHost(config.brokerHost())
                .serverPort(config.brokerPort())
                .transportConfig()
                .socketConnectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .applyTransportConfig()
                .simpleAuth()
                .username(patch.deviceId())
                .password(config.password(patch.deviceId()).getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .addDisconnectedListener(context -> markClosed())
                .buildAsync();
    }

    SimulatedPatch patch() {
        return patch;
    }

    boolean isOpen() {
        return open.get();
    }

    /** Connects with a clean session; completes with whether the broker accepted. */
    CompletableFuture<Boolean> connect() {
        stats.connectAttempted();
        return client.connectWith().cleanStart(true).keepAlive(60).send().handle((connAck, failure) -> {
            if (failure == null) {
                open.set(true);
                stats.connectAccepted();
                return true;
            }
            String reason = FailureReasons.of(failure);
            stats.connectFailed(reason);
            CONNECT_FAILED.debug("device {} not connected: {}", patch.deviceId(), reason);
            return false;
        });
    }

    /** Publishes one batch; completes with whether the broker acknowledged it with success. */
    CompletableFuture<Boolean> publish(ReadingBatch batch) {
        int readings = batch.getReadingsCount();
        stats.published(readings);
        long start = System.nanoTime();
        return client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(batch.toByteArray())
                .send()
                .orTimeout(ackTimeoutMillis, TimeUnit.MILLISECONDS)
                .handle((result, failure) -> {
                    Throwable error =
                            failure != null ? failure : result.getError().orElse(null);
                    if (error == null
                            && result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1
                            && qos1.getPubAck().getReasonCode().isError()) {
                        String reason = qos1.getPubAck().getReasonCode().name();
                        reject(batch, reason);
                        return false;
                    }
                    if (error != null) {
                        reject(batch, FailureReasons.of(error));
                        return false;
                    }
                    stats.acknowledged(readings, (System.nanoTime() - start) / 1_000);
                    return true;
                });
    }

    /** Disconnects normally; completes when the connection is closed (or was not open). */
    CompletableFuture<Void> disconnect() {
        if (!open.get()) {
            return CompletableFuture.completedFuture(null);
        }
        return client.disconnect().handle((ignored, failure) -> {
            markClosed();
            return null;
        });
    }

    private void markClosed() {
        if (open.compareAndSet(true, false)) {
            stats.connectionClosed();
        }
    }

    private void reject(ReadingBatch batch, String reason) {
        stats.rejected(reason);
        REJECTED.warn(
                "device {} batch {} ({} readings) not acknowledged: {}",
                patch.deviceId(),
                batch.getBatchId(),
                batch.getReadingsCount(),
                reason);
    }
}
