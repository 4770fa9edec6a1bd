package dev.calor.broker.forward;

import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import dev.calor.proto.v1.ReadingBatch;

/**
 * Where an accepted reading batch goes, and how the publishes other broker nodes must also see
 * (alerts, alert state, acknowledgements) reach them. Called from the publish interceptor; never throws
 * into the broker.
 */
public interface Forwarder extends AutoCloseable {

    /** An accepted batch of {@code deviceId}; the device's PUBACK follows what this decides. */
    void readings(String deviceId, ReadingBatch batch, PublishInboundOutput output);

    /** Whether publishes to {@code topic} are shared with the other broker nodes. */
    boolean shares(String topic);

    /** An authorized publish to a shared topic: delivered here and handed to the other nodes. */
    void share(String topic, PublishInboundOutput output);

    @Override
    void close();
}
