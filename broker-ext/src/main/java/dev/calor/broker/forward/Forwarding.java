package dev.calor.broker.forward;

import com.hivemq.extension.sdk.api.services.publish.PublishService;
import dev.calor.broker.authz.TopicPolicy;
import dev.calor.broker.metrics.BrokerMetrics;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the configured {@link Forwarder} and, with Kafka, the relay from the other broker nodes. */
public final class Forwarding {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarding.class);

    private Forwarding() {}

    public static Forwarder start(
            ForwardingConfig config,
            TopicPolicy policy,
            BrokerMetrics brokerMetrics,
            Supplier<PatientAssignments> assignments,
            PublishService publishService) {
        if (config.mode() == ForwardingConfig.Mode.MQTT) {
            return new MqttForwarder(policy, brokerMetrics);
        }
        ForwardMetrics metrics = new ForwardMetrics(brokerMetrics.registry());
        KafkaClients.ensureTopics(config);
        RelayConsumer relay =
                new RelayConsumer(KafkaClients.relayConsumer(config), config, publishService, metrics).start();
        LOG.info(
                "node '{}' forwards accepted batches to Kafka {} topic '{}' (PUBACK after Kafka's ack, time-out {})",
                config.nodeId(),
                config.bootstrapServers(),
                config.readingsTopic(),
                config.timeout());
        return new KafkaForwarder(config, KafkaClients.producer(config), assignments, metrics, brokerMetrics, relay);
    }
}
