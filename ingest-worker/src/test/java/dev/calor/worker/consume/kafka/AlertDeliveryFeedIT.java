package dev.calor.worker.consume.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.testsupport.KafkaServer;
import dev.calor.worker.carecircle.CareCircleWatcher;
import dev.calor.worker.config.AlertSettings;
import dev.calor.worker.config.KafkaSettings;
import dev.calor.worker.delivery.AlertDeliverer;
import dev.calor.worker.delivery.AlertFanOut;
import dev.calor.worker.delivery.WebhookChannel;
import dev.calor.worker.delivery.WebhookSender;
import dev.calor.worker.metrics.HealthState;
import dev.calor.worker.metrics.WorkerMetrics;
import dev.calor.worker.sink.RetryPolicy;
import dev.calor.worker.state.AlertStore;
import dev.calor.worker.state.Delivery;
import dev.calor.worker.testing.CareCircles;
import dev.calor.worker.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery outbox of a worker group is fed from what Kafka committed, against a real Kafka: an alert
 * that another worker committed and then died with reaches the webhook exactly once through a worker that
 * never evaluated it; an aborted transaction's alert never does; reading the records again (offsets
 * reset) queues no second delivery; an undecodable record is counted and skipped.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AlertDeliveryFeedIT {

    @TempDir
    static Path dir;

    static KafkaServer kafka;
    static WebhookReceiver webhooks;
    static CareCircleWatcher careCircle;

    @BeforeAll
    static void start() throws Exception {
        // Kafka's default of 50 transaction-log partitions makes the first transaction wait for all of them
        kafka = KafkaServer.start(List.of("transaction.state.log.num.partitions=4"));
        webhooks = new WebhookReceiver();
        careCircle = CareCircleWatcher.load(CareCircles.write(dir.resolve("care-circle.json"), 3, webhooks.url("")));
        try (Admin admin = admin()) {
            admin.createTopics(List.of("a", "b", "c").stream()
                            .map(g -> new NewTopic(settings(g).alertEventsTopic(), 2, (short) 1))
                            .toList())
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (webhooks != null) {
            webhooks.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void anAlertCommittedByAWorkerThatDiedIsDeliveredOnceByAnother() throws Exception {
        try (Producer<String, byte[]> dead = KafkaTransactions.producer(settings("a"), "died-after-commit")) {
            dead.initTransactions();
            dead.beginTransaction();
            dead.send(new ProducerRecord<>(
                    settings("a").alertEventsTopic(), "garbage", "not an alert".getBytes(StandardCharsets.UTF_8)));
            dead.send(record("a", alert("A-1", "P-1", "cg-1")));
            dead.commitTransaction();
        }
        try (Outbox o = new Outbox("a")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> o.store.countDeliveries("done") == 1);
            assertThat(webhooks.received("/cg-1")).singleElement().satisfies(r -> assertThat(r.idempotencyKey())
                    .startsWith("A-1/cg-1/"));
            assertThat(o.count("queued")).isEqualTo(1);
            assertThat(o.count("dropped")).as("the undecodable record").isEqualTo(1);
            // both records (in one partition or one each) are committed past: nothing is read again
            await().atMost(Duration.ofSeconds(10)).until(() -> committedOffsets("a") == 2);
        }
        assertThat(webhooks.received("/cg-1")).hasSize(1);
    }

    @Test
    void anAlertOfAnAbortedTransactionIsNeverDelivered() throws Exception {
        try (Producer<String, byte[]> p = KafkaTransactions.producer(settings("b"), "aborting")) {
            p.initTransactions();
            p.beginTransaction();
            p.send(record("b", alert("B-aborted", "P-2", "cg-2"))).get(10, TimeUnit.SECONDS);
            p.abortTransaction();
            p.beginTransaction();
            p.send(record("b", alert("B-committed", "P-2", "cg-2")));
            p.commitTransaction();
        }
        try (Outbox o = new Outbox("b")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> o.store.countDeliveries("done") == 1);
            assertThat(webhooks.received("/cg-2")).singleElement().satisfies(r -> assertThat(r.idempotencyKey())
                    .startsWith("B-committed/"));
            assertThat(o.store.countAlerts()).isEqualTo(1);
            assertThat(o.count("queued")).isEqualTo(1);
        }
    }

    @Test
    void readingTheRecordsAgainAddsNoSecondDelivery() throws Exception {
        try (Producer<String, byte[]> p = KafkaTransactions.producer(settings("c"), "replayed")) {
            p.initTransactions();
            p.beginTransaction();
            p.send(record("c", alert("C-1", "P-3", "cg-3")));
            p.commitTransaction();
        }
        Path file = dir.resolve("c-restarted.db");
        try (Outbox first = new Outbox("c", file)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> first.store.countDeliveries("done") == 1);
        }
        try (Admin admin = admin()) {
            TopicPartition p0 = new TopicPartition(settings("c").alertEventsTopic(), 0);
            TopicPartition p1 = new TopicPartition(settings("c").alertEventsTopic(), 1);
            admin.alterConsumerGroupOffsets(
                            AlertDeliveryFeed.groupId(settings("c")),
                            Map.of(p0, new OffsetAndMetadata(0), p1, new OffsetAndMetadata(0)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        try (Outbox again = new Outbox("c", file)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> again.count("duplicate") == 1);
            assertThat(again.count("queued")).isZero();
            assertThat(again.store.countDeliveries("pending")).isZero();
            assertThat(again.store.countDeliveries("done")).isEqualTo(1);
        }
        assertThat(webhooks.received("/cg-3")).hasSize(1);
    }

    /** One worker's outbox: its SQLite file, the feed and a webhook deliverer. */
    private static final class Outbox implements AutoCloseable {
        final AlertStore store;
        final WorkerMetrics metrics = new WorkerMetrics();
        final AlertDeliverer deliverer;
        final Thread delivery;
        final AlertDeliveryFeed feed;

        Outbox(String group) {
            this(group, dir.resolve(group + ".db"));
        }

        Outbox(String group, Path file) {
            store = AlertStore.open(file);
            deliverer = new AlertDeliverer(
                    store,
                    new WebhookChannel(new WebhookSender(Duration.ofSeconds(5), Clock.systemUTC())),
                    new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 0.5, Math::random),
                    alertSettings(file),
                    Clock.systemUTC(),
                    metrics,
                    new HealthState());
            delivery = new Thread(deliverer, "test-delivery-" + group);
            delivery.start();
            feed = new AlertDeliveryFeed(
                            settings(group),
                            "test-" + group,
                            store,
                            a -> AlertFanOut.of(a, careCircle.current()).stream()
                                    .filter(d -> d.channel().equals(Delivery.WEBHOOK))
                                    .toList(),
                            deliverer::wake,
                            metrics,
                            Clock.systemUTC())
                    .start();
        }

        double count(String result) {
            return metrics.alertFeedRecords.labelValues(result).get();
        }

        @Override
        public void close() throws Exception {
            feed.close();
            deliverer.stop();
            delivery.join(5_000);
            store.close();
        }
    }

    private static long committedOffsets(String group) throws Exception {
        try (Admin admin = admin()) {
            return admin
                    .listConsumerGroupOffsets(AlertDeliveryFeed.groupId(settings(group)))
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS)
                    .values()
                    .stream()
                    .mapToLong(OffsetAndMetadata::offset)
                    .sum();
        }
    }

    private static Alert alert(String id, String patient, String caregiver) {
        return Alert.newBuilder()
                .setAlertId(id)
                .setPatientId(patient)
                .setEpisodeId("episode-" + id)
                .setKind(AlertKind.ALERT_KIND_FEVER)
                .setTransition(AlertTransition.ALERT_TRANSITION_RAISED)
                .setEmittedTimeUnixNs(System.currentTimeMillis() * 1_000_000L)
                .addRecipientCaregiverIds(caregiver)
                .build();
    }

    /** As the alerting commit produces it: keyed by the patient's alert topic, so one patient one partition. */
    private static ProducerRecord<String, byte[]> record(String group, Alert a) {
        return new ProducerRecord<>(
                settings(group).alertEventsTopic(), Topics.alerts(a.getPatientId()), a.toByteArray());
    }

    /** Each test its own consumer group and alert-events topic. */
    private static KafkaSettings settings(String group) {
        return new KafkaSettings(
                true,
                kafka.bootstrapServers(),
                "feed.readings",
                "feed-" + group,
                Duration.ofSeconds(6),
                1_000,
                "feed.worker-state",
                "feed-" + group + ".alert-events",
                "feed.alert-state");
    }

    private static AlertSettings alertSettings(Path file) {
        return new AlertSettings(
                file,
                AlertSettings.DEFAULT_LATE_AFTER,
                AlertSettings.DEFAULT_TICK_INTERVAL,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                AlertSettings.DEFAULT_DELIVERY_GIVE_UP_AFTER,
                Duration.ofSeconds(5),
                AlertSettings.DEFAULT_KEEP_ALERTS);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }
}
