package dev.calor.broker.forward;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.builder.PublishBuilder;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers on this broker node what clients published on the others: every record of the alert-state
 * topic (published retained) and of the alert-events topic (alerts, acknowledgements; not retained) whose
 * origin is another node is published here through HiveMQ's publish service (which passes no inbound
 * interceptor, so nothing is relayed twice). Offsets are committed only after HiveMQ took every publish of
 * a poll; a node that was down delivers what it missed to the persistent sessions it kept.
 *
 * <p>The consumer group is this node's own ({@code calor-broker-relay-{node-id}}). On its first start a node
 * reads the compacted alert-state topic from the beginning, so a new node knows every patient's current
 * alert state; of the alert-events topic it takes only what comes after.
 */
final class RelayConsumer implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayConsumer.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<String, byte[]> consumer;
    private final ForwardingConfig config;
    private final PublishService publishService;
    private final ForwardMetrics metrics;
    private volatile boolean running = true;
    private Thread thread;

    RelayConsumer(
            Consumer<String, byte[]> consumer,
            ForwardingConfig config,
            PublishService publishService,
            ForwardMetrics metrics) {
        this.consumer = consumer;
        this.config = config;
        this.publishService = publishService;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(config.alertStateTopic(), config.alertEventsTopic()), new FirstStart());
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    deliver(records);
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll
        } catch (RuntimeException e) {
            LOG.error(
                    "the relay from the other broker nodes stopped: alerts published there no longer reach"
                            + " this node's clients",
                    e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void deliver(ConsumerRecords<String, byte[]> records) {
        List<CompletableFuture<Void>> published = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            first.putIfAbsent(tp, r.offset());
            next.put(tp, new OffsetAndMetadata(r.offset() + 1));
            if (ownRecord(r) || r.key() == null) {
                continue;
            }
            published.add(publishService
                    .publish(publishOf(r))
                    .whenComplete((ok, error) -> metrics.relayed(error == null ? "published" : "failed")));
        }
        try {
            CompletableFuture.allOf(published.toArray(CompletableFuture[]::new))
                    .get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            consumer.commitSync(next);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } catch (Exception e) {
            LOG.warn("relaying {} publishes failed ({}); reading them again", published.size(), e.toString());
            first.forEach(consumer::seek);
            pause();
        }
    }

    private PublishBuilder builderOf(ConsumerRecord<String, byte[]> r) {
        PublishBuilder b = Builders.publish()
                .topic(r.key())
                .qos(Qos.AT_LEAST_ONCE)
                .retain(r.topic().equals(config.alertStateTopic()))
                .payload(ByteBuffer.wrap(r.value() == null ? new byte[0] : r.value()));
        Header contentType = r.headers().lastHeader(KafkaForwarder.CONTENT_TYPE_HEADER);
        if (contentType != null) {
            b.contentType(new String(contentType.value(), StandardCharsets.UTF_8));
        }
        return b;
    }

    private com.hivemq.extension.sdk.api.services.publish.Publish publishOf(ConsumerRecord<String, byte[]> r) {
        return builderOf(r).build();
    }

    private boolean ownRecord(ConsumerRecord<String, byte[]> r) {
        Header origin = r.headers().lastHeader(KafkaForwarder.ORIGIN_HEADER);
        return origin != null && Arrays.equals(origin.value(), config.nodeId().getBytes(StandardCharsets.UTF_8));
    }

    RelayConsumer start() {
        thread = new Thread(this, "calor-kafka-relay");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Partitions of the alert-state topic this group never committed are read from the beginning. */
    private final class FirstStart implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Set<TopicPartition> state = new java.util.HashSet<>();
            for (TopicPartition tp : partitions) {
                if (tp.topic().equals(config.alertStateTopic())) {
                    state.add(tp);
                }
            }
            if (state.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(state);
            List<TopicPartition> fresh = new ArrayList<>();
            for (TopicPartition tp : state) {
                if (committed.get(tp) == null) {
                    fresh.add(tp);
                }
            }
            if (!fresh.isEmpty()) {
                consumer.seekToBeginning(fresh);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
    }
}
