package dev.calor.broker.forward;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Metrics of Kafka forwarding and of the relay between broker nodes, in the extension's registry. */
public final class ForwardMetrics {

    private final Counter records;
    private final Counter lateAcks;
    private final Histogram ackSeconds;
    private final Counter relayed;

    public ForwardMetrics(PrometheusRegistry registry) {
        records = Counter.builder()
                .name("calor_broker_kafka_records_total")
                .help("Records handed to Kafka, by topic role (readings, alert-state, alert-events) and outcome"
                        + " (acked, failed, rejected: too many batches already waiting)")
                .labelNames("topic", "outcome")
                .register(registry);
        lateAcks = Counter.builder()
                .name("calor_broker_kafka_late_acks_total")
                .help("Publishes Kafka acknowledged only after the client had been answered 0x97 (it resends:"
                        + " a duplicate record the worker overwrites)")
                .register(registry);
        ackSeconds = Histogram.builder()
                .name("calor_broker_kafka_ack_seconds")
                .help("From the PUBLISH to Kafka's acknowledgement of all its records")
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        relayed = Counter.builder()
                .name("calor_broker_relay_published_total")
                .help("Publishes of other broker nodes delivered on this node, by outcome (published, failed)")
                .labelNames("outcome")
                .register(registry);
    }

    void record(String topicRole, String outcome) {
        records.labelValues(topicRole, outcome).inc();
    }

    void lateAck() {
        lateAcks.inc();
    }

    void acked(long nanos) {
        ackSeconds.observe(nanos / 1e9);
    }

    void relayed(String outcome) {
        relayed.labelValues(outcome).inc();
    }

    public long recordCount(String topicRole, String outcome) {
        return (long) records.labelValues(topicRole, outcome).get();
    }

    public long relayedCount(String outcome) {
        return (long) relayed.labelValues(outcome).get();
    }
}
