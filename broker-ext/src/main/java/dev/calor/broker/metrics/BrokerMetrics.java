package dev.calor.broker.metrics;

import dev.calor.broker.validation.RejectReason;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The extension's Prometheus metrics, in a registry of its own (several brokers may share a JVM in tests).
 */
public final class BrokerMetrics {

    /** Outcome label of {@code calor_broker_connects_total}. */
    public enum ConnectOutcome {
        ACCEPTED("accepted"),
        BAD_CREDENTIALS("bad-credentials"),
        ANONYMOUS("anonymous"),
        RATE_LIMITED("rate-limited"),
        CLIENT_ID_INVALID("client-id-invalid"),
        WILL_REFUSED("will-refused"),
        TIMED_OUT("timed-out"),
        BUSY("busy"),
        ERROR("error");

        final String label;

        ConnectOutcome(String label) {
            this.label = label;
        }
    }

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter connects = Counter.builder()
            .name("calor_broker_connects_total")
            .help("CONNECT attempts by outcome")
            .labelNames("outcome")
            .register(registry);
    private final Gauge connections = Gauge.builder()
            .name("calor_broker_connections")
            .help("Clients currently connected")
            .register(registry);
    private final Counter batchesAccepted = Counter.builder()
            .name("calor_broker_batches_accepted_total")
            .help("Reading batches that passed validation")
            .register(registry);
    private final Counter readingsAccepted = Counter.builder()
            .name("calor_broker_readings_accepted_total")
            .help("Readings in accepted batches")
            .register(registry);
    private final Counter forwarded = Counter.builder()
            .name("calor_broker_forwarded_total")
            .help("Accepted batches forwarded to an ingest topic")
            .register(registry);
    private final Counter refused = Counter.builder()
            .name("calor_broker_publishes_refused_total")
            .help("Publishes refused by the extension, by reason")
            .labelNames("reason")
            .register(registry);
    private final Counter subscriptionsRefused = Counter.builder()
            .name("calor_broker_subscriptions_refused_total")
            .help("Subscriptions refused by the extension")
            .register(registry);
    private final Counter deadLetters = Counter.builder()
            .name("calor_broker_dead_letters_total")
            .help("Refused payloads copied to the dead-letter topic, or not copied (bounded)")
            .labelNames("outcome")
            .register(registry);
    private final Counter deliveriesPrevented = Counter.builder()
            .name("calor_broker_deliveries_prevented_total")
            .help("Messages not delivered because the receiver may no longer read the topic")
            .register(registry);
    private final Counter reloads = Counter.builder()
            .name("calor_broker_reloads_total")
            .help("Reloads of the credentials and care-circle files")
            .labelNames("file", "outcome")
            .register(registry);

    private final Counter verifications = Counter.builder()
            .name("calor_broker_secret_verifications_total")
            .help("Secret checks at CONNECT: fast (keyed hash, cache hit, token), slow (memory-hard hash),"
                    + " cancelled (the CONNECT timed out before its turn)")
            .labelNames("path")
            .register(registry);

    public void verification(String path) {
        verifications.labelValues(path).inc();
    }

    public long verificationCount(String path) {
        return (long) verifications.labelValues(path).get();
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public void connect(ConnectOutcome outcome) {
        connects.labelValues(outcome.label).inc();
    }

    public void connected() {
        connections.inc();
    }

    public void disconnected() {
        connections.dec();
    }

    public void accepted(int readings) {
        batchesAccepted.inc();
        readingsAccepted.inc(readings);
    }

    public void forwarded() {
        forwarded.inc();
    }

    public void refused(RejectReason reason) {
        refused.labelValues(reason.label()).inc();
    }

    public void subscriptionRefused() {
        subscriptionsRefused.inc();
    }

    public void deadLetter(String outcome) {
        deadLetters.labelValues(outcome).inc();
    }

    public void deliveryPrevented() {
        deliveriesPrevented.inc();
    }

    public long deliveriesPreventedCount() {
        return (long) deliveriesPrevented.get();
    }

    public void reload(String file, boolean ok) {
        reloads.labelValues(file, ok ? "ok" : "failed").inc();
    }

    public long refusedCount(RejectReason reason) {
        return (long) refused.labelValues(reason.label()).get();
    }

    public long acceptedCount() {
        return (long) batchesAccepted.get();
    }

    public long connectCount(ConnectOutcome outcome) {
        return (long) connects.labelValues(outcome.label).get();
    }
}
