package dev.calor.broker.deadletter;

import java.time.Instant;
import java.util.Objects;

/**
 * One refused payload as kept in the store.
 *
 * @param id the store's name for it (time-ordered)
 * @param deviceId the device that published it
 * @param clientId its client id
 * @param topic the topic it was published to
 * @param reason the refusal's label (e.g. {@code sample-too-old})
 * @param detail the refusal's detail
 * @param receivedAt when the broker received it
 * @param payloadBytes the original payload's size
 * @param truncated whether {@code payload} is shorter than the original (such a letter cannot be re-injected)
 * @param payload the payload (possibly truncated)
 */
public record DeadLetter(
        String id,
        String deviceId,
        String clientId,
        String topic,
        String reason,
        String detail,
        Instant receivedAt,
        int payloadBytes,
        boolean truncated,
        byte[] payload) {

    public DeadLetter {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    public DeadLetter withId(String newId) {
        return new DeadLetter(
                newId, deviceId, clientId, topic, reason, detail, receivedAt, payloadBytes, truncated, payload);
    }
}
