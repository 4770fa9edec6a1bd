package dev.calor.edgebridge.config;

import dev.calor.edgebridge.buffer.BufferSettings;
import dev.calor.edgebridge.publish.BrokerSettings;
import dev.calor.edgebridge.publish.PublishSettings;
import java.util.List;
import java.util.Objects;

/**
 * The whole, validated bridge configuration.
 *
 * @param bridgeId names this bridge in statuses, batches and MQTT client ids
 * @param buffer the durable buffer
 * @param broker where to publish
 * @param publish batching and reconnects
 * @param intake decoding and acknowledgement
 * @param http metrics and health endpoint
 * @param patches one entry per patch, each with its own transport
 */
public record BridgeConfig(
        String bridgeId,
        BufferSettings buffer,
        BrokerSettings broker,
        PublishSettings publish,
        IntakeSettings intake,
        HttpSettings http,
        List<PatchConfig> patches) {

    public BridgeConfig {
        Objects.requireNonNull(bridgeId, "bridgeId");
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(publish, "publish");
        Objects.requireNonNull(intake, "intake");
        Objects.requireNonNull(http, "http");
        patches = List.copyOf(patches);
        if (patches.isEmpty()) {
            throw new IllegalArgumentException("at least one patch is required");
        }
    }
}
