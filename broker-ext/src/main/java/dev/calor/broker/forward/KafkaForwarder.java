package dev.calor.broker.forward;

import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.ModifiablePublishPacket;
import dev.calor.broker.metrics.BrokerMetrics;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.ReadingBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several broker nodes: an accepted batch becomes Kafka records on the readings topic keyed by patient
 * (see {@link BatchSplitter}), and the device's PUBACK waits for Kafka's acknowledgement of all of them
 * ({@link PendingPublish}). Publishes to the patients' alert topics are delivered on this node once Kafka
 * holds them, and {@link RelayConsumer} on every other node delivers them there too.
 *
 * <p>{@code send} may block while Kafka's metadata is unknown (Kafka down): it runs on its own thread with
 * a bounded queue so HiveMQ's threads never wait; a full queue is answered 0x97 at once.
 */
public final class KafkaForwarder implements Forwarder {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaForwarder.class);
    private static final Logger FAILED = LoggerFactory.getLogger("calor.event.forward-failed");
    static final String ORIGIN_HEADER = "calor-origin";
    static final String DEVICE_HEADER = "calor-device";
    static final String CONTENT_TYPE_HEADER = "content-type";

    private final ForwardingConfig config;
    private final Producer<String, byte[]> producer;
    private final Supplier<PatientAssignments> assignments;
    private final ForwardMetrics metrics;
    private final BrokerMetrics brokerMetrics;
    private final ThreadPoolExecutor sender;
    private final byte[] origin;
    private final AutoCloseable relay;

    /** @param relay what delivers the other nodes' publishes here; closed first on {@link #close()} */
    public KafkaForwarder(
            ForwardingConfig config,
            Producer<String, byte[]> producer,
            Supplier<PatientAssignments> assignments,
            ForwardMetrics metrics,
            BrokerMetrics brokerMetrics,
            AutoCloseable relay) {
        this.config = config;
        this.relay = relay;
        this.producer = producer;
        this.assignments = assignments;
        this.metrics = metrics;
        this.brokerMetrics = brokerMetrics;
        this.origin = config.nodeId().getBytes(StandardCharsets.UTF_8);
        this.sender =
                new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.maxPending()), r -> {
                    Thread t = new Thread(r, "calor-kafka-send");
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public void readings(String deviceId, ReadingBatch batch, PublishInboundOutput output) {
        List<KeyedBatch> parts = BatchSplitter.split(batch, assignments.get());
        byte[] unchanged = bytes(output.getPublishPacket());
        PendingPublish pending = new PendingPublish(output, config.timeout(), parts.size(), false);
        for (KeyedBatch part : parts) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    config.readingsTopic(),
                    part.key(),
                    parts.size() == 1 ? unchanged : part.batch().toByteArray());
            record.headers().add(ORIGIN_HEADER, origin);
            record.headers().add(DEVICE_HEADER, deviceId.getBytes(StandardCharsets.UTF_8));
            send("readings", record, pending, true);
        }
    }

    @Override
    public boolean shares(String topic) {
        return Topics.patientOfAlerts(topic).isPresent()
                || Topics.patientOfAlertAck(topic).isPresent()
                || (topic.endsWith("/state")
                        && Topics.patientOfAlerts(topic.substring(0, topic.length() - "/state".length()))
                                .isPresent());
    }

    @Override
    public void share(String topic, PublishInboundOutput output) {
        ModifiablePublishPacket packet = output.getPublishPacket();
        boolean retained = packet.getRetain();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                retained ? config.alertStateTopic() : config.alertEventsTopic(), topic, bytes(packet));
        record.headers().add(ORIGIN_HEADER, origin);
        packet.getContentType()
                .ifPresent(ct -> record.headers().add(CONTENT_TYPE_HEADER, ct.getBytes(StandardCharsets.UTF_8)));
        PendingPublish pending = new PendingPublish(output, config.timeout(), 1, true);
        send(retained ? "alert-state" : "alert-events", record, pending, false);
    }

    private void send(String role, ProducerRecord<String, byte[]> record, PendingPublish pending, boolean reading) {
        try {
            sender.execute(() -> {
                try {
                    producer.send(record, (metadata, error) -> {
                        if (error != null) {
                            metrics.record(role, "failed");
                            FAILED.warn(
                                    "Kafka refused a record for {} (key '{}'): {}",
                                    record.topic(),
                                    record.key(),
                                    error.toString());
                            pending.failed("Kafka: " + error.getClass().getSimpleName());
                            return;
                        }
                        metrics.record(role, "acked");
                        if (pending.late()) {
                            metrics.lateAck();
                        }
                        if (pending.acked()) {
                            metrics.acked(pending.elapsedNanos());
                            if (reading) {
                                brokerMetrics.forwarded();
                            }
                        }
                    });
                } catch (RuntimeException e) {
                    metrics.record(role, "failed");
                    FAILED.warn("cannot hand a record for {} to Kafka: {}", record.topic(), e.toString());
                    pending.failed("Kafka: " + e.getClass().getSimpleName());
                }
            });
        } catch (RejectedExecutionException full) {
            metrics.record(role, "rejected");
            FAILED.warn("{} publishes already wait for Kafka; answering 0x97", config.maxPending());
            pending.failed("too many publishes waiting for Kafka");
        }
    }

    private static byte[] bytes(ModifiablePublishPacket packet) {
        ByteBuffer payload = packet.getPayload().orElse(ByteBuffer.allocate(0)).duplicate();
        byte[] out = new byte[payload.remaining()];
        payload.get(out);
        return out;
    }

    @Override
    public void close() {
        try {
            relay.close();
        } catch (Exception e) {
            LOG.debug("closing the relay: {}", e.toString());
        }
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            producer.close(java.time.Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("closing the Kafka producer: {}", e.toString());
        }
    }
}
