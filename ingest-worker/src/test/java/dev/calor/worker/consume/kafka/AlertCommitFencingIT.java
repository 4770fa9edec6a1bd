package dev.calor.worker.consume.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.testsupport.KafkaServer;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.config.KafkaSettings;
import dev.calor.worker.consume.AlertCommitter.GroupCommit;
import dev.calor.worker.consume.InboundMessage;
import dev.calor.worker.consume.StateCommitException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * KIP-447 fencing of the alerting group's transactions against a real Kafka: a member that stopped
 * polling (a paused worker) loses its partitions to another member; its late commit of an alert, a state
 * and offsets is refused by the group coordinator, and none of it is ever visible to read_committed
 * readers (the broker nodes' relay, the changelog restore), while the new owner's commit is. A commit that
 * failed while Kafka was down goes through once Kafka is back, its alert published once.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AlertCommitFencingIT {

    private static final int PARTITIONS = 2;
    private static final String GROUP = "fencing-alerting";

    static KafkaServer kafka;
    static KafkaSettings settings;

    @BeforeAll
    static void start() throws Exception {
        // Kafka's default of 50 transaction-log partitions makes the first transaction wait for all of them
        kafka = KafkaServer.start(List.of("transaction.state.log.num.partitions=4"));
        settings = new KafkaSettings(
                true,
                kafka.bootstrapServers(),
                "fencing.readings",
                "fencing",
                Duration.ofSeconds(6),
                1_000,
                "fencing.worker-state",
                "fencing.alert-events",
                "fencing.alert-state");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic(settings.topic(), PARTITIONS, (short) 1),
                            new NewTopic(settings.alertEventsTopic(), 1, (short) 1),
                            new NewTopic(settings.alertStateTopic(), 1, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        assertThat(AlertChangelog.ensureTopic(settings)).isEqualTo(PARTITIONS);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aPausedMembersLateCommitIsRefusedAndNeverSeenWhileTheNewOwnersIs() throws Exception {
        produceReading("P-1");
        AtomicInteger fencedA = new AtomicInteger();
        try (KafkaConsumer<String, byte[]> a = member("a", Duration.ofSeconds(3));
                KafkaConsumer<String, byte[]> b = member("b", Duration.ofMinutes(5))) {
            a.subscribe(List.of(settings.topic()));
            List<ConsumerRecord<String, byte[]>> taken = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                a.poll(Duration.ofMillis(200)).forEach(taken::add);
                return !taken.isEmpty();
            });
            Offsets zombie = new Offsets(taken.get(0), a.groupMetadata());

            // a stops polling; b joins and, once a's poll interval ran out, owns every partition
            b.subscribe(List.of(settings.topic()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                b.poll(Duration.ofMillis(200));
                return b.assignment().size() == PARTITIONS;
            });
            Offsets owner = new Offsets(taken.get(0), b.groupMetadata());
            assertThat(owner.groupMetadata().generationId())
                    .isGreaterThan(zombie.groupMetadata().generationId());

            KafkaAlertCommitter late = committer(zombie, "a", fencedA);
            assertThatThrownBy(() -> late.commit(commitOf("P-1", "from-a")))
                    .isInstanceOfSatisfying(StateCommitException.class, e -> assertThat(e.fenced())
                            .isTrue());
            assertThat(fencedA).hasValue(1);

            KafkaAlertCommitter current = committer(owner, "b", new AtomicInteger());
            assertThat(current.commit(commitOf("P-1", "from-b"))).hasSize(1);
            late.close();
            current.close();

            List<String> ids = committedAlertIds();
            assertThat(ids).contains("from-b").doesNotContain("from-a");
            try (AlertChangelog changelog = new AlertChangelog(settings, "reader")) {
                Map<String, ChangelogEntry> restored = changelog.restore(Set.of(0, 1));
                assertThat(restored).containsKey("P-1");
                assertThat(restored.get("P-1").openAlerts())
                        .extracting(Alert::getAlertId)
                        .containsExactly("from-b");
            }
            TopicPartition tp =
                    new TopicPartition(taken.get(0).topic(), taken.get(0).partition());
            assertThat(b.committed(Set.of(tp)).get(tp).offset())
                    .isEqualTo(taken.get(0).offset() + 1);
        }
    }

    @Test
    void aCommitThatFailedWhileKafkaWasDownGoesThroughOnceWhenKafkaIsBack() throws Exception {
        produceReading("P-2");
        try (KafkaConsumer<String, byte[]> c = member("c", Duration.ofMinutes(5), "restart-alerting")) {
            c.subscribe(List.of(settings.topic()));
            List<ConsumerRecord<String, byte[]>> taken = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(taken::add);
                return !taken.isEmpty();
            });
            AtomicInteger fenced = new AtomicInteger();
            KafkaAlertCommitter committer = committer(new Offsets(taken.get(0), c.groupMetadata()), "c", fenced);
            assertThat(committer.commit(commitOf("P-2", "before-restart"))).hasSize(1);

            kafka.stop();
            assertThatThrownBy(() -> committer.commit(commitOf("P-2", "during-restart")))
                    .isInstanceOfSatisfying(StateCommitException.class, e -> assertThat(e.fenced())
                            .isFalse());
            kafka.restart();
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptionsInstanceOf(StateCommitException.class)
                    .until(() -> {
                        c.poll(Duration.ZERO);
                        return committer
                                        .commit(commitOf("P-2", "during-restart"))
                                        .size()
                                == 1;
                    });
            committer.close();

            assertThat(fenced).hasValue(0);
            List<String> ids = committedAlertIds();
            assertThat(ids.stream().filter("before-restart"::equals)).hasSize(1);
            assertThat(ids.stream().filter("during-restart"::equals)).hasSize(1);
        }
    }

    private static KafkaConsumer<String, byte[]> member(String id, Duration maxPollInterval) {
        return member(id, maxPollInterval, GROUP);
    }

    /** A group member as a worker's alerting consumer is configured; {@code maxPollInterval} bounds a pause. */
    private static KafkaConsumer<String, byte[]> member(String id, Duration maxPollInterval, String group) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "member-" + id);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) maxPollInterval.toMillis());
        return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaAlertCommitter committer(GroupOffsets offsets, String workerId, AtomicInteger fenced) {
        return new KafkaAlertCommitter(
                settings,
                () -> KafkaTransactions.producer(settings, "fencing-" + workerId),
                offsets,
                Clock.systemUTC(),
                PARTITIONS,
                fenced::incrementAndGet);
    }

    private static GroupCommit commitOf(String patient, String alertId) {
        Alert raised = Alert.newBuilder()
                .setAlertId(alertId)
                .setPatientId(patient)
                .setEpisodeId("episode-1")
                .setKind(AlertKind.ALERT_KIND_FEVER)
                .setTransition(AlertTransition.ALERT_TRANSITION_RAISED)
                .build();
        List<InboundMessage> none = List.of();
        return new GroupCommit(List.of(PatientAlertState.initial(patient)), List.of(raised), a -> List.of(), none, 1L);
    }

    private static List<String> committedAlertIds() throws Exception {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> r =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(settings.alertEventsTopic(), 0);
            r.assign(List.of(tp));
            r.seekToBeginning(List.of(tp));
            long end = r.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (r.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> rec : r.poll(Duration.ofMillis(200))) {
                    ids.add(Alert.parseFrom(rec.value()).getAlertId());
                }
            }
        }
        return ids;
    }

    private static void produceReading(String key) throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(settings.topic(), key, new byte[] {1})).get(30, TimeUnit.SECONDS);
        }
    }

    /** One member's view: the record it finished and the generation it saw. */
    private record Offsets(ConsumerRecord<String, byte[]> done, ConsumerGroupMetadata groupMetadata)
            implements GroupOffsets {
        @Override
        public Map<TopicPartition, OffsetAndMetadata> transactionOffsets() {
            return Map.of(new TopicPartition(done.topic(), done.partition()), new OffsetAndMetadata(done.offset() + 1));
        }

        @Override
        public void committedInTransaction(Map<TopicPartition, OffsetAndMetadata> offsets) {}
    }
}
