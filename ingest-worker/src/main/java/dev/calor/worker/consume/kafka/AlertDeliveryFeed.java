package dev.calor.worker.consume.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.calor.proto.v1.Alert;
import dev.calor.retry.Backoff;
import dev.calor.worker.config.KafkaSettings;
import dev.calor.worker.metrics.WorkerMetrics;
import dev.calor.worker.state.AlertStore;
import dev.calor.worker.state.Delivery;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the local delivery outbox (webhooks, e-mail, the InfluxDB {@code alerts} series) from what Kafka
 * committed: the alerts of committed alerting transactions on the alert-events topic, read_committed, in
 * the consumer group {@code {group-id}-delivery}. Each record's alert is fanned out with the current care
 * circle and queued in one SQLite transaction; only then is the record's offset committed (at least
 * once). The outbox ignores an alert it already holds, so a replay queues nothing twice. An alert of an
 * aborted transaction is never read; a worker that died right after its commit leaves its alerts to the
 * feed's new owner of that partition.
 */
public final class AlertDeliveryFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDeliveryFeed.class);
    private static final Logger DROPPED = LoggerFactory.getLogger("calor.event.alert-record-dropped");
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final AlertStore outbox;
    private final Function<Alert, List<Delivery>> fanOut;
    private final Runnable wakeDelivery;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
    private final Thread thread = new Thread(this::run, "calor-worker-alert-feed");
    private volatile boolean closed;

    /**
     * @param fanOut an alert's deliveries to the channels this worker runs
     * @param wakeDelivery called after new deliveries were queued
     */
    public AlertDeliveryFeed(
            KafkaSettings settings,
            String workerId,
            AlertStore outbox,
            Function<Alert, List<Delivery>> fanOut,
            Runnable wakeDelivery,
            WorkerMetrics metrics,
            Clock clock) {
        this.topic = settings.alertEventsTopic();
        this.outbox = outbox;
        this.fanOut = fanOut;
        this.wakeDelivery = wakeDelivery;
        this.metrics = metrics;
        this.clock = clock;
        this.consumer = KafkaReadingsSource.consumer(
                settings, groupId(settings), "calor-worker-" + workerId + "-delivery", 500);
    }

    public static String groupId(KafkaSettings settings) {
        return settings.groupId() + "-delivery";
    }

    /** Joins the delivery group and feeds the outbox on its own thread. */
    public AlertDeliveryFeed start() {
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        consumer.subscribe(List.of(topic));
        int failures = 0;
        while (!closed) {
            ConsumerRecords<String, byte[]> records = ConsumerRecords.empty();
            try {
                records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    queue(records);
                    consumer.commitSync(next(records));
                }
                updateLag();
                failures = 0;
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                failures++;
                LOG.warn(
                        "alert feed: batch not queued or not committed (attempt {}, read again): {}",
                        failures,
                        e.toString());
                rewind(records);
                pause(backoff.delay(failures, ThreadLocalRandom.current()));
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    /** Queues the batch's alerts in one outbox transaction; an undecodable record is counted and skipped. */
    private void queue(ConsumerRecords<String, byte[]> records) {
        List<Alert> alerts = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                Alert a = Alert.parseFrom(r.value() == null ? new byte[0] : r.value());
                if (a.getAlertId().isEmpty() || a.getPatientId().isEmpty()) {
                    drop(r, "no alert id or patient id");
                } else {
                    alerts.add(a);
                }
            } catch (InvalidProtocolBufferException e) {
                drop(r, "not a calor.v1.Alert: " + e.getMessage());
            }
        }
        if (alerts.isEmpty()) {
            return;
        }
        long nowNs = clock.millis() * 1_000_000L;
        int fresh = outbox.commit(List.of(), alerts, fanOut, nowNs).size();
        metrics.alertFeedRecords.labelValues("queued").inc(fresh);
        metrics.alertFeedRecords.labelValues("duplicate").inc(alerts.size() - fresh);
        if (fresh > 0) {
            wakeDelivery.run();
        }
    }

    private void drop(ConsumerRecord<String, byte[]> r, String reason) {
        metrics.alertFeedRecords.labelValues("dropped").inc();
        DROPPED.warn("{}-{} offset {} skipped: {}", r.topic(), r.partition(), r.offset(), reason);
    }

    private static Map<TopicPartition, OffsetAndMetadata> next(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(tp);
            out.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return out;
    }

    /** Reads a failed batch again (the partitions still owned; a moved one resumes at its committed offset). */
    private void rewind(ConsumerRecords<String, byte[]> records) {
        try {
            for (TopicPartition tp : records.partitions()) {
                if (consumer.assignment().contains(tp)) {
                    consumer.seek(tp, records.records(tp).get(0).offset());
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("alert feed: rewind failed: {}", e.toString());
        }
    }

    private void updateLag() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            lag += consumer.currentLag(tp).orElse(0);
        }
        metrics.alertFeedLag.set(lag);
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops after the batch at hand is queued and committed, and leaves the group. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        if (thread.isAlive()) {
            consumer.wakeup();
            thread.join(10_000);
        } else {
            consumer.close(Duration.ZERO);
        }
    }
}
