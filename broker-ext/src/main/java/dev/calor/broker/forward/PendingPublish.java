package dev.calor.broker.forward;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PUBLISH held by HiveMQ until Kafka acknowledged each of its records. When all are acknowledged it
 * goes on (a reading batch is then answered PUBACK 0x00 without MQTT delivery; a shared publish is
 * delivered on this node). A Kafka error, a full queue or the time-out answer 0x97 (quota exceeded), which
 * the edge bridge keeps and resends with backoff; an MQTT 3.1.1 client is disconnected instead and resends
 * the unacknowledged publish when it reconnects.
 */
final class PendingPublish {

    private static final Logger LOG = LoggerFactory.getLogger(PendingPublish.class);

    private final PublishInboundOutput output;
    private final Async<PublishInboundOutput> async;
    private final boolean deliverLocally;
    private final AtomicInteger remaining;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final long startedNanos = System.nanoTime();
    private final long timeoutNanos;

    PendingPublish(PublishInboundOutput output, Duration timeout, int records, boolean deliverLocally) {
        this.output = output;
        this.deliverLocally = deliverLocally;
        this.remaining = new AtomicInteger(records);
        this.timeoutNanos = timeout.toNanos();
        this.async = output.async(
                timeout,
                TimeoutFallback.FAILURE,
                AckReasonCode.QUOTA_EXCEEDED,
                "Kafka did not acknowledge within " + timeout.toMillis() + " ms; retry later");
    }

    /** One record acknowledged; true when it was the last one and the publish went on in time. */
    boolean acked() {
        return remaining.decrementAndGet() == 0 && finish(null);
    }

    /** A record failed or could not be queued: the whole publish is refused with 0x97. */
    void failed(String why) {
        finish(why);
    }

    long elapsedNanos() {
        return System.nanoTime() - startedNanos;
    }

    boolean late() {
        return elapsedNanos() >= timeoutNanos;
    }

    private boolean finish(String failure) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        try {
            if (failure != null) {
                output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, failure + "; retry later");
            } else if (!deliverLocally) {
                output.preventPublishDelivery(AckReasonCode.SUCCESS);
            }
            async.resume();
            return failure == null;
        } catch (RuntimeException alreadyAnswered) {
            // the time-out fired first: HiveMQ has answered 0x97 and the client resends
            LOG.debug("publish already answered by the time-out: {}", alreadyAnswered.toString());
            return false;
        }
    }
}
