package dev.calor.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.proto.SchemaVersions;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.testsupport.InfluxServer;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.KafkaServer;
import dev.calor.worker.config.KafkaSettings;
import dev.calor.worker.testing.TestWorkerConfig;
import dev.calor.worker.testing.WorkerRig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two worker processes in the storage and the alerting consumer groups on the readings topic: each group's
 * partitions are spread over both, every reading is stored once, and after a kill -9 of one worker the other owns every partition
 * within the session time-out and stores the rest, nothing lost. The worker killed is the one holding P-1's open
 * fever episode: the survivor restores it from the changelog and clears it, never raising it again.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KafkaWorkerGroupIT {

    private static final int PATIENTS = 12;
    private static final int PARTITIONS = 8;
    private static final int READINGS_PER_BATCH = 20;
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    private static final String TOPIC = "calor.readings";
    private static final String STORAGE = "calor-worker-storage";
    private static final String ALERTING = "calor-worker-alerting";

    @TempDir
    static Path dir;

    static WorkerRig rig;
    static KafkaServer kafka;
    static InfluxServer influx;

    @BeforeAll
    static void start() throws Exception {
        rig = WorkerRig.start(dir, PATIENTS);
        influx = rig.influx();
        // Kafka's default of 50 transaction-log partitions makes the first transaction wait for all of them
        kafka = KafkaServer.start(List.of("transaction.state.log.num.partitions=4"));
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void partitionsSpreadOverTheGroupAndMoveToTheSurvivorOfAKillNineWithNothingLost() throws Exception {
        List<Alert> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
        AlertTap tap = new AlertTap(alerts);
        JavaProcess a = worker("kafka-a");
        JavaProcess b = worker("kafka-b");
        try {
            await().atMost(Duration.ofSeconds(150))
                    .ignoreExceptions()
                    .until(() -> spreadOverBoth(partitionsByMember(STORAGE))
                            && spreadOverBoth(partitionsByMember(ALERTING)));
            Map<String, Integer> spread = partitionsByMember(STORAGE);

            Instant t0 = Instant.now().minus(Duration.ofHours(2));
            produce(t0, 0, 10);
            long first = (long) PATIENTS * 10 * READINGS_PER_BATCH;
            await().atMost(Duration.ofSeconds(60)).until(() -> stored() == first);
            await().atMost(Duration.ofSeconds(60)).until(() -> transitions(alerts, RAISED) > 0);

            // kill the worker holding P-1's open fever episode, so that the episode has to move
            boolean p1OnA = ownerOfP1().equals("calor-worker-kafka-a-alerting");
            JavaProcess victim = p1OnA ? a : b;
            String survivor = p1OnA ? "kafka-b" : "kafka-a";
            victim.kill9();
            long killedAt = System.nanoTime();
            produce(t0, 10, 10);
            await().atMost(SESSION_TIMEOUT.plusSeconds(60))
                    .ignoreExceptions()
                    .until(() -> partitionsByMember(STORAGE)
                                    .equals(Map.of("calor-worker-" + survivor + "-storage", PARTITIONS))
                            && partitionsByMember(ALERTING)
                                    .equals(Map.of("calor-worker-" + survivor + "-alerting", PARTITIONS)));
            double movedAfterS = (System.nanoTime() - killedAt) / 1e9;

            long total = 2 * first;
            await().atMost(Duration.ofSeconds(90)).until(() -> stored() == total);
            assertThat(duplicatesOrGaps()).isZero();
            await().atMost(Duration.ofSeconds(60)).until(() -> transitions(alerts, CLEARED) > 0);
            assertEpisodeMovedWithItsPartition(alerts);
            System.out.printf(
                    "kafka group: %d partitions over 2 workers %s; after kill -9 the survivor owned all %d in %.1f s"
                            + " (session time-out %d s); %d readings stored, 0 lost%n",
                    PARTITIONS, spread, PARTITIONS, movedAfterS, SESSION_TIMEOUT.toSeconds(), total);
            assertThat(movedAfterS).isLessThan(SESSION_TIMEOUT.toSeconds() + 30.0);
        } finally {
            a.close();
            b.close();
            tap.close();
        }
    }

    private static final AlertTransition RAISED = AlertTransition.ALERT_TRANSITION_RAISED;
    private static final AlertTransition CLEARED = AlertTransition.ALERT_TRANSITION_CLEARED;

    private static long transitions(List<Alert> alerts, AlertTransition t) {
        return alerts.stream()
                .filter(a -> a.getPatientId().equals("P-1") && a.getTransition() == t)
                .count();
    }

    /**
     * P-1's alerts over the kill: each published once, one episode raised (by the worker that died) and
     * closed by the survivor, which resumed it from the changelog instead of raising it again.
     */
    private static void assertEpisodeMovedWithItsPartition(List<Alert> alerts) {
        List<Alert> p1 =
                alerts.stream().filter(x -> x.getPatientId().equals("P-1")).toList();
        Map<String, Long> raisedPerEpisode = p1.stream()
                .filter(x -> x.getTransition() == RAISED)
                .collect(Collectors.groupingBy(Alert::getEpisodeId, Collectors.counting()));
        Set<String> clearedEpisodes = p1.stream()
                .filter(x -> x.getTransition() == CLEARED)
                .map(Alert::getEpisodeId)
                .collect(Collectors.toSet());
        System.out.printf(
                "alert state hand-over: %d alerts of P-1 over the kill -9 (raised %s, cleared %s)%n",
                p1.size(), raisedPerEpisode, clearedEpisodes);
        assertThat(alerts.stream().map(Alert::getAlertId).distinct().count())
                .as("every alert published once")
                .isEqualTo(alerts.size());
        assertThat(raisedPerEpisode).as("one fever episode, raised once").hasSize(1);
        assertThat(raisedPerEpisode.values()).containsOnly(1L);
        assertThat(clearedEpisodes)
                .as("the survivor closes the episode the dead worker opened")
                .isEqualTo(raisedPerEpisode.keySet());
    }

    /** The member of the alerting group that owns P-1's partition. */
    private static String ownerOfP1() throws Exception {
        int partition = org.apache.kafka.common.utils.Utils.toPositive(
                        org.apache.kafka.common.utils.Utils.murmur2("P-1".getBytes(StandardCharsets.UTF_8)))
                % PARTITIONS;
        try (Admin admin = admin()) {
            for (MemberDescription m : admin.describeConsumerGroups(List.of(ALERTING))
                    .all()
                    .get(20, TimeUnit.SECONDS)
                    .get(ALERTING)
                    .members()) {
                if (m.assignment().topicPartitions().stream().anyMatch(tp -> tp.partition() == partition)) {
                    return m.clientId();
                }
            }
        }
        throw new IllegalStateException("nobody owns P-1's partition " + partition);
    }

    /** The committed alerts the workers published for the broker nodes' relay (read_committed, from the start). */
    private static final class AlertTap implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        AlertTap(List<Alert> into) {
            consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                            ConsumerConfig.GROUP_ID_CONFIG, "test-alert-tap",
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(),
                    new ByteArrayDeserializer());
            consumer.subscribe(List.of(KafkaSettings.DEFAULT_ALERT_EVENTS_TOPIC));
            thread = new Thread(() -> {
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        try {
                            into.add(Alert.parseFrom(r.value()));
                        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
                consumer.close();
            });
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }

    /** Both workers own partitions and together all of them (a rebalance has settled). */
    private static boolean spreadOverBoth(Map<String, Integer> byMember) {
        return byMember.size() == 2
                && byMember.values().stream().allMatch(n -> n > 0)
                && byMember.values().stream().mapToInt(Integer::intValue).sum() == PARTITIONS;
    }

    private static JavaProcess worker(String id) {
        Path config = TestWorkerConfig.write(
                dir,
                id,
                rig.broker().mqttPort(),
                influx.url(),
                "kafka",
                rig.careCircle(),
                "all",
                """
                source: kafka
                kafka:
                  bootstrap-servers: %s
                  session-timeout: %ds
                """
                        .formatted(kafka.bootstrapServers(), SESSION_TIMEOUT.toSeconds()));
        return JavaProcess.start(
                "dev.calor.worker.WorkerMain",
                List.of("--config", config.toString()),
                Map.of(),
                Path.of("target", "worker-" + id + ".log"));
    }

    /** Batches {@code from}..{@code from+count-1} of every patch, keyed by its patient as the broker does. */
    private static void produce(Instant t0, int from, int count) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (int batch = from; batch < from + count; batch++) {
                for (int p = 1; p <= PATIENTS; p++) {
                    ReadingBatch.Builder b = ReadingBatch.newBuilder()
                            .setSchemaVersion(SchemaVersions.CURRENT)
                            .setDeviceId("patch-" + p)
                            .setBridgeId("bridge-test")
                            .setBatchId(batch + 1)
                            .setCreatedTimeUnixNs(nanos(Instant.now()));
                    for (int r = 0; r < READINGS_PER_BATCH; r++) {
                        int seq = batch * READINGS_PER_BATCH + r + 1;
                        Instant at = t0.plusSeconds(10L * seq);
                        boolean fever = p == 1 && seq > 60 && seq <= 240; // minutes 10 to 40
                        b.addReadings(Reading.newBuilder()
                                .setSequence(seq)
                                .setBootEpoch(1)
                                .setSampleTimeUnixNs(nanos(at))
                                .setTemperatureCelsius(p == 1 ? (fever ? 38.7 : 37.0) : 35.5)
                                .setSite(
                                        p == 1
                                                ? MeasurementSite.MEASUREMENT_SITE_CORE
                                                : MeasurementSite.MEASUREMENT_SITE_SKIN)
                                .setReceivedTimeUnixNs(nanos(at) + 1_000_000));
                    }
                    ProducerRecord<String, byte[]> record =
                            new ProducerRecord<>(TOPIC, "P-" + p, b.build().toByteArray());
                    record.headers().add("calor-device", ("patch-" + p).getBytes(StandardCharsets.UTF_8));
                    producer.send(record);
                }
            }
            producer.flush();
        }
    }

    private static long stored() {
        return influx.count("kafka", "SELECT count(celsius) FROM body_temperature");
    }

    /** Series whose count differs from the readings sent to them so far (a duplicate or a gap). */
    private static long duplicatesOrGaps() {
        long expectedPerDevice = stored() / PATIENTS;
        return influx.rows("kafka", "SELECT count(celsius) FROM body_temperature GROUP BY device_id").stream()
                .filter(row -> ((Number) row.get("count")).longValue() != expectedPerDevice)
                .count();
    }

    private static Map<String, Integer> partitionsByMember(String groupId) throws Exception {
        try (Admin admin = admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                    .all()
                    .get(20, TimeUnit.SECONDS)
                    .get(groupId);
            Map<String, Integer> out = new HashMap<>();
            for (MemberDescription m : group.members()) {
                out.merge(m.clientId(), m.assignment().topicPartitions().size(), Integer::sum);
            }
            return out;
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
