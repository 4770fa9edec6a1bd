package dev.calor.worker.consume.kafka;

import dev.calor.worker.config.KafkaSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting group's changelog topic: compacted, keyed by patient, with as many partitions as the
 * readings topic, so readings partition {@code k} and changelog partition {@code k} hold the same
 * patients. {@link #restore} reads a partition's committed records (read_committed: an aborted or fenced
 * transaction is never seen) up to its last stable offset; the newest record per patient wins.
 */
public final class AlertChangelog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertChangelog.class);
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOPIC_WAIT = Duration.ofSeconds(60);

    private final KafkaSettings settings;
    private final KafkaConsumer<String, byte[]> reader;

    public AlertChangelog(KafkaSettings settings, String workerId) {
        this.settings = settings;
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "calor-worker-" + workerId + "-restore");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        this.reader = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Creates the changelog topic with the readings topic's partition count and replication when it is
     * missing, and
     * refuses a changelog partitioned otherwise (states would not move with their readings).
     *
     * @return the partition count of both
     */
    public static int ensureTopic(KafkaSettings settings) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                60_000))) {
            TopicDescription readings = awaitTopic(admin, settings.topic());
            int partitions = readings.partitions().size();
            short replication = (short) readings.partitions().get(0).replicas().size();
            try {
                admin.createTopics(List.of(new NewTopic(settings.stateTopic(), partitions, replication)
                                .configs(
                                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                        .all()
                        .get(60, TimeUnit.SECONDS);
                LOG.info("created the alert-state changelog '{}' ({} partitions)", settings.stateTopic(), partitions);
            } catch (TimeoutException e) {
                throw new IllegalStateException("cannot create the changelog " + settings.stateTopic(), e);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create the changelog " + settings.stateTopic(), e);
                }
            }
            int changelog = describe(admin, settings.stateTopic()).partitions().size();
            if (changelog != partitions) {
                throw new IllegalStateException("the changelog '" + settings.stateTopic() + "' has " + changelog
                        + " partitions, the readings topic '" + settings.topic() + "' " + partitions
                        + ": they must be equal so that alert states move with their readings");
            }
            return partitions;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the Kafka topics", e);
        }
    }

    /** The broker nodes create the readings topic; a worker started first waits for it a while. */
    private static TopicDescription awaitTopic(Admin admin, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + TOPIC_WAIT.toNanos();
        while (true) {
            try {
                return describe(admin, topic);
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.info("waiting for the readings topic '{}' (created by the broker nodes)", topic);
                Thread.sleep(1_000);
            }
        }
    }

    private static TopicDescription describe(Admin admin, String topic) throws InterruptedException {
        try {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(60, TimeUnit.SECONDS)
                    .get(topic);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot describe Kafka topic '" + topic + "' at " + "the configured bootstrap servers: "
                            + (e.getCause() == null ? e : e.getCause()),
                    e);
        }
    }

    /** The newest committed entry of every patient in the given changelog partitions. */
    public Map<String, ChangelogEntry> restore(Set<Integer> partitions) {
        Map<String, ChangelogEntry> out = new HashMap<>();
        if (partitions.isEmpty()) {
            return out;
        }
        Set<TopicPartition> tps = partitions.stream()
                .map(p -> new TopicPartition(settings.stateTopic(), p))
                .collect(Collectors.toSet());
        reader.assign(tps);
        reader.seekToBeginning(tps);
        Map<TopicPartition, Long> end = reader.endOffsets(tps, RESTORE_TIMEOUT);
        long deadline = System.nanoTime() + RESTORE_TIMEOUT.toNanos();
        int records = 0;
        while (!reachedEnd(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "restoring " + tps + " did not reach " + end + " within " + RESTORE_TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
                records++;
                if (r.value() == null) {
                    out.remove(r.key());
                    continue;
                }
                try {
                    out.put(r.key(), ChangelogEntry.parse(r.value()));
                } catch (IOException | RuntimeException e) {
                    LOG.error(
                            "undecodable alert state of '{}' at {}-{}@{}: {}",
                            r.key(),
                            r.topic(),
                            r.partition(),
                            r.offset(),
                            e.toString());
                }
            }
        }
        reader.assign(List.of());
        LOG.info(
                "restored the alert state of {} patients from {} changelog records of partitions {}",
                out.size(),
                records,
                partitions);
        return out;
    }

    private boolean reachedEnd(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (reader.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        reader.close(Duration.ofSeconds(5));
    }
}
