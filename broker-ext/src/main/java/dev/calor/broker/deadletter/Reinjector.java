package dev.calor.broker.deadletter;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import dev.calor.broker.authz.TopicPolicy;
import dev.calor.broker.metrics.BrokerMetrics;
import dev.calor.broker.validation.BatchValidator;
import dev.calor.broker.validation.ValidationResult;
import dev.calor.proto.Topics;
import java.nio.ByteBuffer;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the letters an operator asked to re-inject ({@code ./calor broker dead-letters reinject}) through
 * the same validation as a live publish: a batch that passes now (say, after {@code max-age} was raised)
 * is forwarded to its device's ingest shard; one that does not is stored again with today's reason.
 */
public final class Reinjector {

    private static final Logger LOG = LoggerFactory.getLogger("calor.event.dead-letter-reinjected");

    private final DeadLetterStore store;
    private final BatchValidator validator;
    private final TopicPolicy policy;
    private final PublishService publishService;
    private final BrokerMetrics metrics;
    private final Clock clock;

    public Reinjector(
            DeadLetterStore store,
            BatchValidator validator,
            TopicPolicy policy,
            PublishService publishService,
            BrokerMetrics metrics,
            Clock clock) {
        this.store = store;
        this.validator = validator;
        this.policy = policy;
        this.publishService = publishService;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Handles every waiting letter; never throws. */
    public void run() {
        try {
            for (DeadLetter letter : store.takeReinjections()) {
                reinject(letter);
            }
        } catch (RuntimeException e) {
            LOG.error("re-injecting dead letters failed", e);
        }
    }

    private void reinject(DeadLetter letter) {
        if (letter.truncated() || Topics.deviceOfReadings(letter.topic()).isEmpty()) {
            store.add(letter);
            metrics.deadLetter("reinject-refused");
            LOG.warn(
                    "dead letter {} cannot be re-injected: {}",
                    letter.id(),
                    letter.truncated() ? "truncated" : "not a reading batch");
            return;
        }
        ValidationResult result =
                validator.validate(ByteBuffer.wrap(letter.payload()), letter.deviceId(), clock.instant());
        if (result.rejection().isPresent()) {
            store.add(new DeadLetter(
                    "",
                    letter.deviceId(),
                    letter.clientId(),
                    letter.topic(),
                    result.rejection().get().reason().label(),
                    result.rejection().get().detail(),
                    letter.receivedAt(),
                    letter.payloadBytes(),
                    false,
                    letter.payload()));
            metrics.deadLetter("reinject-refused");
            LOG.warn(
                    "dead letter {} refused again: {}",
                    letter.id(),
                    result.rejection().get().reasonString());
            return;
        }
        publishService
                .publish(Builders.publish()
                        .topic(policy.ingestTopicOf(letter.deviceId()))
                        .qos(Qos.AT_LEAST_ONCE)
                        .payload(ByteBuffer.wrap(letter.payload()))
                        .build())
                .whenComplete((ok, error) -> {
                    if (error == null) {
                        metrics.deadLetter("reinjected");
                        LOG.info("dead letter {} of device '{}' re-injected", letter.id(), letter.deviceId());
                    } else {
                        store.add(letter);
                        metrics.deadLetter("reinject-failed");
                        LOG.warn("dead letter {} could not be re-injected: {}", letter.id(), error.toString());
                    }
                });
    }
}
