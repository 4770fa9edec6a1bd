package dev.calor.broker.forward;

import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.ModifiablePublishPacket;
import dev.calor.broker.authz.TopicPolicy;
import dev.calor.broker.metrics.BrokerMetrics;
import dev.calor.proto.v1.ReadingBatch;

/**
 * The single-node default: an accepted batch is moved, unchanged, to the ingest topic of its device's
 * shard, so the broker's own QoS 1 flow delivers it to the worker owning the shard and the device's
 * PUBACK follows the enqueue. There are no other nodes to share anything with.
 */
public final class MqttForwarder implements Forwarder {

    private final TopicPolicy policy;
    private final BrokerMetrics metrics;

    public MqttForwarder(TopicPolicy policy, BrokerMetrics metrics) {
        this.policy = policy;
        this.metrics = metrics;
    }

    @Override
    public void readings(String deviceId, ReadingBatch batch, PublishInboundOutput output) {
        ModifiablePublishPacket packet = output.getPublishPacket();
        packet.setTopic(policy.ingestTopicOf(deviceId));
        packet.setRetain(false);
        metrics.forwarded();
    }

    @Override
    public boolean shares(String topic) {
        return false;
    }

    @Override
    public void share(String topic, PublishInboundOutput output) {}

    @Override
    public void close() {}
}
