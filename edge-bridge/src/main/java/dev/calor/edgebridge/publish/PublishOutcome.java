package dev.calor.edgebridge.publish;

import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What became of one published batch. */
public sealed interface PublishOutcome {

    /** The broker answered with a success PUBACK: the readings may leave the buffer. */
    record Acknowledged() implements PublishOutcome {}

    /**
     * The broker did not take the batch: a refusal (PUBACK reason code >= 0x80), or 0x10 no matching
     * subscribers (no worker would receive it). {@link RefusalPolicy} decides between resend and quarantine.
     */
    record Refused(int reasonCode, String reason) implements PublishOutcome {}

    /** No PUBACK (connection lost, client closed): the readings stay buffered and are sent again. */
    record Failed(Throwable cause) implements PublishOutcome {}

    /** Classifies the completion of a QoS 1 publish future. */
    static PublishOutcome of(Mqtt5PublishResult result, Throwable error) {
        if (error != null) {
            return ofError(error);
        }
        if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1) {
            Mqtt5PubAck ack = qos1.getPubAck();
            if (ack.getReasonCode().isError() || ack.getReasonCode() == Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS) {
                return refused(ack);
            }
        }
        if (result != null && result.getError().isPresent()) {
            return ofError(result.getError().get());
        }
        return new Acknowledged();
    }

    private static PublishOutcome ofError(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof Mqtt5PubAckException pubAck) {
            return refused(pubAck.getMqttMessage());
        }
        return new Failed(cause);
    }

    private static Refused refused(Mqtt5PubAck ack) {
        return new Refused(
                ack.getReasonCode().getCode(),
                ack.getReasonString().map(Object::toString).orElse(""));
    }
}
