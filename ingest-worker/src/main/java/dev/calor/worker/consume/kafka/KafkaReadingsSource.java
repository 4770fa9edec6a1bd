package dev.calor.worker.consume.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.worker.config.KafkaSettings;
import dev.calor.worker.consume.InboundMessage;
import dev.calor.worker.metrics.HealthState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's storage or alerting stage as a member of its Kafka consumer group on the readings topic. Kafka spreads the partitions
 * over the group's workers and moves a dead worker's partitions once its session times out. Each record
 * goes to the worker's pipeline as an {@link InboundMessage} whose acknowledgement (after InfluxDB accepted
 * every point and the alert state is durable) lets {@link OffsetTracker} advance; offsets are committed
 * from the poll loop, never past an unacknowledged record. When too many records are in flight the
 * partitions pause. On a rebalance the finished offsets are committed synchronously first; what was still
 * in flight is read again by the new owner (idempotent writes overwrite it).
 */
public final class KafkaReadingsSource implements Runnable, AutoCloseable, GroupOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaReadingsSource.class);
    static final String DEVICE_HEADER = "calor-device";

    private final KafkaSettings settings;
    private final String groupId;
    private volatile long assignedSinceNs = Long.MAX_VALUE;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<InboundMessage> pipeline;
    private final HealthState health;
    private final OffsetTracker tracker = new OffsetTracker();
    /** Set for the alerting group: offsets are committed by the alert pipeline's transactions. */
    private final PartitionHandover handover;

    private volatile ConsumerGroupMetadata groupMetadata;
    private final PartitionOwnership ownership = new PartitionOwnership();
    private final CountDownLatch firstAssignment = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean stopTaking;
    private Thread thread;

    /**
     * @param role {@code storage} or {@code alerting}: the consumer group is {@code {group-id}-{role}}, so
     *     storage and alerting each commit their own progress and one never waits for the other
     */
    public KafkaReadingsSource(
            KafkaSettings settings,
            String role,
            String workerId,
            Consumer<InboundMessage> pipeline,
            HealthState health) {
        this(settings, role, workerId, pipeline, health, null);
    }

    /**
     * @param handover non-null for a source whose offsets go into the pipeline's Kafka transactions
     *     ({@link KafkaAlertCommitter}): it never commits itself, and hands partitions' state over on
     *     every rebalance
     */
    public KafkaReadingsSource(
            KafkaSettings settings,
            String role,
            String workerId,
            Consumer<InboundMessage> pipeline,
            HealthState health,
            PartitionHandover handover) {
        this.handover = handover;
        this.settings = settings;
        this.groupId = settings.groupId() + "-" + role;
        this.pipeline = pipeline;
        this.health = health;
        this.consumer = consumer(settings, groupId, "calor-worker-" + workerId + "-" + role, 2_000);
    }

    /**
     * A worker's consumer: committed records only, offsets committed by the worker itself, the group's session
     * time-out from the settings.
     */
    static KafkaConsumer<String, byte[]> consumer(
            KafkaSettings settings, String groupId, String clientId, int maxPollRecords) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int)
                settings.sessionTimeout().toMillis());
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int)
                Math.max(100, settings.sessionTimeout().toMillis() / 5));
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        c.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Joins the group on its own thread. */
    public KafkaReadingsSource start() {
        thread = new Thread(this, "calor-worker-kafka");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Waits until the group gave this worker its first assignment (possibly empty). */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return firstAssignment.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String groupId() {
        return groupId;
    }

    /** Whether this member has held its current assignment for {@code settleNs} (a backlog has had time to arrive). */
    public boolean settled(long settleNs) {
        long since = assignedSinceNs;
        return since != Long.MAX_VALUE && System.nanoTime() - since >= settleNs;
    }

    public PartitionOwnership ownership() {
        return ownership;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(settings.topic()), new Rebalance());
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    hand(r);
                }
                groupMetadata = consumer.groupMetadata();
                commitFinished();
                applyBackpressure();
            }
            commitFinishedSync();
        } catch (WakeupException stopping) {
            commitFinishedSync();
        } catch (RuntimeException e) {
            LOG.error(
                    "the Kafka source stopped; its partitions go to the other workers of group '{}'",
                    settings.groupId(),
                    e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            health.shardsConnected.set(0);
        }
    }

    private void hand(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        String device = deviceOf(r);
        tracker.added(tp, r.offset());
        long offset = r.offset();
        pipeline.accept(new InboundMessage(
                r.partition(), Topics.ingest(r.partition(), device), r.value(), () -> tracker.done(tp, offset)));
    }

    /** The device id from the broker's header, else from the payload (the pipeline checks both agree). */
    private static String deviceOf(ConsumerRecord<String, byte[]> r) {
        Header h = r.headers().lastHeader(DEVICE_HEADER);
        if (h != null) {
            String id = new String(h.value(), StandardCharsets.UTF_8);
            if (Topics.isValidId(id)) {
                return id;
            }
        }
        try {
            String id = ReadingBatch.parseFrom(r.value()).getDeviceId();
            return Topics.isValidId(id) ? id : "unknown";
        } catch (InvalidProtocolBufferException e) {
            return "unknown";
        }
    }

    private void commitFinished() {
        if (handover != null) {
            return;
        }
        Map<TopicPartition, Long> ready = tracker.committable();
        if (ready.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets(ready), (done, error) -> {
            if (error == null) {
                tracker.committed(ready);
            } else {
                LOG.debug("offset commit failed (retried with the next one): {}", error.toString());
            }
        });
    }

    private void commitFinishedSync() {
        if (handover != null) {
            return;
        }
        Map<TopicPartition, Long> ready = tracker.committable();
        if (ready.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets(ready), Duration.ofSeconds(10));
            tracker.committed(ready);
        } catch (RuntimeException e) {
            LOG.warn("committing offsets {} failed: {} (those records are read again)", ready, e.toString());
        }
    }

    private void applyBackpressure() {
        if (stopTaking || tracker.outstanding() > settings.maxInFlight()) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    private static java.util.Set<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).collect(java.util.stream.Collectors.toSet());
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(Map<TopicPartition, Long> ready) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        ready.forEach((tp, o) -> out.put(tp, new OffsetAndMetadata(o)));
        return out;
    }

    /** What the pipeline finished, as offsets for {@code sendOffsetsToTransaction} (any thread). */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> transactionOffsets() {
        return offsets(tracker.committable());
    }

    /** The consumer's group generation as of its last poll or assignment (any thread). */
    @Override
    public ConsumerGroupMetadata groupMetadata() {
        return groupMetadata;
    }

    /** A transaction committed these offsets. */
    @Override
    public void committedInTransaction(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<TopicPartition, Long> o = new HashMap<>();
        offsets.forEach((tp, m) -> o.put(tp, m.offset()));
        tracker.committed(o);
    }

    /** Takes no more records (the worker is stopping and flushes what it has). */
    public void pause() {
        stopTaking = true;
    }

    /** Commits what the pipeline finished and leaves the group. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitFinishedSync();
            handOver(partitions, false);
            tracker.revoked(partitions);
            LOG.info("partitions {} revoked", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            handOver(partitions, true);
            tracker.revoked(partitions);
            LOG.warn("partitions {} lost (session expired): another worker owns them now", partitions);
        }

        private void handOver(Collection<TopicPartition> partitions, boolean lost) {
            java.util.Set<TopicPartition> remaining = new java.util.HashSet<>(consumer.assignment());
            remaining.removeAll(partitions);
            int count = consumer.partitionsFor(settings.topic()).size();
            Runnable disown = () -> owning(remaining, count);
            if (handover == null || partitions.isEmpty()) {
                disown.run();
            } else {
                handover.revoked(numbers(partitions), lost, disown);
            }
        }

        private void owning(java.util.Set<TopicPartition> assignment, int count) {
            ownership.update(assignment, count);
            health.shardsOwned.set(assignment.size());
            health.shardsConnected.set(assignment.size());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            int count = consumer.partitionsFor(settings.topic()).size();
            groupMetadata = consumer.groupMetadata();
            java.util.Set<TopicPartition> assignment = java.util.Set.copyOf(consumer.assignment());
            if (handover == null || partitions.isEmpty()) {
                owning(assignment, count);
            } else {
                // waits for offsets other workers' transactions left pending (KIP-447), then restores
                consumer.committed(java.util.Set.copyOf(partitions));
                handover.assigned(numbers(partitions), () -> owning(assignment, count));
            }
            LOG.info("partitions {} assigned; this worker owns {} of {}", partitions, assignment.size(), count);
            assignedSinceNs = System.nanoTime();
            firstAssignment.countDown();
        }
    }
}
