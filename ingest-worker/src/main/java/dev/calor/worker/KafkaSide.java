package dev.calor.worker;

import dev.calor.proto.v1.Alert;
import dev.calor.worker.carecircle.CareCircleWatcher;
import dev.calor.worker.config.WorkerConfig;
import dev.calor.worker.consume.AlertCommitter;
import dev.calor.worker.consume.AlertPipeline;
import dev.calor.worker.consume.AlertStage;
import dev.calor.worker.consume.InboundMessage;
import dev.calor.worker.consume.kafka.AlertChangelog;
import dev.calor.worker.consume.kafka.AlertDeliveryFeed;
import dev.calor.worker.consume.kafka.AlertStateHandover;
import dev.calor.worker.consume.kafka.KafkaAlertCommitter;
import dev.calor.worker.consume.kafka.KafkaReadingsSource;
import dev.calor.worker.consume.kafka.KafkaTransactions;
import dev.calor.worker.metrics.HealthState;
import dev.calor.worker.metrics.WorkerMetrics;
import dev.calor.worker.state.AlertStore;
import dev.calor.worker.state.Delivery;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's parts for {@code source: kafka}: the storage and the alerting consumer groups (each committing
 * its own progress: storage after InfluxDB accepted every point, alerting in the transaction that makes the alert
 * state durable), the transactional alert committer, the hand-over of partitions' alert state on a rebalance,
 * and the delivery outbox fed from what Kafka committed.
 */
final class KafkaSide {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSide.class);
    private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(60);

    private final WorkerConfig config;
    private final KafkaReadingsSource storage;
    private final KafkaReadingsSource alerting;
    private final AlertStateHandover handover;
    private final KafkaAlertCommitter committer;

    private KafkaSide(
            WorkerConfig config,
            KafkaReadingsSource storage,
            KafkaReadingsSource alerting,
            AlertStateHandover handover,
            KafkaAlertCommitter committer) {
        this.config = config;
        this.storage = storage;
        this.alerting = alerting;
        this.handover = handover;
        this.committer = committer;
    }

    /**
     * Creates the parts (the consumers join their groups in {@link #join}); what must be closed with the worker
     * is handed to {@code own}.
     *
     * @param fanOut an alert's deliveries over the channels this worker delivers on
     */
    static KafkaSide create(
            WorkerConfig config,
            Consumer<InboundMessage> storagePipeline,
            Consumer<InboundMessage> alertPipeline,
            HealthState health,
            AlertStore outbox,
            Function<Alert, List<Delivery>> fanOut,
            Runnable wakeDeliverers,
            WorkerMetrics metrics,
            Clock clock,
            Consumer<AutoCloseable> own) {
        int partitions = AlertChangelog.ensureTopic(config.kafka());
        AlertChangelog changelog = new AlertChangelog(config.kafka(), config.workerId());
        own.accept(changelog);
        AlertStateHandover handover = new AlertStateHandover(changelog, partitions);
        own.accept(
                new AlertDeliveryFeed(config.kafka(), config.workerId(), outbox, fanOut, wakeDeliverers, metrics, clock)
                        .start());
        // nothing below can fail, so the two consumers never exist without a KafkaSide that closes them
        KafkaReadingsSource storage =
                new KafkaReadingsSource(config.kafka(), "storage", config.workerId(), storagePipeline, health);
        KafkaReadingsSource alerting = new KafkaReadingsSource(
                config.kafka(), "alerting", config.workerId(), alertPipeline, new HealthState(), handover);
        KafkaAlertCommitter committer = new KafkaAlertCommitter(
                config.kafka(),
                () -> KafkaTransactions.producer(config.kafka(), config.workerId()),
                alerting,
                clock,
                partitions,
                metrics.alertCommitsFenced::inc);
        own.accept(committer);
        return new KafkaSide(config, storage, alerting, handover, committer);
    }

    AlertCommitter committer() {
        return committer;
    }

    /** Whether this worker's alerting group owns the patient wearing {@code device} now (else the device's own key). */
    Predicate<String> ownsDevice(CareCircleWatcher careCircle, Clock clock) {
        return device -> alerting.ownership()
                .ownsKey(careCircle
                        .current()
                        .assignmentAt(device, clock.millis() * 1_000_000L)
                        .map(a -> a.patientId())
                        .orElse(device));
    }

    /** Whether the alerting consumer has held its partitions for at least {@code settleNs}. */
    boolean settled(long settleNs) {
        return alerting.settled(settleNs);
    }

    /** Lets a rebalance hand the alert state of moving partitions over through the pipeline. */
    void bind(AlertPipeline pipeline, AlertStage stage) {
        handover.bind(pipeline, stage, committer);
    }

    /** Joins both consumer groups; returns once each has partitions assigned. */
    void join() {
        storage.start();
        alerting.start();
        try {
            for (KafkaReadingsSource s : List.of(storage, alerting)) {
                if (!s.awaitAssignment(ASSIGNMENT_TIMEOUT)) {
                    throw new IllegalStateException("no partition assignment from Kafka "
                            + config.kafka().bootstrapServers() + " (group '" + s.groupId() + "') within "
                            + ASSIGNMENT_TIMEOUT.toSeconds() + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining the consumer groups", e);
        }
        LOG.info(
                "worker {} running: Kafka topic '{}', groups '{}' (partitions {}) and '{}' (partitions {}), InfluxDB {},"
                        + " care circle {}",
                config.workerId(),
                config.kafka().topic(),
                storage.groupId(),
                storage.ownership().owned(),
                alerting.groupId(),
                alerting.ownership().owned(),
                config.influx().url(),
                config.careCircleFile());
    }

    /**
     * Before the pipelines stop: storage takes nothing more, and the alerting group leaves first, so that its last
     * transaction commits what the pipeline has.
     */
    void stopTaking() {
        storage.pause();
        alerting.close();
    }

    /** After the pipelines stopped: the storage group leaves. */
    void close() {
        storage.close();
    }
}
